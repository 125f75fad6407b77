/**
 * What a provider's text may carry into what n8n shows (output items, error messages and
 * descriptions, logs). A hostile or misconfigured host (a proxy, a WAF page, an echo) can put
 * anything in a reply, including the request's own headers. Two rules:
 *
 * 1. The credential's secrets (the fields its provider declares secret) are removed from every
 *    reply body before anything reads it, in any letter case, so no structured field, `raw` or
 *    message can carry them. Values shorter than MIN_SECRET_LENGTH cannot be told apart from
 *    ordinary data (and are no real key), so they are left alone.
 * 2. Free text (a provider failure's message, description, field and codes) also loses every
 *    stand-alone run of 32 or more hexadecimal digits: the shape of an API key, an HMAC or a
 *    signature of any account. Structured fields keep theirs: a transaction hash in `txHash`,
 *    `raw.tx_hash` or `raw.txid` is data, and an 0x-prefixed EVM address is not stand-alone.
 */

export const REDACTED = '[redacted]';
export const MIN_SECRET_LENGTH = 8;

/** A stand-alone run of 32+ hex digits: not inside a longer word, not after "0x". */
const HEX_RUN = /(?<![0-9A-Za-z])[0-9A-Fa-f]{32,}(?![0-9A-Za-z])/g;

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One pattern for these secret values (any letter case, longest first), or undefined for none. */
export function secretPattern(values: readonly unknown[]): RegExp | undefined {
	const texts = new Set<string>();
	for (const value of values) {
		if (typeof value === 'string' && value.length >= MIN_SECRET_LENGTH) texts.add(value);
	}
	if (texts.size === 0) return undefined;
	const alternatives = [...texts].sort((a, b) => b.length - a.length).map(escapeRegExp);
	return new RegExp(alternatives.join('|'), 'gi');
}

/** Rule 1: `text` without the secrets `pattern` matches. */
export function redactSecrets(text: string, pattern: RegExp | undefined): string {
	if (pattern === undefined || text === '') return text;
	pattern.lastIndex = 0;
	return text.replace(pattern, REDACTED);
}

/**
 * Rule 1 on a parsed reply: every string and key. Needed only when the text had escapes (a JSON
 * `\u0041` spells a secret the text-level pass cannot see); returns the same value otherwise.
 */
export function redactParsed<T>(value: T, pattern: RegExp | undefined): T {
	if (pattern === undefined) return value;
	if (typeof value === 'string') return redactSecrets(value, pattern) as T;
	if (Array.isArray(value)) return value.map((entry: unknown) => redactParsed(entry, pattern)) as T;
	if (
		value === null ||
		typeof value !== 'object' ||
		Object.getPrototypeOf(value) !== Object.prototype
	)
		return value;
	const out: Record<string, unknown> = {};
	for (const [key, entry] of Object.entries(value)) {
		// An own property even for "__proto__", as the lossless parser makes it.
		Object.defineProperty(out, redactSecrets(key, pattern), {
			value: redactParsed(entry, pattern),
			enumerable: true,
			writable: true,
			configurable: true,
		});
	}
	return out as T;
}

/** Rule 2: free text without anything shaped like a hex key. */
export function redactHexRuns(text: string): string {
	return text.replace(HEX_RUN, REDACTED);
}

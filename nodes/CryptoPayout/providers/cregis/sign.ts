import { createHash, randomInt } from 'crypto';

/**
 * Cregis request and callback signature (see the Cregis reference, "Signature"):
 * drop `sign` and every null/undefined/empty value, sort the keys by code unit (never
 * localeCompare), concatenate key+value with no separators, prepend the API key, md5, lowercase hex.
 *
 * Values are taken as their exact text: int64 fields arrive here as digit strings (or safe
 * numbers), so a 19-digit `cid` is signed with every digit. `0` and whitespace are signed as is.
 */
export function buildCregisSigningString(fields: Record<string, unknown>): string {
	return Object.keys(fields)
		.filter((key) => key !== 'sign' && !isEmptyForSigning(fields[key]))
		.sort()
		.map((key) => key + signingText(fields[key]))
		.join('');
}

export function signCregisBody(fields: Record<string, unknown>, apiKey: string): string {
	return createHash('md5')
		.update(apiKey + buildCregisSigningString(fields), 'utf8')
		.digest('hex');
}

function isEmptyForSigning(value: unknown): boolean {
	return value === null || value === undefined || signingText(value) === '';
}

function signingText(value: unknown): string {
	if (typeof value === 'object' && value !== null) {
		// Cregis payout endpoints carry no nested values; refuse rather than sign "[object Object]".
		if ('literal' in value && typeof (value as { literal: unknown }).literal === 'string') {
			return (value as { literal: string }).literal;
		}
		throw new TypeError('Cregis signing does not support nested objects');
	}
	return String(value);
}

const NONCE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A fresh 6-character nonce from the CSPRNG, [A-Za-z0-9] as the official SDKs make it. */
export function createCregisNonce(): string {
	let nonce = '';
	for (let i = 0; i < 6; i++) nonce += NONCE_ALPHABET[randomInt(NONCE_ALPHABET.length)];
	return nonce;
}

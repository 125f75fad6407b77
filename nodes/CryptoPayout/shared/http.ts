/**
 * Every provider call goes through n8n's httpRequestWithAuthentication (the credential adds the
 * key or the signature) and comes back here as status + headers + raw text, so amounts and ids
 * can be parsed losslessly and every failure is classified by what it means for the money:
 *
 * - not sent (connection refused, DNS): nothing reached the provider, safe to try again;
 * - rejected unprocessed (429): the provider says it did nothing, safe to try again later;
 * - maybe sent (timeout, reset, dropped connection, and on a create a redirect, 408 or 499): the
 *   provider may have acted. A create is then reported `unknown` and never sent again.
 *
 * A read (`idempotent: true`) changes nothing, so its failures say what could not be read, never
 * that a request "may have been received": that wording is for creates.
 *
 * Hostile hosts: redirects are never followed (the key and the body go to the Base URL and
 * nowhere else), and the credential's secrets are removed from every reply before anything reads
 * it (shared/redact.ts).
 */
import type {
	ICredentialsDecrypted,
	IDataObject,
	IHttpRequestMethods,
	IHttpRequestOptions,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { ProviderCallContext } from './call-context';
import { isPayoutFailure, PayoutFailure } from './errors';
import { loadOnce, parseUrl } from './once';
import { redactSecrets, secretPattern } from './redact';

/** The credential a provider's requests use. */
export interface ProviderCredential {
	/** The n8n credential type's name. */
	readonly type: string;
	/** Its fields that hold secrets (its password fields): removed from every reply. */
	readonly secretFields: readonly string[];
}

export interface ProviderHttpRequest {
	method: IHttpRequestMethods;
	/** Path relative to the credential's Base URL. */
	url: string;
	/** A pre-serialized JSON string (sent verbatim) or an object the credential serializes. */
	body?: string | IDataObject;
	qs?: IDataObject;
	/**
	 * True for reads: a GET changes nothing, so a timeout or a 5xx may be retried too.
	 * Never true for a create.
	 */
	idempotent?: boolean;
}

export interface ProviderHttpResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	/** The reply's text, without the credential's secrets. */
	body: string;
	/** The credential's secrets, for parseReplyObject to remove from escaped JSON strings too. */
	secrets?: RegExp;
}

export type TransportPhase = 'not-sent' | 'maybe-sent';

/** The request failed below HTTP. `phase` says whether the provider may have received it. */
export class TransportFailure extends Error {
	constructor(
		readonly phase: TransportPhase,
		readonly code: string,
		message: string,
	) {
		super(message);
		this.name = 'TransportFailure';
	}
}

/** Error codes that mean the request never left this machine or never reached a server. */
const NOT_SENT_CODES = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'ENETUNREACH',
	'EHOSTUNREACH',
	'ERR_INVALID_URL',
]);

/**
 * On a create, replies that say nothing about the payout although the request may have been
 * processed: a redirect (the node never follows one), 408 Request Timeout and 499 Client Closed
 * Request (a proxy gave up waiting while the provider may still have worked).
 */
function isAmbiguousCreateStatus(statusCode: number): boolean {
	return (statusCode >= 300 && statusCode < 400) || statusCode === 408 || statusCode === 499;
}

/** On a read, statuses worth another try, like a 5xx. */
function isRetryableReadStatus(statusCode: number): boolean {
	return statusCode >= 500 || statusCode === 408 || statusCode === 499;
}

export const RETRY_POLICY = {
	attempts: 3,
	baseDelayMs: 250,
	/** A Retry-After longer than this is not waited for; the 429 is reported instead. */
	maxWaitMs: 60_000,
};

export async function sendProviderRequest(
	call: ProviderCallContext,
	credential: ProviderCredential,
	request: ProviderHttpRequest,
): Promise<ProviderHttpResponse> {
	const { decrypted, secrets } = await executionCredential(
		call,
		credential,
		request.idempotent === true,
	);
	const options: IHttpRequestOptions = {
		method: request.method,
		url: request.url,
		qs: request.qs,
		body: request.body,
		headers:
			typeof request.body === 'string'
				? { 'content-type': 'application/json', accept: 'application/json' }
				: { accept: 'application/json' },
		encoding: 'text',
		json: false,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		// A redirect would carry the key (and a create's body) to wherever the host points.
		disableFollowRedirect: true,
		timeout: call.timeoutMs,
	};
	for (let attempt = 1; ; attempt++) {
		let response: ProviderHttpResponse;
		await call.pacer.acquire();
		if (call.cancelSignal?.aborted) {
			// Checked after the pacing wait, right before the request: a stopped execution sends nothing more.
			throw new TransportFailure(
				'not-sent',
				'ECANCELED',
				'The execution was stopped before this request was sent; nothing was sent.',
			);
		}
		try {
			const full = (await call.ctx.helpers.httpRequestWithAuthentication.call(
				call.ctx,
				credential.type,
				{
					...options,
					headers: { ...options.headers },
				},
				{ credentialsDecrypted: decrypted },
			)) as { statusCode: number; headers: Record<string, unknown>; body: unknown };
			response = {
				statusCode: full.statusCode,
				headers: full.headers ?? {},
				body: redactSecrets(bodyText(full.body), secrets),
				secrets,
			};
		} catch (error) {
			const failure = classifyRequestError(error, request.idempotent === true ? 'read' : 'create');
			const retryable =
				failure instanceof TransportFailure &&
				(failure.phase === 'not-sent' || request.idempotent === true);
			if (retryable && attempt < RETRY_POLICY.attempts) {
				await sleep(backoffMs(attempt));
				continue;
			}
			throw failure;
		}
		if (response.statusCode >= 300 && response.statusCode < 400 && request.idempotent) {
			throw redirectedRead(response);
		}
		if (!request.idempotent && isAmbiguousCreateStatus(response.statusCode)) {
			throw ambiguousCreateReply(response.statusCode);
		}
		if (
			request.idempotent &&
			isRetryableReadStatus(response.statusCode) &&
			attempt < RETRY_POLICY.attempts
		) {
			await sleep(backoffMs(attempt));
			continue;
		}
		if (response.statusCode === 429 && attempt < RETRY_POLICY.attempts) {
			const waitMs = retryAfterMs(response.headers) ?? backoffMs(attempt);
			if (waitMs <= RETRY_POLICY.maxWaitMs) {
				// The whole batch waits, not only this item: the limit is the account's.
				call.pacer.pause(waitMs);
				continue;
			}
		}
		return response;
	}
}

/** The execution's credential, read once: handed to n8n with each request, and its secrets as one pattern. */
interface ExecutionCredential {
	decrypted: ICredentialsDecrypted;
	secrets?: RegExp;
}

/**
 * The credential, read (and decrypted) once per execution: the call's cache. n8n's
 * httpRequestWithAuthentication would otherwise read it again for every request (a database read,
 * a decryption and the resolution of its fields, about a third of a millisecond of CPU each time);
 * given `credentialsDecrypted`, it uses this copy and still runs the credential's own
 * authenticate() on every request. Read before sending: a credential n8n cannot give means
 * nothing was sent.
 */
async function executionCredential(
	call: ProviderCallContext,
	credential: ProviderCredential,
	read: boolean,
): Promise<ExecutionCredential> {
	const loaded = await loadOnce(call.cache, `transport:credential:${credential.type}`, async () => {
		const data = await call.ctx.getCredentials(credential.type, call.itemIndex);
		const selected = call.ctx.getNode().credentials?.[credential.type];
		return {
			decrypted: {
				id: selected?.id ?? '',
				name: selected?.name ?? '',
				type: credential.type,
				data,
			},
			secrets: credential.secretFields.length
				? secretPattern(credential.secretFields.map((field) => data[field]))
				: undefined,
		};
	}).then(
		(value) => ({ value }),
		(error: unknown) => ({ error }),
	);
	if ('value' in loaded) return loaded.value;
	const reason =
		loaded.error instanceof Error ? loaded.error.message.slice(0, 200) : 'unknown error';
	throw new PayoutFailure(
		'CREDENTIAL_UNAVAILABLE',
		`${read ? 'Could not read from the provider: ' : ''}n8n could not use the node's credential (${reason}); nothing was sent.`,
		{
			kind: 'configuration',
			description: "Select the provider's credential on the node, then try again.",
		},
	);
}

/** A create answered by a redirect, 408 or 499: the provider may have received it. */
function ambiguousCreateReply(statusCode: number): TransportFailure {
	const what =
		statusCode === 408
			? 'HTTP 408 (request timeout)'
			: statusCode === 499
				? 'HTTP 499 (client closed request)'
				: `a redirect (HTTP ${statusCode}), which the node never follows: neither the key nor the payout went to another address`;
	return new TransportFailure(
		'maybe-sent',
		`HTTP_${statusCode}`,
		`The provider's host answered with ${what}; the request may have been received.`,
	);
}

/** A read answered by a redirect: an error that says where the host pointed, and that the key stayed. */
function redirectedRead(response: ProviderHttpResponse): PayoutFailure {
	const location = response.headers.location;
	const target =
		typeof location === 'string' ? parseUrl(redactSecrets(location, response.secrets)) : undefined;
	return new PayoutFailure(
		'PROVIDER_REDIRECTED',
		`Could not read from the provider: its host answered with a redirect (HTTP ${response.statusCode}${target ? ` to ${target.host}` : ''}). Redirects are never followed, so the key was not sent there.`,
		{
			kind: 'provider',
			httpCode: response.statusCode,
			description:
				"Check the credential's Base URL: it must be the provider's API address itself, not one that forwards elsewhere.",
		},
	);
}

function bodyText(body: unknown): string {
	if (typeof body === 'string') return body;
	if (body === undefined || body === null) return '';
	if (Buffer.isBuffer(body)) return body.toString('utf8');
	// Should not happen with encoding 'text'; never stringify through a float-lossy path silently.
	return JSON.stringify(body);
}

function backoffMs(attempt: number): number {
	return RETRY_POLICY.baseDelayMs * 2 ** (attempt - 1);
}

export function retryAfterMs(headers: Record<string, unknown>): number | undefined {
	const value = headers['retry-after'] ?? headers['Retry-After'];
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const text = String(value).trim();
	if (/^\d+$/.test(text)) return Number(text) * 1000;
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/**
 * Unwraps what httpRequestWithAuthentication threw. Our own failures (an insecure Base URL
 * refused by the credential) pass through; everything else becomes a TransportFailure whose
 * message carries no request details (they would include the key header). `purpose` words the
 * message: a read says what could not be read; only a create may "have been received".
 */
export function classifyRequestError(
	error: unknown,
	purpose: 'read' | 'create' = 'create',
): PayoutFailure | TransportFailure {
	const chain: unknown[] = [];
	for (
		let current: unknown = error;
		current && chain.length < 5;
		current = (current as { cause?: unknown }).cause
	) {
		chain.push(current);
		if (isPayoutFailure(current)) return current;
	}
	const code =
		chain
			.map((entry) => (entry as { code?: unknown }).code)
			.find((value): value is string => typeof value === 'string' && /^E[A-Z_]+$/.test(value)) ??
		'EUNKNOWN';
	const invalidUrl = chain.some(
		(entry) => entry instanceof Error && /invalid url/i.test(entry.message),
	);
	if (NOT_SENT_CODES.has(code) || invalidUrl) {
		return new TransportFailure(
			'not-sent',
			code,
			purpose === 'read'
				? `Could not read from the provider: it could not be reached (${code}); nothing was sent.`
				: `Could not reach the provider (${code}); nothing was sent.`,
		);
	}
	const timedOut = code === 'ECONNABORTED' || code === 'ETIMEDOUT';
	if (purpose === 'read') {
		// No socket error: n8n itself refused before sending (no credential of this type on the
		// node, one it cannot find, a restricted type). That is no connection problem.
		const refusal = code === 'EUNKNOWN' ? chain.find(isN8nRefusal) : undefined;
		if (refusal) {
			const aboutCredential = /credential/i.test(refusal.message);
			return new PayoutFailure(
				aboutCredential ? 'CREDENTIAL_UNAVAILABLE' : 'REQUEST_NOT_SENT',
				`Could not read from the provider: ${aboutCredential ? "n8n could not use the node's credential" : 'n8n did not send the request'} (${refusal.message.slice(0, 200)}); nothing was sent.`,
				{
					kind: 'configuration',
					description: aboutCredential
						? "Select the provider's credential on the node, then try again."
						: undefined,
				},
			);
		}
		return new TransportFailure(
			'maybe-sent',
			code,
			timedOut
				? 'Could not read from the provider: it did not answer in time. A read changes nothing; try again.'
				: `Could not read from the provider: the connection broke (${code}). A read changes nothing; try again.`,
		);
	}
	return new TransportFailure(
		'maybe-sent',
		code,
		timedOut
			? 'The provider did not answer in time; the request may have been received.'
			: `The connection to the provider broke (${code}); the request may have been received.`,
	);
}

/** n8n's own refusal (thrown before any request), e.g. "Node does not have any credentials set". */
function isN8nRefusal(entry: unknown): entry is Error {
	return (
		entry instanceof Error &&
		(entry.name === 'NodeOperationError' || /credential/i.test(entry.message))
	);
}

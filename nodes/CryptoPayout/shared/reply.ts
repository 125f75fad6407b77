/**
 * What a create reply means for the money, shared by every provider: a provider decides what a
 * parsed JSON reply says; this module settles the replies that carry no clear answer.
 */
import type { IDataObject } from 'n8n-workflow';

import { PayoutFailure } from './errors';
import type { ProviderHttpResponse } from './http';
import { parseJsonLossless } from './json';
import { redactParsed } from './redact';

/** The reply's JSON object, or undefined when the body is not a JSON object (HTML, truncated…). */
export function parseReplyObject(response: ProviderHttpResponse): IDataObject | undefined {
	const text = response.body.trim();
	if (!text.startsWith('{')) return undefined;
	try {
		let value = parseJsonLossless(text);
		// An escape (\u0041…) can spell a secret the transport could not see in the text.
		if (text.includes('\\')) value = redactParsed(value, response.secrets);
		return value && typeof value === 'object' && !Array.isArray(value)
			? (value as IDataObject)
			: undefined;
	} catch {
		return undefined;
	}
}

/**
 * A create reply without a parseable answer: 5xx and unparseable 2xx may have been processed
 * (returns 'unknown'); a 4xx, including a CDN's HTML 403, was refused before any payout existed.
 */
export function outcomeOfUnclearReply(
	response: ProviderHttpResponse,
	providerName: string,
): 'unknown' | PayoutFailure {
	const { statusCode } = response;
	if (statusCode === 429) {
		return new PayoutFailure(
			'RATE_LIMITED',
			`${providerName} is rate limiting requests (HTTP 429); this payout was not sent.`,
			{
				kind: 'provider',
				httpCode: statusCode,
				description: 'Lower Requests Per Second or Concurrency, then run the failed items again.',
			},
		);
	}
	if (statusCode >= 400 && statusCode < 500) {
		return new PayoutFailure(
			'HTTP_' + statusCode,
			`${providerName} refused the request with HTTP ${statusCode} and no readable answer; no payout was created.`,
			{
				kind: 'provider',
				httpCode: statusCode,
				description:
					statusCode === 401 || statusCode === 403
						? `Check the credential's key, and that this n8n server's outbound IP is on ${providerName}'s allow list (a firewall in front of ${providerName} may answer 403).`
						: `Check the credential's Base URL: it should point at the ${providerName} API.`,
			},
		);
	}
	return 'unknown';
}

/** Reads (get, list, currency lists) have one rule: a reply without a usable answer is an error. */
export function readFailure(providerName: string, response: ProviderHttpResponse): PayoutFailure {
	return new PayoutFailure(
		'PROVIDER_UNAVAILABLE',
		`${providerName} did not give a readable answer (HTTP ${response.statusCode}).`,
		{
			kind: 'provider',
			httpCode: response.statusCode,
			description: "Try again later. If it persists, check the credential's Base URL.",
		},
	);
}

export function replyObjectOrFail(
	providerName: string,
	response: ProviderHttpResponse,
): IDataObject {
	const envelope = parseReplyObject(response);
	if (!envelope) throw readFailure(providerName, response);
	return envelope;
}

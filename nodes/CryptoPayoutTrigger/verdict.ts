import type { IDataObject } from 'n8n-workflow';

import type { NormalizedPayout } from '../CryptoPayout/providers/types';
import { parseJsonLossless } from '../CryptoPayout/shared/json';

/** A callback that passed every check: what to emit and what identifies the delivery. */
export interface AcceptedCallback {
	accepted: true;
	provider: 'oxapay' | 'cregis';
	payoutId: string;
	/** The provider's status text, as received. */
	status: string;
	payout: NormalizedPayout;
}

/**
 * A refused callback. `reason` is the short plain-text reply body: it never carries a secret, the
 * expected signature or any part of the request.
 */
export interface RefusedCallback {
	accepted: false;
	httpCode: 400 | 401 | 415 | 500;
	reason: string;
}

export type CallbackVerdict = AcceptedCallback | RefusedCallback;

export const refuse = (httpCode: RefusedCallback['httpCode'], reason: string): RefusedCallback => ({
	accepted: false,
	httpCode,
	reason,
});

export function isPlainObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The body as text for parsing (UTF-8; a leading byte-order mark dropped, as n8n's own parser does). */
export function bodyText(rawBody: Buffer): string {
	const text = rawBody.toString('utf8');
	return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The body as a JSON object (big ints kept whole), or the refusal to answer when it is not one. */
export function parseCallbackObject(rawBody: Buffer): { body: IDataObject } | { refusal: RefusedCallback } {
	let body: unknown;
	try {
		body = parseJsonLossless(bodyText(rawBody));
	} catch {
		return { refusal: refuse(400, 'Body is not JSON') };
	}
	return isPlainObject(body) ? { body } : { refusal: refuse(400, 'Body is not a JSON object') };
}

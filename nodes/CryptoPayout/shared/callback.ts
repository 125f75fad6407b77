/**
 * What every provider's status-callback check needs, whatever its signature scheme: the refusal
 * shape the trigger answers with, and the body read as one JSON object. Provider-neutral on
 * purpose (shared/ never imports providers/), so each provider's callback.ts builds on it.
 */
import type { IDataObject } from 'n8n-workflow';

import { parseJsonLossless } from './json';

/**
 * A refused callback. `reason` is the short plain-text reply body: it never carries a secret, the
 * expected signature or any part of the request.
 */
export interface RefusedCallback {
	accepted: false;
	httpCode: 400 | 401 | 415 | 500;
	reason: string;
}

export const refuse = (httpCode: RefusedCallback['httpCode'], reason: string): RefusedCallback => ({
	accepted: false,
	httpCode,
	reason,
});

/** The reply when the credential lacks a field the signature check needs. */
export const CREDENTIAL_NOT_SET_UP = 'Trigger credential is not set up';

export function isPlainObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A credential field as text ('' when absent), so a missing key refuses instead of throwing. */
export function credentialText(value: unknown): string {
	return typeof value === 'string'
		? value
		: value === undefined || value === null
			? ''
			: String(value);
}

/** The body as text for parsing (UTF-8; a leading byte-order mark dropped, as n8n's own parser does). */
export function bodyText(rawBody: Buffer): string {
	const text = rawBody.toString('utf8');
	return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The body as a JSON object (big ints kept whole), or the refusal to answer when it is not one. */
export function parseCallbackObject(
	rawBody: Buffer,
): { body: IDataObject } | { refusal: RefusedCallback } {
	let body: unknown;
	try {
		body = parseJsonLossless(bodyText(rawBody));
	} catch {
		return { refusal: refuse(400, 'Body is not JSON') };
	}
	return isPlainObject(body) ? { body } : { refusal: refuse(400, 'Body is not a JSON object') };
}

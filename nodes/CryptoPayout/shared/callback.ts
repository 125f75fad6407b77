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
	httpCode: 400 | 401 | 413 | 415 | 500;
	reason: string;
}

export const refuse = (httpCode: RefusedCallback['httpCode'], reason: string): RefusedCallback => ({
	accepted: false,
	httpCode,
	reason,
});

/**
 * The largest callback body the trigger reads, in bytes. Genuine payout callbacks are under 2 KB
 * (OxaPay about 400 bytes, Cregis about 700); anything near this is not one, and is refused with
 * 413 before any provider code runs.
 */
export const MAX_CALLBACK_BYTES = 64 * 1024;

/**
 * The most keys (at any depth) a callback body may have before it is parsed: Cregis signs over
 * every field, so its body is parsed before the signature can be checked, and a body of many tiny
 * keys is the costly kind. Cregis sends 17 fields today, OxaPay 11.
 */
export const MAX_CALLBACK_FIELDS = 100;

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

/**
 * Whether the JSON text has more than `limit` object keys, counted without parsing: every key is
 * followed by a `:` outside a string. One pass over the bytes, stopping at the limit.
 */
export function hasMoreKeysThan(rawBody: Buffer, limit: number): boolean {
	let keys = 0;
	let inString = false;
	for (let i = 0; i < rawBody.length; i++) {
		const byte = rawBody[i];
		if (inString) {
			if (byte === 0x5c)
				i++; // backslash: the next byte is escaped
			else if (byte === 0x22) inString = false;
		} else if (byte === 0x22) {
			inString = true;
		} else if (byte === 0x3a && ++keys > limit) {
			return true;
		}
	}
	return false;
}

/**
 * The body as a JSON object (big ints kept whole), or the refusal to answer when it is not one. A
 * body with more than MAX_CALLBACK_FIELDS keys is refused (413) before it is parsed.
 */
export function parseCallbackObject(
	rawBody: Buffer,
): { body: IDataObject } | { refusal: RefusedCallback } {
	if (hasMoreKeysThan(rawBody, MAX_CALLBACK_FIELDS))
		return { refusal: refuse(413, 'Too many fields') };
	let body: unknown;
	try {
		body = parseJsonLossless(bodyText(rawBody));
	} catch {
		return { refusal: refuse(400, 'Body is not JSON') };
	}
	return isPlainObject(body) ? { body } : { refusal: refuse(400, 'Body is not a JSON object') };
}

/**
 * OxaPay payout callbacks (OxaPay reference §5): header `HMAC` = hex HMAC-SHA512 of the raw POST
 * body, keyed with the Payout API key. The MAC is checked over the exact bytes received, before
 * anything is parsed, and compared in constant time.
 */
import { createHmac, timingSafeEqual } from 'crypto';

import { normalizeOxaPayPayout } from '../CryptoPayout/providers/oxapay/payout';
import { idText } from '../CryptoPayout/shared/output';
import { parseCallbackObject, refuse, type CallbackVerdict } from './verdict';

const HMAC_HEX = /^[0-9a-fA-F]{128}$/;

export function oxaPaySignatureValid(rawBody: Buffer, signature: string | undefined, apiKey: string): boolean {
	if (signature === undefined) return false;
	const provided = signature.trim();
	if (!HMAC_HEX.test(provided)) return false;
	const expected = createHmac('sha512', apiKey).update(rawBody).digest();
	const received = Buffer.from(provided, 'hex');
	return received.length === expected.length && timingSafeEqual(received, expected);
}

export function verifyOxaPayCallback(rawBody: Buffer, signature: string | undefined, apiKey: string): CallbackVerdict {
	if (signature === undefined) return refuse(401, 'Missing signature');
	if (!oxaPaySignatureValid(rawBody, signature, apiKey)) return refuse(401, 'Invalid signature');

	const parsed = parseCallbackObject(rawBody);
	if ('refusal' in parsed) return parsed.refusal;
	const { body } = parsed;
	// Payment callbacks (invoice, static_address, ...) are signed with the Merchant key; only payouts belong here.
	if (typeof body.type !== 'string' || body.type.trim().toLowerCase() !== 'payout') {
		return refuse(400, 'Not a payout callback');
	}
	const payoutId = idText(body.track_id);
	const status = typeof body.status === 'string' ? body.status.trim() : '';
	if (payoutId === null || status === '') return refuse(400, 'Missing track_id or status');

	return {
		accepted: true,
		provider: 'oxapay',
		payoutId,
		status,
		payout: normalizeOxaPayPayout(body, 'callback'),
	};
}

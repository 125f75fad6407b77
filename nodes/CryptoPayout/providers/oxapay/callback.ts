/**
 * OxaPay payout callbacks (OxaPay reference §5): header `HMAC` = hex HMAC-SHA512 of the raw POST
 * body, keyed with the Payout API key. The MAC is checked over the exact bytes received, before
 * anything is parsed, and compared in constant time.
 *
 * No age check: OxaPay documents no send time or nonce for callbacks (`date` is the payout's
 * timestamp), and it retries for about 3.5 hours. Replays are stopped by the trigger's record of
 * every (payout, status) it ran, which keeps every entry, so nothing is older than what it retains.
 */
import { createHmac, timingSafeEqual } from 'crypto';

import {
	credentialText,
	CREDENTIAL_NOT_SET_UP,
	parseCallbackObject,
	refuse,
} from '../../shared/callback';
import { idText } from '../../shared/output';
import type { CallbackVerdict, PayoutCallbacks } from '../callback-types';
import { normalizeOxaPayPayout } from './payout';

const HMAC_HEX = /^[0-9a-fA-F]{128}$/;

export function oxaPaySignatureValid(
	rawBody: Buffer,
	signature: string | undefined,
	apiKey: string,
): boolean {
	if (signature === undefined) return false;
	const provided = signature.trim();
	if (!HMAC_HEX.test(provided)) return false;
	const expected = createHmac('sha512', apiKey).update(rawBody).digest();
	const received = Buffer.from(provided, 'hex');
	return received.length === expected.length && timingSafeEqual(received, expected);
}

export function verifyOxaPayCallback(
	rawBody: Buffer,
	signature: string | undefined,
	apiKey: string,
): CallbackVerdict {
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
		payoutId,
		status,
		payout: normalizeOxaPayPayout(body, 'callback'),
	};
}

export const oxaPayCallbacks: PayoutCallbacks = {
	ackText: 'ok',

	verify(delivery) {
		const apiKey = credentialText(delivery.credentials.apiKey);
		if (apiKey === '') return refuse(500, CREDENTIAL_NOT_SET_UP);
		return verifyOxaPayCallback(delivery.rawBody, delivery.header('hmac'), apiKey);
	},
};

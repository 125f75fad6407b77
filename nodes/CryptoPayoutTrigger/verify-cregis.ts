/**
 * Cregis payout callbacks (Cregis reference §2 and §5): `sign` is the request signature over
 * EVERY other received field, whatever its name, so fields Cregis adds later (cid, memo, ...) are
 * covered without a code change. The body is parsed losslessly: an int64 such as a 19-digit `cid`
 * stays the exact digit text it was signed as. Then the project id must be ours and the timestamp
 * fresh. MD5 with a key prefix gives no replay protection of its own; the freshness window does,
 * together with the trigger's (payout id, status) de-duplication.
 */
import { timingSafeEqual } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { normalizeCregisPayout } from '../CryptoPayout/providers/cregis/payout';
import { signCregisBody } from '../CryptoPayout/providers/cregis/sign';
import { idText } from '../CryptoPayout/shared/output';
import { parseCallbackObject, refuse, type CallbackVerdict } from './verdict';

const SIGN_HEX = /^[0-9a-fA-F]{32}$/;
const DIGITS = /^\d+$/;
/** Clock skew tolerated for a timestamp in the future. */
export const CREGIS_MAX_FUTURE_SKEW_MS = 60_000;

export interface CregisCallbackCheck {
	apiKey: string;
	projectId: string;
	/** Current time, ms. */
	now: number;
	/** Oldest accepted timestamp age, ms. */
	maxAgeMs: number;
}

function isScalar(value: unknown): boolean {
	return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

/** An integer field as digits: a safe number, or the exact digit text the parser kept. */
function integerText(value: unknown): string | null {
	if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? String(value) : null;
	if (typeof value === 'string' && DIGITS.test(value.trim())) return value.trim();
	return null;
}

export function cregisSignatureValid(fields: IDataObject, apiKey: string): boolean {
	const sign = fields.sign;
	if (typeof sign !== 'string' || !SIGN_HEX.test(sign)) return false;
	const expected = Buffer.from(signCregisBody(fields, apiKey), 'hex');
	const received = Buffer.from(sign.toLowerCase(), 'hex');
	return received.length === expected.length && timingSafeEqual(received, expected);
}

export function verifyCregisCallback(rawBody: Buffer, check: CregisCallbackCheck): CallbackVerdict {
	const parsed = parseCallbackObject(rawBody);
	if ('refusal' in parsed) return parsed.refusal;
	const { body } = parsed;
	// Cregis payout callbacks carry scalars only; the signature rule has no form for nested values.
	if (!Object.values(body).every(isScalar)) return refuse(400, 'Nested values are not supported');

	if (body.sign === undefined || body.sign === null || body.sign === '') return refuse(401, 'Missing signature');
	if (!cregisSignatureValid(body, check.apiKey)) return refuse(401, 'Invalid signature');

	const pid = integerText(body.pid);
	if (pid === null || pid !== check.projectId.trim()) return refuse(401, 'Unknown project');

	const timestamp = integerText(body.timestamp);
	const sentAt = timestamp === null ? NaN : Number(timestamp);
	if (!(sentAt >= check.now - check.maxAgeMs && sentAt <= check.now + CREGIS_MAX_FUTURE_SKEW_MS)) {
		return refuse(401, 'Stale or replayed callback');
	}

	const status = integerText(body.status);
	// Older Cregis revisions sent no cid; the payout reference identifies the payout then.
	const reference = typeof body.third_party_id === 'string' && body.third_party_id !== '' ? body.third_party_id : null;
	const payoutId = idText(body.cid) ?? (reference === null ? null : `ref:${reference}`);
	if (payoutId === null || status === null) return refuse(400, 'Missing cid or status');

	// The signature is no use downstream; the item carries every other field as received.
	const raw: IDataObject = { ...body };
	delete raw.sign;
	return {
		accepted: true,
		provider: 'cregis',
		payoutId,
		status,
		payout: normalizeCregisPayout(raw, 'callback'),
	};
}

/**
 * Cregis payout callbacks (Cregis reference §2 and §5): `sign` is the request signature over
 * EVERY other received field, whatever its name, so fields Cregis adds later (memo, ...) are
 * covered without a code change. The body is parsed losslessly: an int64 such as a 19-digit `cid`
 * stays the exact digit text it was signed as. Then the project id must be ours and the timestamp
 * fresh. MD5 with a key prefix gives no replay protection of its own; the freshness window does,
 * together with the trigger's de-duplication.
 *
 * The signature joins keys and values with no separator, so a genuine callback re-posted with
 * its field boundaries shifted still verifies (drop `cid` and send `chain_id` "195cid9007…";
 * drop `currency` and send `cid` "9007…currencyTRX"). Two defences: every field a payout
 * callback carries must be present and well formed (`cid` digits, `chain_id` digits, a `txid`
 * for status 6…), which such a body cannot be; and the signature is a delivery key of its own
 * (`replayKeys`), so a body carrying an accepted `sign` never runs the workflow again, whatever
 * its fields say.
 */
import { timingSafeEqual } from 'crypto';
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import {
	credentialText,
	CREDENTIAL_NOT_SET_UP,
	parseCallbackObject,
	refuse,
} from '../../shared/callback';
import type { CallbackDelivery, CallbackVerdict, PayoutCallbacks } from '../callback-types';
import { normalizeCregisPayout } from './payout';
import { signCregisBody } from './sign';

const SIGN_HEX = /^[0-9a-fA-F]{32}$/;
const DIGITS = /^\d+$/;
/** Cregis ids are int64 (19 digits); 20 leaves room for an unsigned one. */
const ID_DIGITS = /^\d{1,20}$/;
const DECIMAL = /^\d+(\.\d+)?$/;
/** Status 6 (success) is on chain: it names its transaction. */
const SUCCESS_STATUS = '6';
/** Clock skew tolerated for a timestamp in the future. */
export const CREGIS_MAX_FUTURE_SKEW_MS = 60_000;
export const DEFAULT_REPLAY_WINDOW_MINUTES = 10;
const REPLAY_WINDOW_OPTION = 'replayWindowMinutes';

export interface CregisCallbackCheck {
	apiKey: string;
	projectId: string;
	/** Current time, ms. */
	now: number;
	/** Oldest accepted timestamp age, ms. */
	maxAgeMs: number;
}

const replayWindowOption: INodeProperties = {
	displayName: 'Replay Window (Minutes)',
	name: REPLAY_WINDOW_OPTION,
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 10080 },
	default: DEFAULT_REPLAY_WINDOW_MINUTES,
	description:
		'Cregis only: callbacks whose timestamp is older than this (or more than a minute in the future) are refused as replays. Raise it before re-pushing old callbacks from the Cregis client.',
};

function isScalar(value: unknown): boolean {
	return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

/** An integer field as digits: a safe number, or the exact digit text the parser kept. */
function integerText(value: unknown): string | null {
	if (typeof value === 'number')
		return Number.isSafeInteger(value) && value >= 0 ? String(value) : null;
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

	if (body.sign === undefined || body.sign === null || body.sign === '')
		return refuse(401, 'Missing signature');
	if (!cregisSignatureValid(body, check.apiKey)) return refuse(401, 'Invalid signature');

	const pid = integerText(body.pid);
	if (pid === null || pid !== check.projectId.trim()) return refuse(401, 'Unknown project');

	const timestamp = integerText(body.timestamp);
	const sentAt = timestamp === null ? NaN : Number(timestamp);
	if (!(sentAt >= check.now - check.maxAgeMs && sentAt <= check.now + CREGIS_MAX_FUTURE_SKEW_MS)) {
		return refuse(401, 'Stale or replayed callback');
	}

	const malformed = malformedField(body);
	if (malformed !== undefined) return refuse(400, `Missing or malformed ${malformed}`);
	const payoutId = integerText(body.cid)!;
	const status = integerText(body.status)!;

	// The signature is no use downstream; the item carries every other field as received.
	const raw: IDataObject = { ...body };
	delete raw.sign;
	return {
		accepted: true,
		payoutId,
		status,
		replayKeys: [`sign:${String(body.sign).toLowerCase()}`],
		payout: normalizeCregisPayout(raw, 'callback'),
	};
}

/** A string field's text, or a number's digits as the lossless parser gave them; '' otherwise. */
function text(value: unknown): string {
	if (typeof value === 'string') return value;
	return typeof value === 'number' && Number.isFinite(value) ? String(value) : '';
}

/**
 * The first field a payout callback needs that is absent or malformed, or undefined when all are
 * there (Cregis reference §5: every callback carries them; `txid` once the status is 6).
 */
function malformedField(body: IDataObject): string | undefined {
	const checks: Array<[string, boolean]> = [
		['cid', ID_DIGITS.test(integerText(body.cid) ?? '')],
		['status', integerText(body.status) !== null],
		['chain_id', DIGITS.test(text(body.chain_id))],
		['token_id', text(body.token_id).trim() !== ''],
		['currency', text(body.currency).trim() !== ''],
		['address', text(body.address).trim() !== ''],
		['amount', DECIMAL.test(text(body.amount))],
		['third_party_id', text(body.third_party_id) !== ''],
		['nonce', text(body.nonce) !== ''],
	];
	if (integerText(body.status) === SUCCESS_STATUS) checks.push(['txid', text(body.txid) !== '']);
	return checks.find(([, ok]) => !ok)?.[0];
}

/** The Replay Window option in ms; a blank or nonsense value falls back to the default. */
function replayWindowMs(delivery: CallbackDelivery): number {
	const minutes = Number(delivery.option(REPLAY_WINDOW_OPTION, DEFAULT_REPLAY_WINDOW_MINUTES));
	return (
		(Number.isFinite(minutes) && minutes > 0 ? minutes : DEFAULT_REPLAY_WINDOW_MINUTES) * 60_000
	);
}

export const cregisCallbacks: PayoutCallbacks = {
	ackText: 'success',
	triggerOptions: [replayWindowOption],

	verify(delivery) {
		const apiKey = credentialText(delivery.credentials.apiKey);
		const projectId = credentialText(delivery.credentials.projectId).trim();
		if (apiKey === '' || projectId === '') return refuse(500, CREDENTIAL_NOT_SET_UP);
		return verifyCregisCallback(delivery.rawBody, {
			apiKey,
			projectId,
			now: delivery.now,
			maxAgeMs: replayWindowMs(delivery),
		});
	},
};

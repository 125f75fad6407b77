/**
 * What the ledger accepts from its callers, checked before anything reaches the database. A bad
 * input here is a bug in the caller, never the operator's data (the Create pipeline validates
 * items first), so the messages speak to developers.
 */
import { PayoutFailure } from '../shared/errors';
import type { LedgerClaim, LedgerLimit, LedgerNamespace, LedgerStatus } from './types';

const DECIMAL = /^\d{1,30}(\.\d{1,30})?$/;
const MAX_TEXT = 1000;

function bug(message: string): PayoutFailure {
	return new PayoutFailure('LEDGER_INVALID_INPUT', `Payout ledger: ${message}`, {
		kind: 'configuration',
	});
}

/**
 * The reference as the ledger compares it: trimmed and upper-cased. Callers already pass keys in
 * this form; the ledger applies it again (it changes nothing then) so that a caller that forgot
 * cannot record the same reference twice in two spellings.
 */
export function referenceKeyOf(key: string): string {
	const normalized = String(key ?? '')
		.trim()
		.toUpperCase();
	if (!normalized) throw bug('a reference key is empty.');
	if (normalized.length > MAX_TEXT) throw bug('a reference key is longer than 1000 characters.');
	return normalized;
}

export function checkNamespace(namespace: string): LedgerNamespace {
	if (namespace !== 'live' && namespace !== 'test') throw bug(`unknown namespace "${namespace}".`);
	return namespace;
}

export function checkAmount(amount: string, what: string): string {
	if (typeof amount !== 'string' || !DECIMAL.test(amount)) {
		throw bug(`${what} must be decimal text like 12.5.`);
	}
	return amount;
}

function text(value: unknown, what: string): string {
	if (typeof value !== 'string' || value.length > MAX_TEXT) {
		throw bug(`${what} must be text of at most ${MAX_TEXT} characters.`);
	}
	return value;
}

export function normalizeClaim(claim: LedgerClaim): LedgerClaim {
	const amount = checkAmount(claim.amount, 'a claim amount');
	if (/^0*(\.0*)?$/.test(amount)) throw bug('a claim amount must be greater than zero.');
	return {
		namespace: checkNamespace(claim.namespace),
		referenceKey: referenceKeyOf(claim.referenceKey),
		reference: text(claim.reference, 'reference'),
		provider: text(claim.provider, 'provider'),
		account: text(claim.account, 'account'),
		workflowId: text(claim.workflowId, 'workflowId'),
		executionId: text(claim.executionId, 'executionId'),
		currency: text(claim.currency, 'currency').trim().toUpperCase(),
		network: text(claim.network, 'network'),
		amount,
		address: text(claim.address, 'address'),
	};
}

export function normalizeLimit(limit: LedgerLimit): LedgerLimit {
	if (limit.period !== 'rolling24h' && limit.period !== 'calendarDay') {
		throw bug(`unknown limit period "${String(limit.period)}".`);
	}
	if (limit.period === 'calendarDay' && !isTimeZone(limit.timeZone)) {
		throw new PayoutFailure(
			'LEDGER_INVALID_TIME_ZONE',
			`Payout ledger: "${String(limit.timeZone).slice(0, 60)}" is not a time zone, so the calendar day of a limit cannot be told.`,
			{
				kind: 'configuration',
				description:
					"Set the workflow's time zone (Workflow Settings → Timezone) to an IANA name such as Europe/Berlin.",
			},
		);
	}
	return {
		...limit,
		currency: text(limit.currency, 'limit currency').trim().toUpperCase(),
		maxTotal: checkAmount(limit.maxTotal, 'a limit maxTotal'),
		workflowId: text(limit.workflowId, 'limit workflowId'),
		timeZone: limit.period === 'calendarDay' ? limit.timeZone : 'UTC',
	};
}

function isTimeZone(value: unknown): value is string {
	if (typeof value !== 'string' || !value || value.length > 64) return false;
	try {
		new Intl.DateTimeFormat('en-US', { timeZone: value });
		return true;
	} catch {
		return false;
	}
}

/** Which statuses a row may move from, to reach `to`: never backwards, final rows stay. */
export function statusesBefore(to: LedgerStatus): LedgerStatus[] {
	switch (to) {
		case 'unknown':
			return ['claimed'];
		case 'sent':
		case 'duplicate':
			return ['claimed', 'unknown'];
		case 'completed':
		case 'failed':
			return ['claimed', 'unknown', 'sent'];
		default:
			return [];
	}
}

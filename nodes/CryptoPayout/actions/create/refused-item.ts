/**
 * A Create item that was refused or not sent, in the same shape as every other Create item, so
 * n8n's table shows one set of columns: status, reference, error first; the row's own values as
 * given (they may be what was wrong); nothing the provider said about a payout, because none exists.
 */
import type { PayoutProvider } from '../../providers/types';
import { normalizedPayout } from '../../shared/output';
import type { NormalizedPayout } from '../../shared/payout-model';
import { errorSummary, type ItemError } from '../node-errors';
import type { CreateInputs } from './create-inputs';

/**
 * Failures that say nothing about the row: it was not sent and may simply be run again (status
 * `error`). Every other failure is a check or the provider saying no (status `refused`).
 */
const NOT_THE_ROWS_FAULT = new Set([
	'CLAIM_FAILED',
	'CLAIM_NOT_CONFIRMED',
	'CLAIM_MISSING',
	'EXECUTION_CANCELLED',
	'DUPLICATE_CHECK_FAILED',
	'RATE_LIMITED',
	'PROVIDER_UNAVAILABLE',
	'CREDENTIAL_UNAVAILABLE',
	'REQUEST_NOT_SENT',
	'BATCH_NOT_SENT',
	'ERROR',
]);

function givenText(value: unknown): string | null {
	if (typeof value === 'string') return value.trim() || null;
	if (typeof value === 'number' || typeof value === 'bigint') return String(value);
	return null;
}

export function isRowsFault(code: string): boolean {
	// Transport codes (ECONNREFUSED, ECANCELED…) mean the request did not get through.
	return !NOT_THE_ROWS_FAULT.has(code) && !/^E[A-Z]+$/.test(code);
}

export function refusedItem(
	provider: PayoutProvider,
	inputs: CreateInputs,
	itemIndex: number,
	error: ItemError,
): NormalizedPayout {
	const given = inputs.given(itemIndex);
	const summary = errorSummary(error);
	return normalizedPayout({
		provider: provider.id,
		operation: 'create',
		status: isRowsFault(summary.code) ? 'refused' : 'error',
		reference: givenText(given.reference),
		error: summary,
		amount: givenText(given.amount),
		currency: givenText(given.currency),
		network: givenText(given.network),
		address: givenText(given.address),
		memo: givenText(given.memo),
		description: givenText(given.description),
	});
}

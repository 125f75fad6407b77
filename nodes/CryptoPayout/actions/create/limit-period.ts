/**
 * What Max Total Per Currency counts: this execution (the default, in memory), or, with a payout
 * ledger, every execution of the workflow over the last 24 hours or since midnight in the
 * workflow's time zone (checked in the same database transaction as the claim, exact across
 * executions and workers).
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { LedgerLimit } from '../../ledger';
import { formatScaled } from '../../shared/decimal';
import { PayoutFailure } from '../../shared/errors';

export type LimitPeriod = 'execution' | 'rolling24h' | 'calendarDay';

const periodOf = (options: IDataObject): LimitPeriod =>
	options.limitPeriod === 'rolling24h' || options.limitPeriod === 'calendarDay'
		? options.limitPeriod
		: 'execution';

/** The limits the ledger enforces (none for the per-execution period). */
export function ledgerLimits(
	ctx: IExecuteFunctions,
	options: IDataObject,
	limits: Map<string, bigint>,
): LedgerLimit[] {
	const period = periodOf(options);
	if (period === 'execution') return [];
	return [...limits].map(([currency, scaled]) => ({
		currency,
		maxTotal: formatScaled(scaled, 18),
		period,
		timeZone: ctx.getTimezone(),
		workflowId: String(ctx.getWorkflow().id ?? ''),
	}));
}

/** A period longer than the execution needs the ledger: without it, it would silently not count. */
export function assertNoLedgerPeriod(options: IDataObject): void {
	if (periodOf(options) === 'execution') return;
	throw new PayoutFailure(
		'LEDGER_REQUIRED',
		'Options → Count Max Total Over is set to a period longer than one execution, which only the payout ledger can count; this credential has none, so nothing was sent.',
		{
			kind: 'configuration',
			field: 'limitPeriod',
			description:
				"Set a Payout Ledger Database URL in the provider's credential, or set Count Max Total Over to This Execution.",
		},
	);
}

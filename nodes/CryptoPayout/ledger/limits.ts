/**
 * Daily limits, decided in claim order: a claim is accepted when, for every limit of its workflow
 * and currency, the period's total so far plus its amount stays within the limit; an accepted
 * claim adds to the totals, a refused one does not (a later, smaller claim may still fit, as with
 * the per-execution Max Total Per Currency). Exact decimals: scaled BigInt, never a float.
 *
 * ledger/postgres.ts calls this while it holds the (workflow, currency) locks, with the totals it
 * read under them, so no other claim can change them in between.
 */
import { countDecimals, formatScaled, toScaled } from '../shared/decimal';
import type { LedgerClaim, LedgerLimit } from './types';

export interface LimitRefusal {
	/** Index into the limits given to decideLimits. */
	limitIndex: number;
	/** The limit's running total before this claim, decimal text. */
	total: string;
}

/** The limits that apply to a claim: same workflow, same currency. */
export function limitsFor(claim: LedgerClaim, limits: LedgerLimit[]): number[] {
	const found: number[] = [];
	limits.forEach((limit, index) => {
		if (limit.workflowId === claim.workflowId && limit.currency === claim.currency) {
			found.push(index);
		}
	});
	return found;
}

/**
 * Decides the candidates (indices into `claims`, in claim order). `totals[i]` is the total that
 * counts against `limits[i]` so far in its period. Returns the refusals by claim index.
 */
export function decideLimits(
	claims: LedgerClaim[],
	candidates: number[],
	limits: LedgerLimit[],
	totals: string[],
): Map<number, LimitRefusal> {
	const refusals = new Map<number, LimitRefusal>();
	if (limits.length === 0) return refusals;
	const scale = Math.max(
		...limits.map((limit) => countDecimals(limit.maxTotal)),
		...totals.map(countDecimals),
		...candidates.map((index) => countDecimals(claims[index].amount)),
	);
	const running = totals.map((total) => toScaled(total, scale));
	const maxima = limits.map((limit) => toScaled(limit.maxTotal, scale));
	for (const index of candidates) {
		const applicable = limitsFor(claims[index], limits);
		const amount = toScaled(claims[index].amount, scale);
		const exceeded = applicable.find((limit) => running[limit] + amount > maxima[limit]);
		if (exceeded !== undefined) {
			refusals.set(index, {
				limitIndex: exceeded,
				total: formatScaled(running[exceeded], scale),
			});
			continue;
		}
		for (const limit of applicable) running[limit] += amount;
	}
	return refusals;
}

import type { IExecuteFunctions } from 'n8n-workflow';

import { decimalTextFromInput, formatScaled, toScaled } from '../../shared/decimal';
import { PayoutFailure } from '../../shared/errors';
import { isToolCall } from './agent-guard';

/** Every supported asset has at most 18 decimals, so totals are kept at that scale. */
const CAP_SCALE = 18;

/** Executions whose agent totals are remembered; the oldest are forgotten first. */
const REMEMBERED_AGENT_EXECUTIONS = 500;
const agentTotals = new Map<string, Map<string, bigint>>();

/**
 * An AI agent calls a tool many times in one execution, each call a separate run of the node: its
 * cap must count them all. Every other run has totals of its own.
 */
export function spendingTotalsFor(
	ctx: IExecuteFunctions,
	dryRun: boolean,
): Map<string, bigint> | undefined {
	if (dryRun || !isToolCall(ctx)) return undefined;
	const key = `${ctx.getExecutionId()}:${ctx.getNode().id}`;
	let totals = agentTotals.get(key);
	if (!totals) {
		totals = new Map();
		agentTotals.set(key, totals);
		if (agentTotals.size > REMEMBERED_AGENT_EXECUTIONS)
			agentTotals.delete(agentTotals.keys().next().value as string);
	}
	return totals;
}

/**
 * "Max Total Per Currency": a ceiling per symbol for one execution. An amount is reserved before
 * its payout is sent and released only when the provider definitely did not take it, so an
 * unknown outcome keeps counting against the cap.
 */
export class SpendingCap {
	private readonly limits = new Map<string, bigint>();

	constructor(
		limits: Array<{ currency?: string; maxTotal?: unknown }>,
		/** Running totals; shared by every call of one execution when an AI agent calls the node. */
		private readonly totals = new Map<string, bigint>(),
	) {
		for (const entry of limits) {
			const symbol = String(entry.currency ?? '')
				.trim()
				.toUpperCase();
			if (!symbol) continue;
			const text = decimalTextFromInput(entry.maxTotal, 'maxTotalPerCurrency');
			this.limits.set(symbol, toScaled(text, CAP_SCALE));
		}
	}

	/** Whether this execution has a ceiling for the symbol. */
	hasLimit(symbol: string): boolean {
		return this.limits.has(symbol);
	}

	reserve(symbol: string, amountText: string): void {
		const limit = this.limits.get(symbol);
		if (limit === undefined) return;
		const total = this.totals.get(symbol) ?? 0n;
		const scaledAmount = toScaled(amountText, CAP_SCALE);
		if (total + scaledAmount > limit) {
			throw new PayoutFailure(
				'SPENDING_CAP_EXCEEDED',
				`Not sent: ${amountText} ${symbol} would bring this execution's ${symbol} total to ${formatScaled(total + scaledAmount, CAP_SCALE)}, above Max Total Per Currency (${formatScaled(limit, CAP_SCALE)}). Already sent or pending: ${formatScaled(total, CAP_SCALE)} ${symbol}.`,
				{
					field: 'amount',
					description:
						'Raise the cap in Options → Max Total Per Currency if this batch is intended, or split it.',
				},
			);
		}
		this.totals.set(symbol, total + scaledAmount);
	}

	release(symbol: string, amountText: string): void {
		const total = this.totals.get(symbol);
		if (total === undefined) return;
		this.totals.set(symbol, total - toScaled(amountText, CAP_SCALE));
	}
}

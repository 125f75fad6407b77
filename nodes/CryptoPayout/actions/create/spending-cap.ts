/**
 * "Max Total Per Currency" for one execution: a ceiling per asset symbol. The limits are read and
 * checked before anything is sent (a limit that would silently not cap is a configuration error),
 * and amounts are reserved in item order when the references are claimed, so the same rows pass
 * in Dry Run and in the real run whatever the concurrency.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { PayoutProvider } from '../../providers/types';
import { knownSymbol } from '../../shared/asset-resolution';
import { decimalTextFromInput, formatScaled, toScaled } from '../../shared/decimal';
import { isPayoutFailure, PayoutFailure } from '../../shared/errors';
import { isToolCall } from './agent-guard';

/** Every supported asset has at most 18 decimals, so totals are kept at that scale. */
const CAP_SCALE = 18;

/** Executions whose agent totals are remembered; the oldest are forgotten first. */
const REMEMBERED_AGENT_EXECUTIONS = 500;
const agentTotals = new Map<string, Map<string, bigint>>();

export interface LimitRow {
	currency?: unknown;
	maxTotal?: unknown;
}

function capError(message: string, description?: string): PayoutFailure {
	return new PayoutFailure('INVALID_SPENDING_CAP', `Max Total Per Currency: ${message}`, {
		kind: 'configuration',
		field: 'maxTotalPerCurrency',
		description:
			description ??
			'Fix the limit under Options → Max Total Per Currency (or remove it). Nothing was sent.',
	});
}

/** The asset symbol a limit's Currency names: the same resolution the payouts' Currency gets. */
function limitSymbol(provider: PayoutProvider, raw: unknown): string {
	const currency = typeof raw === 'string' ? raw.trim() : '';
	if (!currency) {
		throw capError(
			'a limit has no Currency (the grey "USDT" is only a placeholder), so it would cap nothing.',
			'Type the currency symbol (e.g. USDT) into the limit, or remove the limit. Nothing was sent.',
		);
	}
	try {
		return provider.resolveAsset(currency, '').symbol;
	} catch {
		// A token named without its network (USDT) is still one asset for the cap.
	}
	const symbol = knownSymbol(currency);
	if (symbol === undefined) {
		throw capError(
			`"${currency.slice(0, 40)}" is not a currency the node knows, so the limit would cap nothing.`,
			'Use the currency symbol, e.g. USDT, BTC or ETH (it covers that currency on every network). Nothing was sent.',
		);
	}
	return symbol;
}

function limitAmount(symbol: string, raw: unknown): bigint {
	if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) {
		throw capError(`the ${symbol} limit has no Max Total.`);
	}
	try {
		return toScaled(decimalTextFromInput(raw, 'maxTotalPerCurrency'), CAP_SCALE);
	} catch (error) {
		const reason = isPayoutFailure(error) ? error.message.replace(/^Amount\b/, 'It') : '';
		throw capError(`the ${symbol} limit is not a positive amount. ${reason}`.trim());
	}
}

/** The limits as set, each resolved to one asset symbol; throws a configuration error. */
export function parseLimits(provider: PayoutProvider, rows: LimitRow[]): Map<string, bigint> {
	const limits = new Map<string, bigint>();
	for (const row of rows) {
		const symbol = limitSymbol(provider, row.currency);
		const amount = limitAmount(symbol, row.maxTotal);
		if (limits.has(symbol)) {
			throw capError(
				`${symbol} has two limits (${formatScaled(limits.get(symbol)!, CAP_SCALE)} and ${formatScaled(amount, CAP_SCALE)}). Keep one.`,
			);
		}
		limits.set(symbol, amount);
	}
	return limits;
}

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
 * An amount is reserved before its payout is sent and released only when the provider definitely
 * did not take it (or already had it), so an unknown outcome keeps counting against the cap.
 */
export class SpendingCap {
	constructor(
		private readonly limits: Map<string, bigint>,
		/** Running totals; shared by every call of one execution when an AI agent calls the node. */
		private readonly totals = new Map<string, bigint>(),
	) {}

	/** Whether this execution has a ceiling for the symbol. */
	hasLimit(symbol: string): boolean {
		return this.limits.has(symbol);
	}

	/** Reserves the amount, or returns why it would exceed the limit (nothing reserved then). */
	reserve(symbol: string, amountText: string): PayoutFailure | undefined {
		const limit = this.limits.get(symbol);
		if (limit === undefined) return undefined;
		const total = this.totals.get(symbol) ?? 0n;
		const after = total + toScaled(amountText, CAP_SCALE);
		if (after > limit) return overCap(symbol, amountText, total, after, limit);
		this.totals.set(symbol, after);
		return undefined;
	}

	release(symbol: string, amountText: string): void {
		const total = this.totals.get(symbol);
		if (total === undefined || !this.limits.has(symbol)) return;
		this.totals.set(symbol, total - toScaled(amountText, CAP_SCALE));
	}
}

function overCap(
	symbol: string,
	amountText: string,
	total: bigint,
	after: bigint,
	limit: bigint,
): PayoutFailure {
	const text = (value: bigint) => formatScaled(value, CAP_SCALE);
	return new PayoutFailure(
		'SPENDING_CAP_EXCEEDED',
		`Not sent: ${amountText} ${symbol} would bring this execution's ${symbol} total to ${text(after)}, above Max Total Per Currency (${text(limit)}). Already sent or pending in this execution: ${text(total)} ${symbol}.`,
		{
			field: 'amount',
			description:
				'The limit counts this execution only: running the workflow again counts from zero and would pay past it. If the whole batch is intended, raise the limit under Options → Max Total Per Currency; otherwise leave these rows unpaid. To count it over a day, across runs, set Count Max Total Over with a payout ledger.',
		},
	);
}

/** The Options' limits rows (a fixedCollection). */
export function limitRowsOf(options: IDataObject): LimitRow[] {
	const collection = options.maxTotalPerCurrency as { limits?: LimitRow[] } | undefined;
	return collection?.limits ?? [];
}

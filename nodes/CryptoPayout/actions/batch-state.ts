import type { IExecuteFunctions } from 'n8n-workflow';

import { PayoutFailure } from '../shared/errors';
import { ReferenceClaims } from './create/claims';
import { CreateInputs } from './create/create-inputs';
import { ProcessedStore } from './create/processed-store';
import { RequestPacer } from '../shared/concurrency';
import { decimalTextFromInput, formatScaled, toScaled } from '../shared/decimal';

/** Every supported asset has at most 18 decimals, so totals are kept at that scale. */
const CAP_SCALE = 18;

export interface CreateOptions {
	timeoutSeconds?: number;
	dryRun?: boolean;
	maxTotalPerCurrency?: { limits?: Array<{ currency?: string; maxTotal?: unknown }> };
	duplicateCheckDays?: number;
	concurrency?: number;
	requestsPerSecond?: number;
	validateAllFirst?: boolean;
	claimSettleMs?: number;
}

/** Default settle time of the cross-process claim check (see claims.ts). */
export const DEFAULT_CLAIM_SETTLE_MS = 500;

/** What one execution of the node shares across its items. */
export interface BatchState {
	timeoutMs: number;
	dryRun: boolean;
	duplicateCheckDays: number;
	spending: SpendingCap;
	/** Per-provider caches (e.g. OxaPay's payout history), keyed by provider id. */
	providerCache: Map<string, unknown>;
	concurrency: number;
	validateAllFirst: boolean;
	pacer: RequestPacer;
	/** Each Create item's validated input, read once. */
	createInputs: CreateInputs;
	/** Reference claims: at most one payout per reference, across items, executions and workers. */
	claims: ReferenceClaims;
}

/**
 * "Max Total Per Currency": a ceiling per symbol for one execution. An amount is reserved before
 * its payout is sent and released only when the provider definitely did not take it, so an
 * unknown outcome keeps counting against the cap.
 */
export class SpendingCap {
	private readonly limits = new Map<string, bigint>();

	private readonly totals = new Map<string, bigint>();

	constructor(limits: Array<{ currency?: string; maxTotal?: unknown }>) {
		for (const entry of limits) {
			const symbol = String(entry.currency ?? '').trim().toUpperCase();
			if (!symbol) continue;
			const text = decimalTextFromInput(entry.maxTotal, 'maxTotalPerCurrency');
			this.limits.set(symbol, toScaled(text, CAP_SCALE));
		}
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
				{ field: 'amount', description: 'Raise the cap in Options → Max Total Per Currency if this batch is intended, or split it.' },
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

export function createBatchState(ctx: IExecuteFunctions): BatchState {
	const options = ctx.getNodeParameter('options', 0, {}) as CreateOptions;
	const createInputs = new CreateInputs(ctx);
	const settleMs = wholeNumberInRange(options.claimSettleMs, DEFAULT_CLAIM_SETTLE_MS, 0, 60_000);
	const seconds = typeof options.timeoutSeconds === 'number' && options.timeoutSeconds > 0 ? options.timeoutSeconds : 30;
	return {
		timeoutMs: Math.round(seconds * 1000),
		dryRun: options.dryRun === true,
		duplicateCheckDays:
			typeof options.duplicateCheckDays === 'number' && options.duplicateCheckDays > 0 ? options.duplicateCheckDays : 90,
		spending: new SpendingCap(options.maxTotalPerCurrency?.limits ?? []),
		providerCache: new Map(),
		concurrency: wholeNumberInRange(options.concurrency, 1, 1, 32),
		validateAllFirst: options.validateAllFirst === true,
		pacer: new RequestPacer(typeof options.requestsPerSecond === 'number' && options.requestsPerSecond > 0 ? options.requestsPerSecond : 0),
		createInputs,
		claims: new ReferenceClaims(new ProcessedStore(ctx), createInputs, ctx.getInputData().length, settleMs),
	};
}

function wholeNumberInRange(value: unknown, fallback: number, min: number, max: number): number {
	if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
	return Math.min(max, Math.max(min, Math.floor(value)));
}

import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { ReferenceClaims } from './create/claims';
import { CreateInputs } from './create/create-inputs';
import { ProcessedStore } from './create/processed-store';
import { SpendingCap, spendingTotalsFor } from './create/spending-cap';
import { RequestPacer } from '../shared/concurrency';

export interface CreateOptions {
	timeoutSeconds?: number;
	dryRun?: boolean;
	maxTotalPerCurrency?: { limits?: Array<{ currency?: string; maxTotal?: unknown }> };
	concurrency?: number;
	requestsPerSecond?: number;
	validateAllFirst?: boolean;
	claimSettleMs?: number;
	allowAgentPayouts?: boolean;
}

/** Default settle time of the cross-process claim check (see claims.ts). */
export const DEFAULT_CLAIM_SETTLE_MS = 500;

/** What one execution of the node shares across its items. */
export interface BatchState {
	timeoutMs: number;
	dryRun: boolean;
	/** The Options collection as set, for the providers' own options (`createOptions`). */
	createOptions: IDataObject;
	spending: SpendingCap;
	/** Per-provider caches (e.g. OxaPay's payout history), keyed by provider id. */
	providerCache: Map<string, unknown>;
	concurrency: number;
	validateAllFirst: boolean;
	/** Options → Allow AI Agent Payouts: without it an agent's Create Payout call is refused. */
	allowAgentPayouts: boolean;
	pacer: RequestPacer;
	/** Each Create item's validated input, read once. */
	createInputs: CreateInputs;
	/** Reference claims: at most one payout per reference, across items, executions and workers. */
	claims: ReferenceClaims;
}

export function createBatchState(ctx: IExecuteFunctions): BatchState {
	const options = ctx.getNodeParameter('options', 0, {}) as CreateOptions;
	const createInputs = new CreateInputs(ctx);
	const settleMs = wholeNumberInRange(options.claimSettleMs, DEFAULT_CLAIM_SETTLE_MS, 0, 60_000);
	const seconds =
		typeof options.timeoutSeconds === 'number' && options.timeoutSeconds > 0
			? options.timeoutSeconds
			: 30;
	return {
		timeoutMs: Math.round(seconds * 1000),
		dryRun: options.dryRun === true,
		createOptions: options as IDataObject,
		spending: new SpendingCap(
			options.maxTotalPerCurrency?.limits ?? [],
			spendingTotalsFor(ctx, options.dryRun === true),
		),
		providerCache: new Map(),
		concurrency: wholeNumberInRange(options.concurrency, 1, 1, 32),
		validateAllFirst: options.validateAllFirst === true,
		allowAgentPayouts: options.allowAgentPayouts === true,
		pacer: new RequestPacer(
			typeof options.requestsPerSecond === 'number' && options.requestsPerSecond > 0
				? options.requestsPerSecond
				: 0,
		),
		createInputs,
		claims: new ReferenceClaims(
			new ProcessedStore(ctx),
			createInputs,
			ctx.getInputData().length,
			settleMs,
		),
	};
}

function wholeNumberInRange(value: unknown, fallback: number, min: number, max: number): number {
	if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
	return Math.min(max, Math.max(min, Math.floor(value)));
}

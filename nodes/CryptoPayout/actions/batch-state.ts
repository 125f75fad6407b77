import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { ledgerOf } from '../ledger';
import { getProvider } from '../providers/registry';
import type { OperationName, PayoutProvider, ValidatedPayout } from '../providers/types';
import type { PayoutAccount } from '../shared/account';
import { RequestPacer } from '../shared/concurrency';
import { PayoutFailure } from '../shared/errors';
import { readBatchOptions } from './batch-options';
import { callContext } from './call-context';
import { assertAgentMayPay } from './create/agent-guard';
import { ReferenceClaims } from './create/claims';
import { CreateInputs } from './create/create-inputs';
import { createRulesFrom } from './create/validate-create';
import { ProcessedDataRegistry } from './create/processed-data-registry';
import { LedgerRegistry } from './create/ledger-registry';
import { ProcessedStore } from './create/processed-store';
import { assertNoLedgerPeriod, ledgerLimits, type LimitPeriod } from './create/limit-period';
import { limitRowsOf, parseLimits, SpendingCap, spendingTotalsFor } from './create/spending-cap';

export interface CreateOptions {
	limitPeriod?: LimitPeriod;
	timeoutSeconds?: number;
	dryRun?: boolean;
	concurrency?: number;
	requestsPerSecond?: number;
	validateAllFirst?: boolean;
	claimSettleMs?: number;
	allowAgentPayouts?: boolean;
}

/** Default settle time of the cross-process claim check (see create/processed-data-registry.ts). */
export const DEFAULT_CLAIM_SETTLE_MS = 500;

/** What one execution of the node shares across its items. */
export interface BatchState {
	/** Provider and Operation are fixed for the batch (no expressions). */
	provider: PayoutProvider;
	operation: OperationName;
	timeoutMs: number;
	dryRun: boolean;
	/** The Options collection as set, for the providers' own options (`createOptions`). */
	createOptions: IDataObject;
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
	/** Aborted when the execution is stopped (the editor's Stop, or n8n's REST API). */
	cancelSignal?: AbortSignal;
}

export async function createBatchState(ctx: IExecuteFunctions): Promise<BatchState> {
	const itemCount = ctx.getInputData().length;
	const provider = getProvider(ctx.getNodeParameter('provider', 0) as string);
	const operation = ctx.getNodeParameter('operation', 0) as OperationName;
	const options = readBatchOptions(ctx, itemCount) as CreateOptions & IDataObject;
	const dryRun = options.dryRun === true;
	const seconds =
		typeof options.timeoutSeconds === 'number' && options.timeoutSeconds > 0
			? options.timeoutSeconds
			: 30;
	const limits = operation === 'create' ? parseLimits(provider, limitRowsOf(options)) : new Map();
	const spending = new SpendingCap(limits, spendingTotalsFor(ctx, dryRun));
	const mapAutomatically =
		ctx.getNodeParameter('mappingMode', 0, 'defineBelow') === 'autoMapInputData';
	const createInputs = new CreateInputs(ctx, provider, mapAutomatically, createRulesFrom(options));
	const batch: BatchState = {
		provider,
		operation,
		timeoutMs: Math.round(seconds * 1000),
		dryRun,
		createOptions: options,
		spending,
		providerCache: new Map(),
		concurrency: wholeNumberInRange(options.concurrency, 1, 1, 32),
		validateAllFirst: options.validateAllFirst === true,
		pacer: new RequestPacer(
			typeof options.requestsPerSecond === 'number' && options.requestsPerSecond > 0
				? options.requestsPerSecond
				: 0,
		),
		createInputs,
		claims: undefined as unknown as ReferenceClaims,
		cancelSignal: 'getExecutionCancelSignal' in ctx ? ctx.getExecutionCancelSignal() : undefined,
	};
	const paying = operation === 'create' ? await payingSetup(ctx, provider) : undefined;
	const registry = paying?.ledger
		? new LedgerRegistry(paying.ledger, {
				providerId: provider.id,
				account: paying.account.key,
				workflowId: String(ctx.getWorkflow().id ?? ''),
				executionId: String(ctx.getExecutionId() ?? ''),
				limits: ledgerLimits(ctx, options, limits),
			})
		: new ProcessedDataRegistry(
				new ProcessedStore(ctx),
				wholeNumberInRange(options.claimSettleMs, DEFAULT_CLAIM_SETTLE_MS, 0, 60_000),
			);
	if (!paying?.ledger) assertNoLedgerPeriod(options);
	batch.claims = new ReferenceClaims(
		claimSource(ctx, batch, paying?.account, options.allowAgentPayouts === true),
		registry,
		spending,
		itemCount,
		dryRun,
	);
	return batch;
}

/** The paying account and the ledger its credential configures, read once per batch. */
async function payingSetup(ctx: IExecuteFunctions, provider: PayoutProvider) {
	const credentials = await ctx.getCredentials(provider.credentialType, 0);
	return { account: provider.account(credentials), ledger: await ledgerOf(credentials) };
}

function claimSource(
	ctx: IExecuteFunctions,
	batch: BatchState,
	account: PayoutAccount | undefined,
	allowAgentPayouts: boolean,
) {
	const { provider } = batch;
	return {
		providerId: provider.id,
		workflowId: String(ctx.getWorkflow().id ?? ''),
		payoutOf: (itemIndex: number) => batch.createInputs.payoutOf(itemIndex),
		async account() {
			if (!account) throw new PayoutFailure('CREDENTIAL_UNAVAILABLE', 'No paying account.');
			return account;
		},
		assertMayPay(payout: ValidatedPayout) {
			assertAgentMayPay(
				ctx,
				allowAgentPayouts,
				(symbol) => batch.spending.hasLimit(symbol),
				payout,
			);
		},
		async findAtProvider(itemIndex: number, payout: ValidatedPayout) {
			if (!provider.findPayoutByReference) return undefined;
			const call = callContext(ctx, itemIndex, batch);
			return await provider.findPayoutByReference(call, payout.reference, batch.createOptions);
		},
	};
}

/** Throws when the execution was stopped: nothing more is sent. */
export function assertNotCancelled(batch: BatchState): void {
	if (batch.cancelSignal?.aborted) {
		throw new PayoutFailure(
			'EXECUTION_CANCELLED',
			'The execution was stopped before this payout was sent; nothing was sent for it.',
			{ kind: 'configuration', description: 'Run the workflow again to pay it.' },
		);
	}
}

function wholeNumberInRange(value: unknown, fallback: number, min: number, max: number): number {
	if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
	return Math.min(max, Math.max(min, Math.floor(value)));
}

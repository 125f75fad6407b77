/**
 * Create Payout for one item: validate everything, then the safeguards in this order —
 * Dry Run (stop here), spending cap, the processed-data claim on the reference, the provider's
 * own duplicate lookup — and only then the one request that moves money.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { NormalizedPayout, PayoutProvider } from '../providers/types';
import { TransportFailure } from '../shared/http';
import { createFields, normalizedPayout, UNKNOWN_OUTCOME_MESSAGE } from '../shared/output';
import type { BatchState } from './batch-state';
import { callContext } from './call-context';
import { toNodeError } from './node-errors';
import { validateCreateInput, type CreateInput } from './validate-create';

export function readCreateInput(ctx: IExecuteFunctions, itemIndex: number): CreateInput {
	const read = (name: string) => ctx.getNodeParameter(name, itemIndex, '') as unknown;
	return {
		reference: read('reference'),
		address: read('address'),
		amount: read('amount'),
		currency: read('currency'),
		network: read('network'),
		memo: read('memo'),
		description: read('description'),
		callbackUrl: read('callbackUrl'),
	};
}

/** n8n's processed-data store (Remove Duplicates uses it); shared by queue-mode workers. */
const PROCESSED_SCOPE = 'workflow';
const PROCESSED_OPTIONS = { mode: 'entries' as const };

/** The account part of the key is the same for every item of an execution: read it once. */
async function referenceKey(ctx: IExecuteFunctions, provider: PayoutProvider, itemIndex: number, reference: string, batch: BatchState) {
	const cache = callContext(ctx, itemIndex, batch, provider.id).cache;
	let account = cache.get('accountKey') as Promise<string> | undefined;
	if (!account) {
		account = ctx.getCredentials(provider.credentialType, itemIndex).then((credentials) => provider.accountKey(credentials));
		cache.set('accountKey', account);
	}
	return `payout:${provider.id}:${await account}:${reference}`;
}

export async function createPayout(
	ctx: IExecuteFunctions,
	itemIndex: number,
	provider: PayoutProvider,
	batch: BatchState,
): Promise<NormalizedPayout> {
	const payout = validateCreateInput(provider, readCreateInput(ctx, itemIndex));
	const fields = createFields(provider.id, payout);

	if (batch.dryRun) {
		batch.spending.reserve(payout.asset.symbol, payout.amount.text);
		return {
			...normalizedPayout({ ...fields, status: 'validated', message: 'Dry run: every check passed. Nothing was sent.' }),
			request: provider.previewCreate(payout) as IDataObject,
		};
	}

	batch.spending.reserve(payout.asset.symbol, payout.amount.text);
	let claimed = false;
	let key = '';
	try {
		key = await referenceKey(ctx, provider, itemIndex, payout.reference, batch);
		const claimedHere = batch.claimedReferences.has(key);
		batch.claimedReferences.add(key);
		const claim = claimedHere ? undefined : await ctx.helpers.checkProcessedAndRecord([key], PROCESSED_SCOPE, PROCESSED_OPTIONS);
		if (claimedHere || (claim && claim.processed.length > 0)) {
			batch.spending.release(payout.asset.symbol, payout.amount.text);
			return normalizedPayout({
				...fields,
				status: 'duplicate',
				message: `Reference ${payout.reference} was already submitted by this workflow (an earlier item or run); nothing was sent now.`,
			});
		}
		claimed = true;
		const call = callContext(ctx, itemIndex, batch, provider.id);
		const earlier = await provider.findPayoutByReference?.(call, payout.reference, batch.duplicateCheckDays);
		if (earlier) {
			batch.spending.release(payout.asset.symbol, payout.amount.text);
			return {
				...earlier,
				status: 'duplicate',
				providerStatus: earlier.providerStatus,
				message: `${provider.displayName} already has payout ${earlier.payoutId ?? ''} with reference ${payout.reference} (status ${earlier.providerStatus ?? 'unknown'}); nothing was sent now.`,
			};
		}
		const warnings = (await provider.createWarnings?.(call, payout)) ?? [];
		if (warnings.length && 'addExecutionHints' in ctx) {
			ctx.addExecutionHints(...warnings.map((message) => ({ message: `Item ${itemIndex}: ${message}`, type: 'warning' as const })));
		}
		const result = await provider.createPayout(call, payout);
		if (warnings.length && !result.message) result.message = warnings.join(' ');
		if (result.status === 'duplicate') batch.spending.release(payout.asset.symbol, payout.amount.text);
		return result;
	} catch (error) {
		if (error instanceof TransportFailure && error.phase === 'maybe-sent') {
			// The payout may exist: keep the claim and the cap reservation, never send it again.
			return normalizedPayout({ ...fields, status: 'unknown', message: `${error.message} ${UNKNOWN_OUTCOME_MESSAGE}` });
		}
		// Definitely not created: free the reference and the amount so a corrected re-run can pay it.
		batch.spending.release(payout.asset.symbol, payout.amount.text);
		if (claimed) {
			await ctx.helpers.removeProcessed([key], PROCESSED_SCOPE, PROCESSED_OPTIONS);
			batch.claimedReferences.delete(key);
		}
		throw toNodeError(ctx, error, itemIndex);
	}
}

/**
 * Create Payout for one item: validate everything, then the safeguards in this order —
 * Dry Run (stop here), spending cap, the processed-data claim on the reference, the provider's
 * own duplicate lookup — and only then the one request that moves money.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { NormalizedPayout, PayoutProvider } from '../providers/types';
import { PayoutFailure } from '../shared/errors';
import { TransportFailure } from '../shared/http';
import { createFields, normalizedPayout, UNKNOWN_OUTCOME_MESSAGE } from '../shared/output';
import type { BatchState } from './batch-state';
import { callContext } from './call-context';
import { toNodeError } from './node-errors';
import { validateCreateInput, type CreateInput } from './validate-create';

const CREATE_FIELDS = ['reference', 'address', 'amount', 'currency', 'network', 'memo', 'description', 'callbackUrl'] as const;
const REQUIRED_COLUMNS = new Set(['reference', 'address', 'amount', 'currency']);

export function readCreateInput(ctx: IExecuteFunctions, itemIndex: number): CreateInput {
	if (ctx.getNodeParameter('mappingMode', itemIndex, 'defineBelow') === 'autoMapInputData') {
		return readCreateColumns(ctx.getInputData()[itemIndex].json, itemIndex);
	}
	const read = (name: string) => ctx.getNodeParameter(name, itemIndex, '') as unknown;
	return Object.fromEntries(CREATE_FIELDS.map((field) => [field, read(field)])) as unknown as CreateInput;
}

/**
 * "Map Automatically": each field from the input column of the same name (any case; `callback_url`
 * also works). No expression is evaluated, which is most of a mapped item's cost in n8n.
 */
export function readCreateColumns(row: IDataObject, itemIndex: number): CreateInput {
	const columns = new Map(Object.keys(row).map((key) => [key.toLowerCase().replace(/_/g, ''), key]));
	const input: Record<string, unknown> = {};
	for (const field of CREATE_FIELDS) {
		const column = columns.get(field.toLowerCase());
		if (column === undefined && REQUIRED_COLUMNS.has(field)) {
			throw new PayoutFailure(
				'MISSING_COLUMN',
				`Item ${itemIndex} has no "${field}" column (Mapping Column Mode: Map Automatically). Columns: ${Object.keys(row).slice(0, 20).join(', ') || 'none'}.`,
				{ field, description: 'Rename the sheet column, or switch Mapping Column Mode to Map Each Field Below.' },
			);
		}
		input[field] = column === undefined ? '' : row[column];
	}
	return input as unknown as CreateInput;
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

	batch.spending.reserve(payout.asset.symbol, payout.amount.text);
	if (batch.dryRun) {
		return {
			...normalizedPayout({ ...fields, status: 'validated', message: 'Dry run: every check passed. Nothing was sent.' }),
			request: provider.previewCreate(payout) as IDataObject,
		};
	}

	let claimed = false;
	let sending = false;
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
				message: `${provider.displayName} already has payout ${earlier.payoutId ?? ''} with reference ${payout.reference} (status ${earlier.providerStatus ?? 'unknown'}); nothing was sent now.`,
			};
		}
		const warnings = (await provider.createWarnings?.(call, payout)) ?? [];
		if (warnings.length && 'addExecutionHints' in ctx) {
			ctx.addExecutionHints(...warnings.map((message) => ({ message: `Item ${itemIndex}: ${message}`, type: 'warning' as const })));
		}
		sending = true;
		const result = await provider.createPayout(call, payout);
		if (warnings.length && !result.message) result.message = warnings.join(' ');
		if (result.status === 'duplicate') batch.spending.release(payout.asset.symbol, payout.amount.text);
		return result;
	} catch (error) {
		if (sending && error instanceof TransportFailure && error.phase === 'maybe-sent') {
			// The create may have reached the provider: keep the claim and the cap reservation, never
			// send it again. (A read before it, such as OxaPay's history, sent nothing.)
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

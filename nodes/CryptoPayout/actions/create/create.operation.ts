/**
 * Create Payout for one item: take the validated input, take the claim planner's verdict (which
 * already looked for the reference everywhere it can, and reserved the amount against the cap),
 * send the one request that moves money, and settle the claim once by what is known of the outcome.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { NormalizedPayout, PayoutProvider, ValidatedPayout } from '../../providers/types';
import { TransportFailure } from '../../shared/http';
import { createFields, normalizedPayout, UNKNOWN_OUTCOME_MESSAGE } from '../../shared/output';
import { assertNotCancelled, type BatchState } from '../batch-state';
import { callContext } from '../call-context';
import { toNodeError } from '../node-errors';
import type { PayoutOperation } from '../operation';
import { dryRunPayout } from './dry-run';
import { duplicateItem } from './duplicate-item';
import { CREATE_FIELD_NAMES, fieldProperties, mapAutomaticallyNotice } from './fields';
import { optionsProperty } from './options';
import { createWarnings } from './warnings';

export const option: PayoutOperation['option'] = {
	name: 'Create Payout',
	value: 'create',
	action: 'Create a payout',
	description: 'Send funds to an address. Every input item is one payout.',
};

export const properties: INodeProperties[] = [
	{
		displayName:
			'Each input item sends real funds. Do not turn on Retry On Fail for this node: the node already retries what is safe to retry, and never re-sends a payout whose outcome is unclear.',
		name: 'createNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { operation: ['create'] } },
	},
	{
		displayName: 'Mapping Column Mode',
		name: 'mappingMode',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Map Each Field Below',
				value: 'defineBelow',
				description: 'Type each field or map it from the input with an expression',
			},
			{
				name: 'Map Automatically',
				value: 'autoMapInputData',
				description: `Take each field from the input column of the same name: ${CREATE_FIELD_NAMES.join(', ')}. The fastest way for sheets of many rows.`,
			},
		],
		default: 'defineBelow',
		displayOptions: { show: { operation: ['create'] } },
	},
	mapAutomaticallyNotice,
	...fieldProperties,
	optionsProperty,
];

export const execute: PayoutOperation['execute'] = createPayout;

export async function createPayout(
	ctx: IExecuteFunctions,
	itemIndex: number,
	provider: PayoutProvider,
	batch: BatchState,
): Promise<NormalizedPayout> {
	const payout = batch.createInputs.take(itemIndex);
	if (batch.dryRun) return await dryRunPayout(ctx, itemIndex, provider, batch, payout);
	const verdict = await batch.claims.verdict(itemIndex);
	if (verdict.kind === 'refused') throw verdict.error;
	if (verdict.kind === 'duplicate') return duplicateItem(provider, payout, verdict, false);
	return await sendClaimed(ctx, itemIndex, provider, batch, payout);
}

/** The reference is ours: send it once, and settle the claim by what is known of the outcome. */
async function sendClaimed(
	ctx: IExecuteFunctions,
	itemIndex: number,
	provider: PayoutProvider,
	batch: BatchState,
	payout: ValidatedPayout,
): Promise<NormalizedPayout> {
	let sending = false;
	try {
		assertNotCancelled(batch);
		const call = callContext(ctx, itemIndex, batch);
		const warnings = await createWarnings(ctx, provider, call, payout, itemIndex);
		sending = true;
		const result = await provider.createPayout(call, payout);
		const settled = await batch.claims.settle(itemIndex, {
			status:
				result.status === 'duplicate'
					? 'duplicate'
					: result.status === 'unknown'
						? 'unknown'
						: 'sent',
			payoutId: result.payoutId,
			providerStatus: result.providerStatus,
		});
		return withNotes(result, [...warnings, settled]);
	} catch (error) {
		if (sending && error instanceof TransportFailure && error.phase === 'maybe-sent') {
			// The create may have reached the provider: it is never sent again.
			const settled = await batch.claims.settle(itemIndex, { status: 'unknown', payoutId: null });
			return withNotes(
				normalizedPayout({
					...createFields(provider.id, payout),
					status: 'unknown',
					message: `${error.message} ${UNKNOWN_OUTCOME_MESSAGE}`,
				}),
				[settled],
			);
		}
		await batch.claims.release(itemIndex);
		throw toNodeError(ctx, error, itemIndex);
	}
}

/** Adds warnings and notes to the item's message (a message of its own comes first). */
function withNotes(item: NormalizedPayout, notes: Array<string | undefined>): NormalizedPayout {
	const text = notes.filter((note): note is string => Boolean(note));
	if (text.length) item.message = [item.message, ...text].filter(Boolean).join(' ');
	return item;
}

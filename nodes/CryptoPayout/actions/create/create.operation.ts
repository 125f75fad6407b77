/**
 * Create Payout for one item, as a short pipeline: take the validated input, reserve (spending
 * cap + reference claim), look for an earlier payout at the provider, send the one request that
 * moves money, and settle the reservation once by what is known of the outcome.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { NormalizedPayout, PayoutProvider, ValidatedPayout } from '../../providers/types';
import { TransportFailure } from '../../shared/http';
import { createFields, normalizedPayout, UNKNOWN_OUTCOME_MESSAGE } from '../../shared/output';
import type { BatchState } from '../batch-state';
import { callContext } from '../call-context';
import type { DuplicateReason } from './claims';
import { toNodeError } from '../node-errors';
import type { PayoutOperation } from '../operation';
import { assertAgentMayPay } from './agent-guard';
import { CREATE_FIELD_NAMES, createFieldProperties } from './fields';
import { optionsProperty } from './options';
import { reservePayout } from './reservation';

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
	...createFieldProperties,
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
	const fields = createFields(provider.id, payout);
	if (!batch.dryRun)
		assertAgentMayPay(
			ctx,
			batch.allowAgentPayouts,
			(symbol) => batch.spending.hasLimit(symbol),
			payout,
		);
	if (batch.dryRun) {
		batch.spending.reserve(payout.asset.symbol, payout.amount.text);
		return {
			...normalizedPayout({
				...fields,
				status: 'validated',
				message: 'Dry run: every check passed. Nothing was sent.',
			}),
			request: provider.previewCreate(payout) as IDataObject,
		};
	}

	const reservation = await reservePayout(batch, itemIndex, payout);
	if ('duplicate' in reservation) {
		return normalizedPayout({
			...fields,
			status: 'duplicate',
			message: duplicateMessage(payout, reservation.duplicate, reservation.earlierItem),
		});
	}
	let sending = false;
	try {
		const call = callContext(ctx, itemIndex, batch, provider.id);
		const earlier = await provider.findPayoutByReference?.(
			call,
			payout.reference,
			batch.duplicateCheckDays,
		);
		if (earlier) {
			reservation.settle('duplicate');
			return {
				...earlier,
				status: 'duplicate',
				message: `${provider.displayName} already has payout ${earlier.payoutId ?? ''} with reference ${payout.reference} (status ${earlier.providerStatus ?? 'unknown'}); nothing was sent now.`,
			};
		}
		const warnings = await showCreateWarnings(ctx, provider, call, payout, itemIndex);
		sending = true;
		const result = await provider.createPayout(call, payout);
		if (warnings.length && !result.message) result.message = warnings.join(' ');
		reservation.settle(result.status === 'duplicate' ? 'duplicate' : 'sent');
		return result;
	} catch (error) {
		if (sending && error instanceof TransportFailure && error.phase === 'maybe-sent') {
			// The create may have reached the provider: it is never sent again. (A read before it,
			// such as OxaPay's history, sent nothing.)
			reservation.settle('sent');
			return normalizedPayout({
				...fields,
				status: 'unknown',
				message: `${error.message} ${UNKNOWN_OUTCOME_MESSAGE}`,
			});
		}
		await reservation.cancel();
		throw toNodeError(ctx, error, itemIndex);
	}
}

async function showCreateWarnings(
	ctx: IExecuteFunctions,
	provider: PayoutProvider,
	call: ReturnType<typeof callContext>,
	payout: ValidatedPayout,
	itemIndex: number,
): Promise<string[]> {
	const warnings = (await provider.createWarnings?.(call, payout)) ?? [];
	if (warnings.length && 'addExecutionHints' in ctx) {
		ctx.addExecutionHints(
			...warnings.map((message) => ({
				message: `Item ${itemIndex}: ${message}`,
				type: 'warning' as const,
			})),
		);
	}
	return warnings;
}

function duplicateMessage(
	payout: ValidatedPayout,
	reason: DuplicateReason,
	earlierItem?: number,
): string {
	const reference = `Reference ${payout.reference}`;
	switch (reason) {
		case 'earlier-item':
			return `${reference} appears earlier in this batch (item ${earlierItem}); it is paid once, so nothing was sent for this row.`;
		case 'in-flight':
			return `${reference} is being paid right now by another execution in this n8n instance; nothing was sent now. Check its result there.`;
		case 'recorded':
			return `${reference} was already submitted by this workflow (recorded in n8n's processed data by an earlier run, or by another execution or worker that got it first); nothing was sent now.`;
	}
}

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
import { rememberedPayout, type DuplicateReason } from './claims';
import { toNodeError } from '../node-errors';
import type { PayoutOperation } from '../operation';
import { assertAgentMayPay } from './agent-guard';
import { CREATE_FIELD_NAMES, fieldProperties, mapAutomaticallyNotice } from './fields';
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
	const fields = createFields(provider.id, payout);
	if (batch.dryRun) return await dryRunPayout(ctx, itemIndex, provider, batch, payout);
	assertAgentMayPay(
		ctx,
		batch.allowAgentPayouts,
		(symbol) => batch.spending.hasLimit(symbol),
		payout,
	);

	const reservation = await reservePayout(batch, itemIndex, payout);
	if ('duplicate' in reservation) {
		const earlier = await knownEarlierPayout(ctx, itemIndex, provider, batch, payout, reservation);
		return normalizedPayout({
			...fields,
			status: 'duplicate',
			payoutId: earlier,
			message: duplicateMessage(payout, reservation.duplicate, reservation.earlierItem, earlier),
		});
	}
	let sending = false;
	try {
		const call = callContext(ctx, itemIndex, batch, provider.id);
		const earlier = await provider.findPayoutByReference?.(
			call,
			payout.reference,
			batch.createOptions,
		);
		if (earlier) {
			reservation.settle('duplicate', earlier.payoutId);
			return {
				...earlier,
				status: 'duplicate',
				message: providerHasItMessage(provider, payout, earlier),
			};
		}
		const warnings = await showCreateWarnings(ctx, provider, call, payout, itemIndex);
		sending = true;
		const result = await provider.createPayout(call, payout);
		if (result.status !== 'duplicate') result.message = withWarnings(result.message, warnings);
		if (result.status === 'duplicate') {
			// The provider refused a repeated reference (Cregis E0009) without naming the payout.
			result.payoutId ??= rememberedPayout(reservation.key)?.payoutId ?? null;
			reservation.settle('duplicate', result.payoutId);
		} else {
			reservation.settle('sent', result.payoutId);
		}
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

/** A duplicate item's earlier payout, when known: this process paid it, or the provider lists it. */
async function knownEarlierPayout(
	ctx: IExecuteFunctions,
	itemIndex: number,
	provider: PayoutProvider,
	batch: BatchState,
	payout: ValidatedPayout,
	duplicate: { duplicate: DuplicateReason; key: string },
): Promise<string | null> {
	const remembered = rememberedPayout(duplicate.key)?.payoutId;
	if (remembered) return remembered;
	// Recorded by an earlier run: the provider's own lookup may name it. Only a read, and only a
	// detail of this item's output, so a failure just leaves the id unknown.
	if (duplicate.duplicate !== 'recorded' || !provider.findPayoutByReference) return null;
	const call = callContext(ctx, itemIndex, batch, provider.id);
	if (call.cache.has(EARLIER_LOOKUP_FAILED)) return null;
	try {
		const found = await provider.findPayoutByReference(call, payout.reference, batch.createOptions);
		return found?.payoutId ?? null;
	} catch {
		call.cache.set(EARLIER_LOOKUP_FAILED, true);
		return null;
	}
}

/** Set in a provider's call cache once its lookup failed: later duplicates do not try again. */
const EARLIER_LOOKUP_FAILED = 'node:earlierPayoutLookupFailed';

/**
 * Dry Run: every check of a real run that writes nothing. The reference is looked up wherever it
 * can be read without recording it: this execution's earlier items, this process's payouts in
 * flight and of late, and the provider's own records (OxaPay's history). n8n's processed-data
 * store is not: its only call records the reference. The message says what was and was not checked.
 */
async function dryRunPayout(
	ctx: IExecuteFunctions,
	itemIndex: number,
	provider: PayoutProvider,
	batch: BatchState,
	payout: ValidatedPayout,
): Promise<NormalizedPayout> {
	const fields = createFields(provider.id, payout);
	const request = provider.previewCreate(payout) as IDataObject;
	const { symbol } = payout.asset;
	batch.spending.reserve(symbol, payout.amount.text);
	const inspection = await batch.claims.inspect(itemIndex);
	const checked = ['earlier items of this run'];
	const notChecked = [
		"n8n's record of references submitted by earlier runs of this workflow (n8n cannot read it without recording the reference)",
	];
	const duplicate = (payoutId: string | null, message: string) => {
		batch.spending.release(symbol, payout.amount.text);
		return {
			...normalizedPayout({
				...fields,
				status: 'duplicate',
				payoutId,
				message: `Dry run: ${message} A real run would send nothing for it.`,
			}),
			request,
		};
	};
	const reference = `Reference ${payout.reference}`;
	if (inspection) {
		if (inspection.earlierItem !== undefined)
			return duplicate(
				inspection.remembered?.payoutId ?? null,
				`${reference} appears earlier in this batch (item ${inspection.earlierItem}).`,
			);
		if (inspection.inFlight)
			return duplicate(
				null,
				`${reference} is being paid right now by another execution in this n8n instance.`,
			);
		if (inspection.remembered)
			return duplicate(
				inspection.remembered.payoutId,
				`${reference} was already submitted by this n8n instance${payoutIdText(inspection.remembered.payoutId)}.`,
			);
		checked.push("this n8n instance's payouts in flight and of late");
	} else {
		notChecked.push(
			"this n8n instance's payouts in flight and of late (the credential, which tells the paying account apart, could not be read)",
		);
	}
	if (provider.findPayoutByReference) {
		try {
			const call = callContext(ctx, itemIndex, batch, provider.id);
			const earlier = await provider.findPayoutByReference(
				call,
				payout.reference,
				batch.createOptions,
			);
			if (earlier) return duplicate(earlier.payoutId, providerHasItText(provider, payout, earlier));
			checked.push(`${provider.displayName}'s payout records`);
		} catch (error) {
			notChecked.push(
				`${provider.displayName}'s payout records (${toNodeError(ctx, error, itemIndex).message})`,
			);
		}
	} else {
		notChecked.push(
			`${provider.displayName}'s own refusal of a repeated reference, which it gives only when a payout is sent`,
		);
	}
	addWarningHints(ctx, itemIndex, payout.warnings);
	return {
		...normalizedPayout({
			...fields,
			status: 'validated',
			message: withWarnings(
				`Dry run: every check passed. Nothing was sent. An earlier payout of ${reference.toLowerCase()} was looked for in: ${checked.join('; ')}. Not checked: ${notChecked.join('; ')}; a real run may still find it there and report it as duplicate.`,
				payout.warnings,
			),
		}),
		request,
	};
}

function payoutIdText(payoutId: string | null): string {
	return payoutId ? ` (payout ${payoutId})` : '';
}

function providerHasItText(
	provider: PayoutProvider,
	payout: ValidatedPayout,
	earlier: NormalizedPayout,
): string {
	return `${provider.displayName} already has payout ${earlier.payoutId ?? ''} with reference ${payout.reference} (status ${earlier.providerStatus ?? 'unknown'}).`;
}

function providerHasItMessage(
	provider: PayoutProvider,
	payout: ValidatedPayout,
	earlier: NormalizedPayout,
): string {
	return `${providerHasItText(provider, payout, earlier).slice(0, -1)}; nothing was sent now.`;
}

async function showCreateWarnings(
	ctx: IExecuteFunctions,
	provider: PayoutProvider,
	call: ReturnType<typeof callContext>,
	payout: ValidatedPayout,
	itemIndex: number,
): Promise<string[]> {
	const warnings = [...payout.warnings, ...((await provider.createWarnings?.(call, payout)) ?? [])];
	addWarningHints(ctx, itemIndex, warnings);
	return warnings;
}

/** Warnings (the validated payout's, the provider's) as the execution's hints, one per warning. */
function addWarningHints(ctx: IExecuteFunctions, itemIndex: number, warnings: string[]): void {
	if (warnings.length && 'addExecutionHints' in ctx) {
		ctx.addExecutionHints(
			...warnings.map((message) => ({
				message: `Item ${itemIndex}: ${message}`,
				type: 'warning' as const,
			})),
		);
	}
}

/** The item's message with the warnings after it. */
function withWarnings(message: string | null, warnings: string[]): string | null {
	return [message, ...warnings].filter(Boolean).join(' ') || null;
}

function duplicateMessage(
	payout: ValidatedPayout,
	reason: DuplicateReason,
	earlierItem: number | undefined,
	payoutId: string | null,
): string {
	const reference = `Reference ${payout.reference}`;
	const earlier = payoutIdText(payoutId);
	switch (reason) {
		case 'earlier-item':
			return `${reference} appears earlier in this batch (item ${earlierItem}${payoutId ? `, payout ${payoutId}` : ''}); it is paid once, so nothing was sent for this row.`;
		case 'in-flight':
			return `${reference} is being paid right now by another execution in this n8n instance; nothing was sent now. Check its result there.`;
		case 'recorded':
			return `${reference} was already submitted by this workflow${earlier} (recorded in n8n's processed data by an earlier run, or by another execution or worker that got it first); nothing was sent now.`;
	}
}

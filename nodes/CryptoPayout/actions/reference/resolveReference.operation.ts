/**
 * Resolve Unknown Payout: settles a ledger row whose payout may or may not exist (a claim with no
 * outcome, an unknown outcome). OxaPay: its payout history is searched for the reference. Cregis
 * cannot be searched by reference, but it refuses a second payout with the same reference
 * (E0009), so sending the row again is a safe question: E0009 means the first payout exists; an
 * accepted payout means it did not, and now does. That resend is offered explicitly.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { PayoutProvider } from '../../providers/types';
import { PayoutFailure } from '../../shared/errors';
import { TransportFailure } from '../../shared/http';
import { holdKey, releaseKey } from '../../shared/key-holds';
import type { BatchState } from '../batch-state';
import { validateCreateInput } from '../create/validate-create';
import { toNodeError } from '../node-errors';
import type { PayoutOperation } from '../operation';
import {
	assertSentFromThisAccount,
	doubtOf,
	ledgerStatusOf,
	providerRecord,
	referenceRecord,
	type ReferenceRecord,
} from './reference-record';

export const option: PayoutOperation['option'] = {
	name: 'Resolve Unknown Payout',
	value: 'resolveReference',
	action: 'Resolve an unknown payout',
	description: "Settle a reference whose payout may or may not exist, from the provider's records",
};

const show = { show: { operation: ['resolveReference'] } };

export const properties: INodeProperties[] = [
	{
		displayName: 'Resend With the Same Reference',
		name: 'resendToSettle',
		type: 'boolean',
		noDataExpression: true,
		default: false,
		description:
			"Whether to send the ledger's row again when the provider cannot be searched by reference but refuses a repeated one itself (Cregis, E0009). If the first payout exists, nothing is paid and the row is settled; if it does not, this pays it now. The resend carries the row's address, amount and currency; no description or callback URL.",
		displayOptions: show,
	},
	{
		displayName: 'Memo / Tag for the Resend',
		name: 'resendMemo',
		type: 'string',
		default: '',
		description:
			"TON comment or XRP destination tag of the original payout: the ledger does not keep it. Required for a resend on TON and XRP when the recipient's exchange needs one.",
		displayOptions: { show: { operation: ['resolveReference'], resendToSettle: [true] } },
	},
];

function answer(record: ReferenceRecord, status: string, message: string, extra: IDataObject = {}) {
	return { reference: record.reference, status, message, ...extra };
}

export const execute: PayoutOperation['execute'] = async (ctx, itemIndex, provider, batch) => {
	const record = await referenceRecord(ctx, itemIndex, provider, batch);
	const { row, ledger } = record;
	if (!ledger) {
		const found = await providerRecord(provider, record, batch);
		return answer(
			record,
			found.payout?.status ?? 'not-found',
			found.searched
				? `${provider.displayName} ${found.payout ? `has payout ${found.payout.payoutId}` : 'has no payout'} with this reference in its history. Without a payout ledger there is no row to settle; n8n's record keeps the reference as submitted.`
				: `Without a payout ledger there is no row to settle, and ${provider.displayName} cannot be searched by reference: check it in its dashboard.`,
			{ providerRecord: found.payout ?? null },
		);
	}
	if (!row)
		return answer(
			record,
			'not-found',
			'The payout ledger has no row for this reference: nothing to resolve.',
		);
	const doubt = doubtOf(ctx, itemIndex, row);
	if (!doubt)
		return answer(
			record,
			row.status,
			`Already settled (${row.status}${row.payoutId ? `, payout ${row.payoutId}` : ''}): nothing to resolve.`,
			{ ledger: row as unknown as IDataObject },
		);
	if (doubt === 'in-progress')
		return answer(
			record,
			doubt,
			`Claimed at ${row.claimedAt} and may still be sending: resolve it once it is older than In Doubt After.`,
		);
	assertSentFromThisAccount(provider, record);
	const found = await providerRecord(provider, record, batch);
	if (found.payout) {
		await ledger.resolve(record.key.namespace, record.key.referenceKey, {
			status: ledgerStatusOf(found.payout),
			payoutId: found.payout.payoutId,
			providerStatus: found.payout.providerStatus,
		});
		return answer(
			record,
			ledgerStatusOf(found.payout),
			`Settled from ${provider.displayName}'s history: payout ${found.payout.payoutId}.`,
			{ payoutId: found.payout.payoutId },
		);
	}
	if (found.searched)
		return answer(
			record,
			'in-doubt',
			`${provider.displayName} has no payout with this reference in the history searched (Duplicate Check Window). If it was created earlier than that, check the dashboard; otherwise Release Reference frees it for a new payout.`,
		);
	if (!provider.refusesRepeatedReference)
		return answer(
			record,
			'in-doubt',
			`${provider.displayName} cannot be searched by reference: check it in its dashboard.`,
		);
	if (!ctx.getNodeParameter('resendToSettle', itemIndex, false))
		return answer(
			record,
			'in-doubt',
			`${provider.displayName} cannot be searched by reference, but it refuses a repeated one: turn on Resend With the Same Reference to settle it (if the payout exists nothing is paid).`,
		);
	return await resendToSettle(ctx, itemIndex, provider, batch, record);
};

/** Sends the row again; the provider's refusal of the repeat settles it. Held against other payers meanwhile. */
async function resendToSettle(
	ctx: IExecuteFunctions,
	itemIndex: number,
	provider: PayoutProvider,
	batch: BatchState,
	record: ReferenceRecord,
): Promise<IDataObject> {
	const row = record.row!;
	const payout = validateCreateInput(
		provider,
		{
			reference: row.reference,
			address: row.address,
			amount: row.amount,
			currency: row.currency,
			network: row.network,
			memo: ctx.getNodeParameter('resendMemo', itemIndex, ''),
			description: '',
			callbackUrl: '',
		},
		// The address was accepted when the row was claimed.
		{ evmWithoutChecksum: 'warn' },
	);
	const holder = `resolve:${ctx.getExecutionId()}:${itemIndex}`;
	if (holdKey(record.key.id, holder) !== undefined)
		throw new PayoutFailure(
			'REFERENCE_IN_FLIGHT',
			'This reference is being paid right now by another execution of this n8n: resolve it once that has finished.',
		);
	try {
		const result = await provider.createPayout(record.call, payout);
		if (result.status === 'unknown')
			return answer(
				record,
				'in-doubt',
				`The resend's outcome is unknown too; the row stays in doubt. ${result.message ?? ''}`.trim(),
			);
		const existed = result.status === 'duplicate';
		await record.ledger!.resolve(record.key.namespace, record.key.referenceKey, {
			status: 'sent',
			payoutId: result.payoutId,
			providerStatus: result.providerStatus,
		});
		return answer(
			record,
			'sent',
			existed
				? `${provider.displayName} already had this reference, so the first payout exists; nothing was paid now. Row settled as sent (its id is in ${provider.displayName}'s client).`
				: `${provider.displayName} had no payout with this reference: it was paid now (payout ${result.payoutId}). Row settled as sent.`,
			{ payoutId: result.payoutId, resent: !existed },
		);
	} catch (error) {
		if (error instanceof TransportFailure && error.phase === 'maybe-sent')
			return answer(
				record,
				'in-doubt',
				`${error.message} The row stays in doubt; resolve it again later.`,
			);
		throw toNodeError(ctx, error, itemIndex);
	} finally {
		releaseKey(record.key.id, holder);
	}
}

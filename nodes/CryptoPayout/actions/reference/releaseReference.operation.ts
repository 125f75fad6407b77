/**
 * Release Reference: frees a reference whose payout certainly does not exist, so a corrected run
 * can pay it. Only what the node can check is released: never a row with a payout, never one the
 * provider has, never a claim that may still be in flight. The item says what was checked.
 */
import type { INodeProperties } from 'n8n-workflow';

import { PayoutFailure } from '../../shared/errors';
import { isKeyHeld } from '../../shared/key-holds';
import { entryOf } from '../create/processed-data-registry';
import { ProcessedStore } from '../create/processed-store';
import { forgetPayout } from '../create/recent-payouts';
import type { PayoutOperation } from '../operation';
import {
	assertSentFromThisAccount,
	doubtOf,
	providerRecord,
	referenceRecord,
} from './reference-record';

export const option: PayoutOperation['option'] = {
	name: 'Release Reference',
	value: 'releaseReference',
	action: 'Release a reference',
	description: 'Free a reference whose payout does not exist, so it can be paid again',
};

export const properties: INodeProperties[] = [];

const refuse = (message: string) =>
	new PayoutFailure('RELEASE_REFUSED', `Not released: ${message}`, { kind: 'configuration' });

export const execute: PayoutOperation['execute'] = async (ctx, itemIndex, provider, batch) => {
	const record = await referenceRecord(ctx, itemIndex, provider, batch);
	const { row, ledger, key } = record;
	if (isKeyHeld(key.id)) throw refuse('it is being paid right now by an execution of this n8n.');
	const checked: string[] = [];
	if (ledger && !row)
		return {
			reference: record.reference,
			released: false,
			message: 'The payout ledger has no row for this reference: nothing to release.',
		};
	if (row && ['sent', 'completed', 'duplicate'].includes(row.status))
		throw refuse(
			`the ledger says it was paid (${row.status}${row.payoutId ? `, payout ${row.payoutId}` : ''}).`,
		);
	if (row && doubtOf(ctx, itemIndex, row) === 'in-progress')
		throw refuse(`it was claimed at ${row.claimedAt} and may still be sending (In Doubt After).`);
	if (row?.status !== 'failed') {
		assertSentFromThisAccount(provider, record);
		const found = await providerRecord(provider, record, batch);
		if (found.payout)
			throw refuse(
				`${provider.displayName} has payout ${found.payout.payoutId} with this reference (status ${found.payout.providerStatus ?? 'unknown'}). Use Resolve Unknown Payout to settle it.`,
			);
		if (!found.searched)
			throw refuse(
				`${provider.displayName} cannot be searched by reference, so the node cannot tell that no payout exists. Use Resolve Unknown Payout with Resend With the Same Reference instead: ${provider.displayName} refuses a repeat itself.`,
			);
		checked.push(`${provider.displayName}'s payout history has no payout with it`);
	} else {
		checked.push('the provider reported the payout failed');
	}
	if (ledger) {
		await ledger.remove(key.namespace, key.referenceKey);
		checked.push('its payout ledger row was removed');
	} else {
		await new ProcessedStore(ctx).remove([entryOf(key)]);
		checked.push(
			"this workflow's n8n record no longer holds it (other workflows' records are not touched)",
		);
	}
	forgetPayout(key.id);
	return {
		reference: record.reference,
		released: true,
		message: `Released: ${checked.join('; ')}.`,
	};
};

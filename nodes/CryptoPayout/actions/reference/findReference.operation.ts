/**
 * Find by Reference: everything the node can learn about a reference without changing anything:
 * the payout ledger's row, this n8n process's memory, and the provider's own record (OxaPay's
 * payout history). n8n's processed-data record cannot be read without writing to it, so it is
 * not consulted; the item says what was and was not looked at.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { recentPayout } from '../create/recent-payouts';
import type { PayoutOperation } from '../operation';
import { doubtOf, providerRecord, referenceRecord } from './reference-record';

export const option: PayoutOperation['option'] = {
	name: 'Find by Reference',
	value: 'findReference',
	action: 'Find a payout by reference',
	description: 'What is known of a reference: the payout ledger, this n8n, the provider',
};

export const properties: INodeProperties[] = [];

export const execute: PayoutOperation['execute'] = async (ctx, itemIndex, provider, batch) => {
	const record = await referenceRecord(ctx, itemIndex, provider, batch);
	const remembered = recentPayout(record.key.id);
	const found = await providerRecord(provider, record, batch);
	const looked = [
		record.ledger ? 'the payout ledger' : undefined,
		'this n8n process (its recent payouts)',
		found.searched ? `${provider.displayName}'s payout history` : undefined,
	].filter(Boolean);
	const notLooked = [
		record.ledger
			? undefined
			: "n8n's record of each workflow's earlier runs (it cannot be read without writing)",
		found.searched ? undefined : `${provider.displayName} (it cannot be searched by reference)`,
	].filter(Boolean);
	const row = record.row;
	const status = row
		? (doubtOf(ctx, itemIndex, row) ?? row.status)
		: (found.payout?.status ?? remembered?.outcome ?? 'not-found');
	return {
		reference: record.reference,
		status,
		payoutId: row?.payoutId ?? found.payout?.payoutId ?? remembered?.payoutId ?? null,
		provider: row?.provider ?? found.payout?.provider ?? remembered?.provider ?? null,
		message: `Looked at: ${looked.join('; ')}.${notLooked.length ? ` Not looked at: ${notLooked.join('; ')}.` : ''}`,
		ledger: (row as unknown as IDataObject) ?? null,
		providerRecord: found.payout ?? null,
		thisProcess: remembered ? { ...remembered } : null,
	};
};

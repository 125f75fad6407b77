/**
 * Dry Run: the real run minus the send. The same planner gives the same verdicts (earlier rows,
 * this process's payouts, the provider's records, the registry where it can be read, the cap in
 * item order), the same warnings are shown, and the item carries the exact request a real run
 * would send. Nothing is recorded, held or sent. The long explanation is in the README.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { NormalizedPayout, PayoutProvider, ValidatedPayout } from '../../providers/types';
import { createFields, normalizedPayout } from '../../shared/output';
import type { BatchState } from '../batch-state';
import { callContext } from '../call-context';
import { duplicateItem } from './duplicate-item';
import { createWarnings } from './warnings';

export async function dryRunPayout(
	ctx: IExecuteFunctions,
	itemIndex: number,
	provider: PayoutProvider,
	batch: BatchState,
	payout: ValidatedPayout,
): Promise<NormalizedPayout> {
	const request = provider.previewCreate(payout) as IDataObject;
	const verdict = await batch.claims.verdict(itemIndex);
	if (verdict.kind === 'refused') throw verdict.error;
	if (verdict.kind === 'duplicate')
		return { ...duplicateItem(provider, payout, verdict, true), request };
	const warnings = await createWarnings(
		ctx,
		provider,
		callContext(ctx, itemIndex, batch),
		payout,
		itemIndex,
	);
	const unread = batch.claims.unreadRecord;
	return {
		...normalizedPayout({
			...createFields(provider.id, payout),
			status: 'validated',
			message: [
				'Dry run: every check passed; nothing was sent.',
				unread ? `Not looked at: ${unread} (a real run checks it).` : undefined,
				...warnings,
			]
				.filter(Boolean)
				.join(' '),
		}),
		request,
	};
}

import type { IExecuteFunctions } from 'n8n-workflow';

import type { NormalizedPayout, PayoutProvider } from '../providers/types';
import { isPayoutFailure } from '../shared/errors';
import { TransportFailure } from '../shared/http';
import { normalizedPayout, UNKNOWN_OUTCOME_MESSAGE } from '../shared/output';
import type { BatchState } from './batch-state';
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

export async function createPayout(
	ctx: IExecuteFunctions,
	itemIndex: number,
	provider: PayoutProvider,
	batch: BatchState,
): Promise<NormalizedPayout> {
	const payout = validateCreateInput(provider, readCreateInput(ctx, itemIndex));
	const call = { ctx, itemIndex, timeoutMs: batch.timeoutMs };
	try {
		return await provider.createPayout(call, payout);
	} catch (error) {
		if (error instanceof TransportFailure && error.phase === 'maybe-sent') {
			return normalizedPayout({
				provider: provider.id,
				operation: 'create',
				status: 'unknown',
				reference: payout.reference,
				currency: payout.asset.symbol,
				network: payout.asset.network.id,
				address: payout.address,
				amount: payout.amount.text,
				memo: payout.memo,
				description: payout.description,
				message: `${error.message} ${UNKNOWN_OUTCOME_MESSAGE}`,
			});
		}
		if (isPayoutFailure(error) || error instanceof TransportFailure) throw error;
		throw error;
	}
}

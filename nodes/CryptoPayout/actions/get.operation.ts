/** Get Payout: a payout's current state by its ID. Moves no money. */
import type { INodeProperties } from 'n8n-workflow';

import { PayoutFailure } from '../shared/errors';
import { callContext } from './call-context';
import type { PayoutOperation } from './operation';

export const option: PayoutOperation['option'] = {
	name: 'Get Payout',
	value: 'get',
	action: 'Get a payout',
	description: "Read a payout's current status by its ID",
};

export const properties: INodeProperties[] = [
	{
		displayName: 'Payout ID',
		name: 'payoutId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. {{ $json.payoutId }}',
		description: 'The payoutId from Create Payout (OxaPay track ID, Cregis cid)',
		displayOptions: { show: { operation: ['get'] } },
	},
];

export const execute: PayoutOperation['execute'] = async (ctx, itemIndex, provider, batch) => {
	const payoutId = String(ctx.getNodeParameter('payoutId', itemIndex, '') ?? '').trim();
	if (!payoutId)
		throw new PayoutFailure(
			'PAYOUT_ID_REQUIRED',
			'Payout ID is empty. Map the payoutId of a Create Payout result.',
			{ field: 'payoutId' },
		);
	return await provider.getPayout(callContext(ctx, itemIndex, batch), payoutId);
};

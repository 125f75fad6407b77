/** Get Many Payouts: the payout history with the provider's own filters. Moves no money. */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { PROVIDERS } from '../providers/registry';
import type { PayoutProvider } from '../providers/types';
import { PayoutFailure } from '../shared/errors';
import { callContext } from './call-context';
import type { PayoutOperation } from './operation';

export const option: PayoutOperation['option'] = {
	name: 'Get Many Payouts',
	value: 'getMany',
	action: 'Get many payouts',
	description: 'List payouts from the history, with filters',
};

const showForList = { show: { operation: ['getMany'] } };

const limitProperties: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: showForList,
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { operation: ['getMany'], returnAll: [false] } },
	},
];

/** One Filters collection per provider that lists payouts, with that provider's filters. */
function filtersProperty(provider: PayoutProvider): INodeProperties {
	return {
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show: { operation: ['getMany'], provider: [provider.id] } },
		options: provider.listFilterOptions ?? [],
	};
}

export const properties: INodeProperties[] = [
	...limitProperties,
	...PROVIDERS.filter((provider) => provider.listPayouts).map(filtersProperty),
];

export const execute: PayoutOperation['execute'] = async (ctx, itemIndex, provider, batch) => {
	if (!provider.listPayouts) {
		throw new PayoutFailure(
			'UNSUPPORTED_OPERATION',
			`${provider.displayName} has no payout list endpoint; use Get Payout with an ID.`,
			{ kind: 'configuration' },
		);
	}
	const returnAll = ctx.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? 0 : (ctx.getNodeParameter('limit', itemIndex, 50) as number);
	const filters = ctx.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	return await provider.listPayouts(callContext(ctx, itemIndex, batch), {
		returnAll,
		limit,
		filters,
	});
};

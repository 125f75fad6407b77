import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { PROVIDERS } from '../providers/registry';
import type { OperationName, PayoutProvider } from '../providers/types';

export const providerProperty: INodeProperties = {
	displayName: 'Provider',
	name: 'provider',
	type: 'options',
	noDataExpression: true,
	options: PROVIDERS.map((provider) => ({ name: provider.displayName, value: provider.id })),
	default: 'oxapay',
	description: 'The payout service that sends the funds. Each needs its own credential.',
};

const OPERATIONS: Record<OperationName, INodePropertyOptions> = {
	create: {
		name: 'Create Payout',
		value: 'create',
		action: 'Create a payout',
		description: 'Send funds to an address. Every input item is one payout.',
	},
	get: { name: 'Get Payout', value: 'get', action: 'Get a payout', description: 'Read a payout\'s current status by its ID' },
	getMany: {
		name: 'Get Many Payouts',
		value: 'getMany',
		action: 'Get many payouts',
		description: 'List payouts from the history, with filters',
	},
	checkAddress: {
		name: 'Check Address',
		value: 'checkAddress',
		action: 'Check an address',
		description: 'Check that an address is valid for a network, without sending anything',
	},
};

/** One Operation menu per provider, listing only what that provider can do. */
export function operationProperty(provider: PayoutProvider): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { provider: [provider.id] } },
		options: provider.operations.map((operation) => OPERATIONS[operation]),
		default: 'create',
	};
}

export const operationProperties = PROVIDERS.map(operationProperty);

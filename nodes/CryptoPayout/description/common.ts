import type { INodeProperties } from 'n8n-workflow';

import { PROVIDERS } from '../providers/registry';

export const providerProperty: INodeProperties = {
	displayName: 'Provider',
	name: 'provider',
	type: 'options',
	noDataExpression: true,
	options: PROVIDERS.map((provider) => ({ name: provider.displayName, value: provider.id })),
	default: 'oxapay',
	description: 'The payout service that sends the funds. Each needs its own credential.',
};

export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Create Payout',
			value: 'create',
			action: 'Create a payout',
			description: 'Send funds to an address. Every input item is one payout.',
		},
	],
	default: 'create',
};

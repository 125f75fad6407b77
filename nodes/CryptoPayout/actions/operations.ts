/**
 * The typed router's table: one module per operation. A new operation is its module plus its
 * name in OperationName and one line here; a missing one fails to compile.
 */
import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_PROVIDER_ID, PROVIDERS } from '../providers/registry';
import type { OperationName, PayoutProvider } from '../providers/types';
import * as checkAddress from './checkAddress.operation';
import * as create from './create/create.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import type { PayoutOperation } from './operation';

export const OPERATIONS: { readonly [name in OperationName]: PayoutOperation } = {
	create,
	get,
	getMany,
	checkAddress,
};

export const providerProperty: INodeProperties = {
	displayName: 'Provider',
	name: 'provider',
	type: 'options',
	noDataExpression: true,
	options: PROVIDERS.map((provider) => ({ name: provider.displayName, value: provider.id })),
	default: DEFAULT_PROVIDER_ID,
	description: 'The payout service that sends the funds. Each needs its own credential.',
};

/** One Operation menu per provider, listing only what that provider can do. */
function operationProperty(provider: PayoutProvider): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { provider: [provider.id] } },
		options: provider.operations.map((operation) => OPERATIONS[operation].option),
		default: 'create',
	};
}

/** Everything the node shows: Provider, its Operation menu, then each operation's fields. */
export const nodeProperties: INodeProperties[] = [
	providerProperty,
	...PROVIDERS.map(operationProperty),
	...Object.values(OPERATIONS).flatMap((operation) => operation.properties),
];

/** Each provider's credential, shown for that provider alone. */
export const nodeCredentials = PROVIDERS.map((provider) => ({
	name: provider.credentialType,
	required: true,
	displayOptions: { show: { provider: [provider.id] } },
}));

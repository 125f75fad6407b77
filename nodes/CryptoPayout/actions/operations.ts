/**
 * The typed router's table: one module per operation. A new operation is its module plus its
 * name in OperationName and one line here; a missing one fails to compile.
 */
import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';

import { DEFAULT_PROVIDER_ID, PROVIDERS } from '../providers/registry';
import type { OperationName, PayoutProvider } from '../providers/types';
import { displayNameExpression, shownOnlyFor } from '../shared/editor';
import * as checkAddress from './checkAddress.operation';
import * as create from './create/create.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import type { PayoutOperation } from './operation';
import * as findReference from './reference/findReference.operation';
import { inDoubtAfterProperty, referenceProperty } from './reference/reference-record';
import * as releaseReference from './reference/releaseReference.operation';
import * as resolveReference from './reference/resolveReference.operation';

export const OPERATIONS: { readonly [name in OperationName]: PayoutOperation } = {
	create,
	get,
	getMany,
	checkAddress,
	findReference,
	resolveReference,
	releaseReference,
};

export const providerProperty: INodeProperties = {
	displayName: 'Provider',
	name: 'provider',
	type: 'options',
	noDataExpression: true,
	options: PROVIDERS.map((provider) => ({ name: provider.displayName, value: provider.id })),
	default: DEFAULT_PROVIDER_ID,
	description:
		'The payout service that sends the funds. Each needs its own credential: the Credential field above shows the one for this provider.',
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
	referenceProperty,
	inDoubtAfterProperty,
];

/**
 * Each provider's credential, shown for that provider alone, in the form that keeps Provider a
 * visible parameter of the node (see shownOnlyFor).
 */
export const nodeCredentials: INodeCredentialDescription[] = PROVIDERS.map((provider) => ({
	name: provider.credentialType,
	required: true,
	displayOptions: shownOnlyFor(
		'provider',
		provider.id,
		PROVIDERS.map((other) => other.id),
	),
}));

/** The canvas subtitle, "OxaPay: Create Payout": display names, looked up in the expression. */
export const nodeSubtitle = `={{ ${displayNameExpression(
	'provider',
	Object.fromEntries(PROVIDERS.map((provider) => [provider.id, provider.displayName])),
)} + ": " + ${displayNameExpression(
	'operation',
	Object.fromEntries(
		Object.values(OPERATIONS).map((operation) => [operation.option.value, operation.option.name]),
	),
)} }}`;

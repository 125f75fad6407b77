/**
 * Live dropdowns: each provider lists what its API offers right now.
 *
 * The editor asks for a list whenever the node opens, the Provider or Currency changes, or the
 * credential changes. Between those moments the node may have no credential of the selected
 * provider (a new node, a provider just switched, a credential being created), so a list that
 * cannot be read for lack of a credential is one disabled entry saying so, never an error; any
 * other failure is a clear NodeOperationError. The fields accept any value besides the list's
 * (`allowArbitraryValues`), so an empty or stale list never marks a valid value as an error.
 */
import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { loadOptionsContext } from './actions/call-context';
import { DEFAULT_PROVIDER_ID, getProvider } from './providers/registry';
import type { PayoutProvider } from './providers/types';
import { isPayoutFailure } from './shared/errors';

function selectedProvider(ctx: ILoadOptionsFunctions): PayoutProvider {
	const id = ctx.getCurrentNodeParameter('provider');
	return getProvider(typeof id === 'string' && id ? id : DEFAULT_PROVIDER_ID);
}

/** The entry shown instead of a list while the node has no usable credential of the provider. */
export function credentialFirstOption(provider: PayoutProvider): INodePropertyOptions {
	return {
		name: `Select the ${provider.displayName} credential above to load this list`,
		value: '',
		description: 'You can also type or map a value: the list is only a help',
		disabled: true,
	};
}

async function loadList(
	ctx: ILoadOptionsFunctions,
	provider: PayoutProvider,
	what: string,
	load: () => Promise<INodePropertyOptions[]>,
): Promise<INodePropertyOptions[]> {
	try {
		return await load();
	} catch (error) {
		// The node has no usable credential of this provider (yet): n8n refused before sending.
		if (isPayoutFailure(error) && error.code === 'CREDENTIAL_UNAVAILABLE')
			return [credentialFirstOption(provider)];
		const reason = error instanceof Error ? error.message : String(error);
		const message = `Could not read ${provider.displayName}'s ${what}: ${reason}`;
		const nodeError = new NodeOperationError(ctx.getNode(), message, {
			level: 'warning',
			description:
				'Check the credential (its Test button says whether the key works), or type the value: the field accepts it without the list.',
		});
		// n8n swaps a message naming an error code (ECONNRESET…) for a generic text; keep ours.
		nodeError.message = message;
		throw nodeError;
	}
}

export async function getCurrencies(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const provider = selectedProvider(this);
	return await loadList(
		this,
		provider,
		'currency list',
		async () => await provider.currencyOptions(loadOptionsContext(this)),
	);
}

export async function getNetworks(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const provider = selectedProvider(this);
	const currency = String(this.getCurrentNodeParameter('currency') ?? '').trim();
	if (!currency)
		return [
			{
				name: 'Select a Currency First',
				value: '',
				description: 'The networks depend on it',
				disabled: true,
			},
		];
	if (currency.startsWith('='))
		return [
			{ name: 'Currency Is an Expression: Type or Map the Network Too', value: '', disabled: true },
		];
	return await loadList(
		this,
		provider,
		`networks for ${currency}`,
		async () => await provider.networkOptions(loadOptionsContext(this), currency),
	);
}

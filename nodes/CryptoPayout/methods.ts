/** Live dropdowns: each provider lists what its API offers right now. */
import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { loadOptionsContext } from './actions/call-context';
import { getProvider } from './providers/registry';

export async function getCurrencies(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const provider = getProvider(this.getCurrentNodeParameter('provider') as string);
	return await provider.currencyOptions(loadOptionsContext(this));
}

export async function getNetworks(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const provider = getProvider(this.getCurrentNodeParameter('provider') as string);
	const currency = String(this.getCurrentNodeParameter('currency') ?? '');
	if (!currency || currency.startsWith('=')) return [];
	return await provider.networkOptions(loadOptionsContext(this), currency);
}

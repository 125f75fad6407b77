/**
 * Check Address: the offline checks of Create Payout (checksums, network, token contracts) plus
 * the provider's own checks, without sending anything. Address, Currency and Network are Create's
 * fields (create/fields.ts).
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { PayoutProvider } from '../providers/types';
import { PayoutFailure } from '../shared/errors';
import { findNetwork, type NetworkInfo } from '../shared/networks';
import { validateAddress } from '../validation/address';
import { isKnownTokenContract } from '../validation/token-contracts';
import { callContext } from './call-context';
import type { PayoutOperation } from './operation';

export const option: PayoutOperation['option'] = {
	name: 'Check Address',
	value: 'checkAddress',
	action: 'Check an address',
	description: 'Check that an address is valid for a network, without sending anything',
};

/** Address, Currency and Network are Create's fields (create/fields.ts), shown here too. */
export const properties: INodeProperties[] = [];

function networkForCheck(provider: PayoutProvider, currency: string, network: string): NetworkInfo {
	if (currency) return provider.resolveAsset(currency, network).network;
	const found = findNetwork(network);
	if (!found) {
		throw new PayoutFailure(
			network ? 'UNKNOWN_NETWORK' : 'NETWORK_REQUIRED',
			network
				? `Network "${network}" is not one the node knows.`
				: 'Set Network (or Currency) so the address can be checked for it.',
			{
				field: 'network',
			},
		);
	}
	return found;
}

export const execute: PayoutOperation['execute'] = async (ctx, itemIndex, provider, batch) => {
	const read = (name: string) => String(ctx.getNodeParameter(name, itemIndex, '') ?? '').trim();
	const network = networkForCheck(provider, read('currency'), read('network'));
	const offline = validateAddress(network.family, read('address'));
	const result: IDataObject = {
		provider: provider.id,
		operation: 'checkAddress',
		address: offline.valid ? offline.address : read('address'),
		network: network.id,
		valid: offline.valid,
		reason: offline.valid ? null : offline.reason,
		warnings: offline.valid ? offline.warnings : [],
		looksLike: offline.valid ? [] : (offline.looksLike ?? []),
		isInternal: null,
	};
	if (!offline.valid) return result;
	const contract = isKnownTokenContract(offline.address);
	if (contract)
		return {
			...result,
			valid: false,
			reason: `This is the ${contract.symbol} token contract on ${contract.network}, not a wallet.`,
		};
	if (provider.checkAddressRemotely) {
		const remote = await provider.checkAddressRemotely(
			callContext(ctx, itemIndex, batch),
			offline.address,
			network,
		);
		result.isInternal = remote.internal;
		if (!remote.legal)
			return {
				...result,
				valid: false,
				reason: `${provider.displayName} considers this address invalid on ${network.label}.`,
			};
	}
	return result;
};

/** Get Payout, Get Many Payouts and Check Address: the operations that move no money. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { NormalizedPayout, PayoutProvider } from '../providers/types';
import { compareDecimals, decimalTextFromInput } from '../shared/decimal';
import { PayoutFailure } from '../shared/errors';
import { findNetwork, type NetworkInfo } from '../shared/networks';
import { validateAddress } from '../validation/address';
import { isKnownTokenContract } from '../validation/token-contracts';
import type { BatchState } from './batch-state';
import { callContext } from './call-context';

export async function getPayout(ctx: IExecuteFunctions, itemIndex: number, provider: PayoutProvider, batch: BatchState): Promise<NormalizedPayout> {
	const payoutId = String(ctx.getNodeParameter('payoutId', itemIndex, '') ?? '').trim();
	if (!payoutId) throw new PayoutFailure('PAYOUT_ID_REQUIRED', 'Payout ID is empty. Map the payoutId of a Create Payout result.', { field: 'payoutId' });
	return await provider.getPayout(callContext(ctx, itemIndex, batch, provider.id), payoutId);
}

interface ListFilters {
	status?: string;
	currency?: string;
	network?: string;
	type?: string;
	fromAmount?: string;
	toAmount?: string;
	fromDate?: string;
	toDate?: string;
	sortBy?: string;
	sortType?: string;
}

function unixSeconds(value: string | undefined, field: string): number | undefined {
	if (!value) return undefined;
	const ms = Date.parse(value);
	if (Number.isNaN(ms)) throw new PayoutFailure('INVALID_DATE', `${field} "${value}" is not a date.`, { field });
	return Math.floor(ms / 1000);
}

/** History filters in OxaPay's names; amounts stay exact decimal text. */
function listFilters(filters: ListFilters): IDataObject {
	const query: IDataObject = {};
	if (filters.status) query.status = filters.status;
	if (filters.currency) query.currency = filters.currency.trim().toUpperCase();
	if (filters.network) query.network = filters.network.trim();
	if (filters.type) query.type = filters.type;
	if (filters.fromAmount) query.from_amount = decimalTextFromInput(filters.fromAmount, 'fromAmount');
	if (filters.toAmount) query.to_amount = decimalTextFromInput(filters.toAmount, 'toAmount');
	if (query.from_amount && query.to_amount && compareDecimals(String(query.from_amount), String(query.to_amount)) > 0) {
		throw new PayoutFailure('INVALID_RANGE', 'Amount From is larger than Amount To.', { field: 'fromAmount' });
	}
	query.from_date = unixSeconds(filters.fromDate, 'fromDate');
	query.to_date = unixSeconds(filters.toDate, 'toDate');
	if (filters.sortBy) query.sort_by = filters.sortBy;
	if (filters.sortType) query.sort_type = filters.sortType;
	return Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined));
}

export async function getManyPayouts(ctx: IExecuteFunctions, itemIndex: number, provider: PayoutProvider, batch: BatchState): Promise<NormalizedPayout[]> {
	if (!provider.listPayouts) {
		throw new PayoutFailure('UNSUPPORTED_OPERATION', `${provider.displayName} has no payout list endpoint; use Get Payout with an ID.`, { kind: 'configuration' });
	}
	const returnAll = ctx.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? 0 : (ctx.getNodeParameter('limit', itemIndex, 50) as number);
	const filters = listFilters(ctx.getNodeParameter('filters', itemIndex, {}) as ListFilters);
	return await provider.listPayouts(callContext(ctx, itemIndex, batch, provider.id), { returnAll, limit, filters });
}

function networkForCheck(provider: PayoutProvider, currency: string, network: string): NetworkInfo {
	if (currency) return provider.resolveAsset(currency, network).network;
	const found = findNetwork(network);
	if (!found) {
		throw new PayoutFailure(network ? 'UNKNOWN_NETWORK' : 'NETWORK_REQUIRED', network ? `Network "${network}" is not one the node knows.` : 'Set Network (or Currency) so the address can be checked for it.', {
			field: 'network',
		});
	}
	return found;
}

export async function checkAddress(ctx: IExecuteFunctions, itemIndex: number, provider: PayoutProvider, batch: BatchState): Promise<IDataObject> {
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
	if (contract) return { ...result, valid: false, reason: `This is the ${contract.symbol} token contract on ${contract.network}, not a wallet.` };
	if (provider.checkAddressRemotely) {
		const remote = await provider.checkAddressRemotely(callContext(ctx, itemIndex, batch, provider.id), offline.address, network);
		result.isInternal = remote.internal;
		if (!remote.legal) return { ...result, valid: false, reason: `${provider.displayName} considers this address invalid on ${network.label}.` };
	}
	return result;
}

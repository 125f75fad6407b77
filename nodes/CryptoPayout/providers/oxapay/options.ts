/** Live dropdowns and the minimum-amount warning, from OxaPay's public currency list. */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { compareDecimals, decimalTextFromProvider } from '../../shared/decimal';
import { findNetwork } from '../../shared/networks';
import type { ProviderCallContext, ValidatedPayout } from '../types';
import { DEFAULT_DUPLICATE_CHECK_DAYS, DUPLICATE_CHECK_DAYS_OPTION } from './history';
import { readOxaPayCurrencies } from './reads';

/** OxaPay's own entries in Create Payout's Options collection. */
export const oxaPayCreateOptions: INodeProperties[] = [
	{
		displayName: 'Duplicate Check Window (Days)',
		name: DUPLICATE_CHECK_DAYS_OPTION,
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 3650 },
		default: DEFAULT_DUPLICATE_CHECK_DAYS,
		description:
			'OxaPay has no idempotency key: before sending (and in Dry Run) the node searches this many days of the payout history for an earlier payout with the same reference',
	},
];

export async function oxaPayCurrencyOptions(
	call: ProviderCallContext,
): Promise<INodePropertyOptions[]> {
	const currencies = await readOxaPayCurrencies(call);
	return [...currencies.entries()]
		.filter(([, networks]) => networks.some((network) => findNetwork(network.network)))
		.map(([symbol, networks]) => ({
			name: symbol,
			value: symbol,
			description: networks.map((network) => network.name).join(', '),
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
}

export async function oxaPayNetworkOptions(
	call: ProviderCallContext,
	currency: string,
): Promise<INodePropertyOptions[]> {
	const networks = (await readOxaPayCurrencies(call)).get(currency.trim().toUpperCase()) ?? [];
	return networks
		.filter((network) => findNetwork(network.network))
		.map((network) => ({
			name: network.name,
			value: network.network,
			description: [
				network.withdrawMin
					? `minimum ${decimalTextFromProvider(network.withdrawMin) ?? network.withdrawMin}`
					: '',
				network.withdrawFee
					? `fee ${decimalTextFromProvider(network.withdrawFee) ?? network.withdrawFee}`
					: '',
			]
				.filter(Boolean)
				.join(', '),
		}));
}

export async function oxaPayCreateWarnings(
	call: ProviderCallContext,
	payout: ValidatedPayout,
): Promise<string[]> {
	let networks;
	try {
		networks = (await readOxaPayCurrencies(call)).get(payout.asset.symbol) ?? [];
	} catch {
		return []; // Advice only: an unavailable list never blocks a payout.
	}
	const network = networks.find(
		(candidate) => findNetwork(candidate.network)?.id === payout.asset.network.id,
	);
	const minimum = decimalTextFromProvider(network?.withdrawMin);
	if (!minimum || compareDecimals(payout.amount.text, minimum) >= 0) return [];
	return [
		`${payout.amount.text} ${payout.asset.symbol} is below OxaPay's minimum payout of ${minimum} on ${payout.asset.network.label}; OxaPay will probably refuse it.`,
	];
}

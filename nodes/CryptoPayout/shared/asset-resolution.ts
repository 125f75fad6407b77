/**
 * Reads a row's currency + network into a symbol and a canonical network, the same way for every
 * provider, so one sheet serves them all: `USDT` + `TRC20`, `USDT` + `Tron`, `ETH` + `ERC20`,
 * `BTC` alone, or the combined `USDT-TRC20`.
 */
import { ASSETS } from './assets';
import { PayoutFailure } from './errors';
import { findNetwork, NETWORKS, type NetworkInfo } from './networks';

export interface SymbolOnNetwork {
	symbol: string;
	network: NetworkInfo;
}

export function resolveSymbolAndNetwork(
	currencyInput: string,
	networkInput: string,
): SymbolOnNetwork {
	let symbol = currencyInput.trim().toUpperCase();
	let networkName = networkInput.trim();
	if (!symbol) {
		throw new PayoutFailure('INVALID_CURRENCY', 'Currency is empty.', { field: 'currency' });
	}
	const dash = symbol.indexOf('-');
	if (dash > 0 && findNetwork(symbol.slice(dash + 1))) {
		const embedded = findNetwork(symbol.slice(dash + 1))!;
		const given = networkName ? findNetwork(networkName) : undefined;
		if (given && given.id !== embedded.id) {
			throw new PayoutFailure(
				'CURRENCY_NETWORK_CONFLICT',
				`Currency "${currencyInput.trim()}" names the network ${embedded.label}, but Network says ${given.label}.`,
				{ field: 'network' },
			);
		}
		symbol = symbol.slice(0, dash);
		networkName = embedded.id;
	}
	if (!/^[A-Z0-9]{2,12}$/.test(symbol)) {
		throw new PayoutFailure(
			'INVALID_CURRENCY',
			`Currency "${currencyInput.trim()}" is not a currency symbol like USDT or BTC.`,
			{
				field: 'currency',
			},
		);
	}
	if (networkName) {
		const network = findNetwork(networkName);
		if (!network) {
			throw new PayoutFailure(
				'UNKNOWN_NETWORK',
				`Network "${networkName}" is not one the node knows.`,
				{
					field: 'network',
					description: `Use one of: ${NETWORKS.map((entry) => entry.aliases[0]?.toUpperCase() ?? entry.label).join(', ')} (or the network's name).`,
				},
			);
		}
		return { symbol, network };
	}
	const natives = NETWORKS.filter((network) => network.nativeSymbol === symbol);
	if (natives.length === 1) return { symbol, network: natives[0] };
	throw new PayoutFailure(
		'NETWORK_REQUIRED',
		natives.length > 1
			? `${symbol} exists on several networks (${natives.map((network) => network.label).join(', ')}); set Network.`
			: `${symbol} is a token: set Network (e.g. TRC20, ERC20, BEP20) so it is sent on the right chain.`,
		{ field: 'network' },
	);
}

/**
 * The asset symbol a currency text names on its own, network aside (`usdt`, `USDT`, `USDT-TRC20`),
 * when the node knows the asset; undefined otherwise. Providers' own forms (Cregis `195@…`) are
 * theirs to resolve.
 */
export function knownSymbol(currencyInput: string): string | undefined {
	let symbol = currencyInput.trim().toUpperCase();
	const dash = symbol.indexOf('-');
	if (dash > 0 && findNetwork(symbol.slice(dash + 1))) symbol = symbol.slice(0, dash);
	return ASSETS.some((asset) => asset.symbol === symbol) ? symbol : undefined;
}

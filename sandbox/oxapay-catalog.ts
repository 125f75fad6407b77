/**
 * The sandbox's OxaPay currency list (`/common/currencies`, oxapay-api.md §3c): each currency on
 * each network OxaPay pays out on, with fixed, plausible fees and minimums. Figures are decimal
 * text and are written as bare JSON number literals, never through a float. The table is the
 * sandbox's own, so a wrong decimals figure in the node is refused here rather than mirrored.
 */
import { numberLiteral, writeJson, type WritableJson } from './json-writer';
import type { NetworkId } from './networks';

export interface OxapayNetwork {
	networkId: NetworkId;
	/** The object key in /common/currencies and the canonical request value (`Tron`). */
	key: string;
	/** `Tron Network`: what payout info, history and callbacks echo. */
	displayName: string;
	/** Every accepted request spelling, key first (`Tron`, `TRC20`, `TRX`). */
	keys: string[];
	confirmations: number;
	withdrawFee: string;
	withdrawMin: string;
	depositMin: string;
	staticFixedFee: string;
	decimals: number;
}

export interface OxapayCurrency {
	symbol: string;
	name: string;
	networks: OxapayNetwork[];
}

interface NetworkNames {
	/** The object key in /common/currencies (`Tron`). */
	key: string;
	/** The display name (/common/networks, and `network` in payout info and callbacks). */
	displayName: string;
	/** Accepted request spellings after the key, as in OxaPay's own `keys` arrays (§3c, §6). */
	aliases: string[];
	confirmations: number;
}

/**
 * Keys, names and aliases as §3c/§3d show them where they do (Bitcoin, Ethereum, Base, Tron, BSC);
 * the rest follow the same pattern. Base is "Base" in /common/networks but "Base Network" in the
 * currencies excerpt; the sandbox uses the list's spelling everywhere. The sandbox's
 * /common/networks lists the names in this order.
 */
const OXAPAY_NETWORKS = {
	bitcoin: { key: 'Bitcoin', displayName: 'Bitcoin Network', aliases: ['BTC'], confirmations: 2 },
	litecoin: {
		key: 'Litecoin',
		displayName: 'Litecoin Network',
		aliases: ['LTC'],
		confirmations: 6,
	},
	dogecoin: {
		key: 'Dogecoin',
		displayName: 'Dogecoin Network',
		aliases: ['DOGE'],
		confirmations: 10,
	},
	'bitcoin-cash': {
		key: 'Bitcoin Cash',
		displayName: 'Bitcoin Cash Network',
		aliases: ['BCH'],
		confirmations: 6,
	},
	ethereum: {
		key: 'Ethereum',
		displayName: 'Ethereum Network',
		aliases: ['ERC20', 'ETH'],
		confirmations: 10,
	},
	bsc: {
		key: 'BSC',
		displayName: 'Binance Smart Chain',
		aliases: ['BEP20', 'BNB', 'Binance'],
		confirmations: 15,
	},
	polygon: {
		key: 'Polygon',
		displayName: 'Polygon Network',
		aliases: ['POL', 'MATIC'],
		confirmations: 128,
	},
	base: { key: 'Base', displayName: 'Base', aliases: [], confirmations: 10 },
	tron: { key: 'Tron', displayName: 'Tron Network', aliases: ['TRC20', 'TRX'], confirmations: 10 },
	ton: { key: 'TON', displayName: 'TON Network', aliases: ['Jetton'], confirmations: 1 },
	solana: {
		key: 'Solana',
		displayName: 'Solana Network',
		aliases: ['SOL', 'SPL'],
		confirmations: 32,
	},
} satisfies Partial<Record<NetworkId, NetworkNames>>;

/** A network OxaPay pays out on; a row on any other network does not compile. */
type OxapayNetworkId = keyof typeof OXAPAY_NETWORKS;

const NAMES: Record<string, string> = {
	BTC: 'Bitcoin',
	LTC: 'Litecoin',
	DOGE: 'Dogecoin',
	BCH: 'Bitcoin Cash',
	ETH: 'Ethereum',
	USDT: 'Tether',
	USDC: 'USD Coin',
	POL: 'Polygon',
	UNI: 'Uniswap',
	LINK: 'Chainlink',
	SHIB: 'Shiba Inu',
	TRX: 'Tron',
	SOL: 'Solana',
	TON: 'Toncoin',
	BNB: 'BNB',
};

/**
 * [symbol, network, decimals, withdraw_fee, withdraw_min, deposit_min, static_fixed_fee]. OxaPay
 * publishes no precision (§6), so decimals are the token's own, as the Cregis currency table
 * states them (cregis-api.md §7; USDT and USDC on BSC really have 18). Currencies and networks
 * appear in /common/currencies in this order.
 */
const ROWS: readonly [string, OxapayNetworkId, number, string, string, string, string][] = [
	['BTC', 'bitcoin', 8, '0.00011', '0.000045', '0.0000000928', '0.000002'],
	['LTC', 'litecoin', 8, '0.001', '0.005', '0.0001', '0'],
	['DOGE', 'dogecoin', 8, '2', '10', '1', '0'],
	['BCH', 'bitcoin-cash', 8, '0.0005', '0.001', '0.0001', '0'],
	['ETH', 'ethereum', 18, '0.0002', '0.0001', '0.0000040832', '0'],
	['USDT', 'ethereum', 6, '5', '1', '0.01', '0'],
	['USDC', 'ethereum', 6, '5', '1', '0.01', '0'],
	['POL', 'ethereum', 18, '3', '1', '0.1', '0'],
	['UNI', 'ethereum', 18, '0.5', '0.5', '0.01', '0'],
	['LINK', 'ethereum', 18, '0.3', '0.3', '0.01', '0'],
	['SHIB', 'ethereum', 18, '200000', '100000', '1000', '0'],
	['POL', 'polygon', 18, '0.1', '1', '0.1', '0'],
	['USDT', 'polygon', 6, '0.5', '1', '0.01', '0'],
	['USDC', 'polygon', 6, '0.5', '1', '0.01', '0'],
	['ETH', 'base', 18, '0.0000008', '0.0002', '0.0000040832', '0'],
	['USDT', 'base', 6, '0.1', '0.5', '0.01', '0'],
	['USDC', 'base', 6, '0.1', '0.5', '0.01', '0'],
	['TRX', 'tron', 6, '1', '1', '1', '0'],
	['USDT', 'tron', 6, '1', '0.01', '0.01', '0.3'],
	['USDC', 'tron', 6, '1', '1', '0.01', '0'],
	['SOL', 'solana', 9, '0.001', '0.01', '0.001', '0'],
	['USDT', 'solana', 6, '0.5', '1', '0.01', '0'],
	['USDC', 'solana', 6, '0.5', '1', '0.01', '0'],
	['TON', 'ton', 9, '0.02', '0.1', '0.01', '0'],
	['USDT', 'ton', 6, '0.3', '1', '0.01', '0'],
	['BNB', 'bsc', 18, '0.0005', '0.001', '0.0001', '0'],
	['USDT', 'bsc', 18, '0.2', '1', '0.01', '0'],
	['USDC', 'bsc', 18, '0.2', '1', '0.01', '0'],
];

function buildCatalog(): Map<string, OxapayCurrency> {
	const catalog = new Map<string, OxapayCurrency>();
	for (const [
		symbol,
		networkId,
		decimals,
		withdrawFee,
		withdrawMin,
		depositMin,
		staticFixedFee,
	] of ROWS) {
		const names: NetworkNames = OXAPAY_NETWORKS[networkId];
		let currency = catalog.get(symbol);
		if (!currency) {
			currency = { symbol, name: NAMES[symbol] ?? symbol, networks: [] };
			catalog.set(symbol, currency);
		}
		currency.networks.push({
			networkId,
			key: names.key,
			displayName: names.displayName,
			keys: [names.key, ...names.aliases],
			confirmations: names.confirmations,
			withdrawFee,
			withdrawMin,
			depositMin,
			staticFixedFee,
			decimals,
		});
	}
	return catalog;
}

export const OXAPAY_CATALOG: ReadonlyMap<string, OxapayCurrency> = buildCatalog();

export function findOxapayCurrency(symbol: string): OxapayCurrency | undefined {
	return OXAPAY_CATALOG.get(symbol.toUpperCase());
}

/** The currency's network named by key or alias, case-insensitively (`trc20` → Tron). */
export function findOxapayNetwork(
	currency: OxapayCurrency,
	name: string,
): OxapayNetwork | undefined {
	const wanted = name.trim().toLowerCase();
	return currency.networks.find((network) =>
		network.keys.some((key) => key.toLowerCase() === wanted),
	);
}

/** Does a history `network` filter value name this network (key, alias or display name)? */
export function networkMatchesFilter(network: OxapayNetwork, filter: string): boolean {
	const wanted = filter.trim().toLowerCase();
	return (
		network.displayName.toLowerCase() === wanted ||
		network.keys.some((key) => key.toLowerCase() === wanted)
	);
}

function currenciesData(): WritableJson {
	const data: Record<string, WritableJson> = {};
	for (const currency of OXAPAY_CATALOG.values()) {
		const networks: Record<string, WritableJson> = {};
		for (const network of currency.networks) {
			networks[network.key] = {
				network: network.key,
				name: network.displayName,
				keys: network.keys,
				required_confirmations: network.confirmations,
				withdraw_fee: numberLiteral(network.withdrawFee),
				withdraw_min: numberLiteral(network.withdrawMin),
				deposit_min: numberLiteral(network.depositMin),
				static_fixed_fee: numberLiteral(network.staticFixedFee),
			};
		}
		data[currency.symbol] = {
			symbol: currency.symbol,
			name: currency.name,
			status: true,
			networks,
		};
	}
	return data;
}

/** The `data` of /common/currencies and /common/networks, serialised once: both are static. */
export const CURRENCIES_DATA_JSON = writeJson(currenciesData());
export const NETWORKS_DATA_JSON = writeJson({
	list: Object.values(OXAPAY_NETWORKS).map((names) => names.displayName),
});

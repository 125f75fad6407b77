/**
 * The sandbox's OxaPay currency list: every asset of the node's asset table on a network OxaPay
 * pays out on, with fixed, plausible fees and minimums. Figures are decimal text and are written
 * as bare JSON number literals, never through a float (cf. oxapay-api.md §3c).
 */
import { ASSETS, findAsset } from '../nodes/CryptoPayout/shared/assets';
import { stringifyJson, JsonNumberLiteral, type JsonValue } from '../nodes/CryptoPayout/shared/json';
import type { NetworkId } from '../nodes/CryptoPayout/shared/networks';
import {
	OXAPAY_DEFAULT_DECIMALS,
	OXAPAY_NETWORK_DISPLAY_NAMES,
	OXAPAY_NETWORK_KEYS,
} from '../nodes/CryptoPayout/providers/oxapay/networks';

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

/** Aliases after the key, as in OxaPay's own `keys` arrays (reference §3c) where it shows them. */
const NETWORK_ALIASES: Partial<Record<NetworkId, { aliases: string[]; confirmations: number }>> = {
	bitcoin: { aliases: ['BTC'], confirmations: 2 },
	litecoin: { aliases: ['LTC'], confirmations: 6 },
	dogecoin: { aliases: ['DOGE'], confirmations: 10 },
	'bitcoin-cash': { aliases: ['BCH'], confirmations: 6 },
	ethereum: { aliases: ['ERC20', 'ETH'], confirmations: 10 },
	bsc: { aliases: ['BEP20', 'BNB', 'Binance'], confirmations: 15 },
	polygon: { aliases: ['POL', 'MATIC'], confirmations: 128 },
	base: { aliases: [], confirmations: 10 },
	tron: { aliases: ['TRC20', 'TRX'], confirmations: 10 },
	ton: { aliases: ['Jetton'], confirmations: 1 },
	solana: { aliases: ['SOL', 'SPL'], confirmations: 32 },
};

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

/** [withdraw_fee, withdraw_min, deposit_min, static_fixed_fee] per `SYMBOL/network`. */
const LIMITS: Record<string, [string, string, string, string]> = {
	'BTC/bitcoin': ['0.00011', '0.000045', '0.0000000928', '0.000002'],
	'LTC/litecoin': ['0.001', '0.005', '0.0001', '0'],
	'DOGE/dogecoin': ['2', '10', '1', '0'],
	'BCH/bitcoin-cash': ['0.0005', '0.001', '0.0001', '0'],
	'ETH/ethereum': ['0.0002', '0.0001', '0.0000040832', '0'],
	'USDT/ethereum': ['5', '1', '0.01', '0'],
	'USDC/ethereum': ['5', '1', '0.01', '0'],
	'POL/ethereum': ['3', '1', '0.1', '0'],
	'UNI/ethereum': ['0.5', '0.5', '0.01', '0'],
	'LINK/ethereum': ['0.3', '0.3', '0.01', '0'],
	'SHIB/ethereum': ['200000', '100000', '1000', '0'],
	'POL/polygon': ['0.1', '1', '0.1', '0'],
	'USDT/polygon': ['0.5', '1', '0.01', '0'],
	'USDC/polygon': ['0.5', '1', '0.01', '0'],
	'ETH/base': ['0.0000008', '0.0002', '0.0000040832', '0'],
	'USDT/base': ['0.1', '0.5', '0.01', '0'],
	'USDC/base': ['0.1', '0.5', '0.01', '0'],
	'TRX/tron': ['1', '1', '1', '0'],
	'USDT/tron': ['1', '0.01', '0.01', '0.3'],
	'USDC/tron': ['1', '1', '0.01', '0'],
	'SOL/solana': ['0.001', '0.01', '0.001', '0'],
	'USDT/solana': ['0.5', '1', '0.01', '0'],
	'USDC/solana': ['0.5', '1', '0.01', '0'],
	'TON/ton': ['0.02', '0.1', '0.01', '0'],
	'USDT/ton': ['0.3', '1', '0.01', '0'],
	'BNB/bsc': ['0.0005', '0.001', '0.0001', '0'],
	'USDT/bsc': ['0.2', '1', '0.01', '0'],
	'USDC/bsc': ['0.2', '1', '0.01', '0'],
};

function buildCatalog(): Map<string, OxapayCurrency> {
	const catalog = new Map<string, OxapayCurrency>();
	for (const asset of ASSETS) {
		const key = OXAPAY_NETWORK_KEYS[asset.network];
		const displayName = OXAPAY_NETWORK_DISPLAY_NAMES[asset.network];
		if (key === undefined || displayName === undefined) continue;
		let currency = catalog.get(asset.symbol);
		if (!currency) {
			currency = { symbol: asset.symbol, name: NAMES[asset.symbol] ?? asset.symbol, networks: [] };
			catalog.set(asset.symbol, currency);
		}
		const meta = NETWORK_ALIASES[asset.network] ?? { aliases: [], confirmations: 10 };
		const [withdrawFee, withdrawMin, depositMin, staticFixedFee] = LIMITS[`${asset.symbol}/${asset.network}`] ?? ['0', '0', '0', '0'];
		currency.networks.push({
			networkId: asset.network,
			key,
			displayName,
			keys: [key, ...meta.aliases],
			confirmations: meta.confirmations,
			withdrawFee,
			withdrawMin,
			depositMin,
			staticFixedFee,
			decimals: findAsset(asset.symbol, asset.network)?.decimals ?? OXAPAY_DEFAULT_DECIMALS,
		});
	}
	return catalog;
}

export const OXAPAY_CATALOG: ReadonlyMap<string, OxapayCurrency> = buildCatalog();

export function findOxapayCurrency(symbol: string): OxapayCurrency | undefined {
	return OXAPAY_CATALOG.get(symbol.toUpperCase());
}

/** The currency's network named by key or alias, case-insensitively (`trc20` → Tron). */
export function findOxapayNetwork(currency: OxapayCurrency, name: string): OxapayNetwork | undefined {
	const wanted = name.trim().toLowerCase();
	return currency.networks.find((network) => network.keys.some((key) => key.toLowerCase() === wanted));
}

/** Does a history `network` filter value name this network (key, alias or display name)? */
export function networkMatchesFilter(network: OxapayNetwork, filter: string): boolean {
	const wanted = filter.trim().toLowerCase();
	return network.displayName.toLowerCase() === wanted || network.keys.some((key) => key.toLowerCase() === wanted);
}

const number = (literal: string) => new JsonNumberLiteral(literal);

function currenciesData(): JsonValue {
	const data: Record<string, JsonValue> = {};
	for (const currency of OXAPAY_CATALOG.values()) {
		const networks: Record<string, JsonValue> = {};
		for (const network of currency.networks) {
			networks[network.key] = {
				network: network.key,
				name: network.displayName,
				keys: network.keys,
				required_confirmations: network.confirmations,
				withdraw_fee: number(network.withdrawFee),
				withdraw_min: number(network.withdrawMin),
				deposit_min: number(network.depositMin),
				static_fixed_fee: number(network.staticFixedFee),
			};
		}
		data[currency.symbol] = { symbol: currency.symbol, name: currency.name, status: true, networks };
	}
	return data;
}

/** The `data` of /common/currencies and /common/networks, serialised once: both are static. */
export const CURRENCIES_DATA_JSON = stringifyJson(currenciesData());
export const NETWORKS_DATA_JSON = stringifyJson({
	list: [...new Set(Object.values(OXAPAY_NETWORK_DISPLAY_NAMES).filter((name): name is string => name !== undefined))],
});

/**
 * The networks the node can pay out on, provider-neutral. A spreadsheet names a network in
 * whatever form the operator knows (`TRC20`, `Tron`, `BEP20`, `ERC20`); every alias resolves to
 * one canonical id, which decides the address checks and the memo rules, and which each provider
 * then maps to its own form.
 */
import type { AddressFamily } from '../validation/address';

export type NetworkId =
	| 'bitcoin'
	| 'litecoin'
	| 'dogecoin'
	| 'bitcoin-cash'
	| 'ethereum'
	| 'ethereum-classic'
	| 'bsc'
	| 'polygon'
	| 'arbitrum'
	| 'optimism'
	| 'avalanche'
	| 'base'
	| 'tron'
	| 'xrp'
	| 'ton'
	| 'solana';

export interface NetworkInfo {
	id: NetworkId;
	label: string;
	family: AddressFamily;
	/** The native coin's symbol: `BTC` alone means BTC on bitcoin. */
	nativeSymbol: string;
	aliases: string[];
	/** Networks whose transfers carry a memo or destination tag. */
	memo?: 'xrp-tag' | 'ton-comment';
}

export const NETWORKS: readonly NetworkInfo[] = [
	{
		id: 'bitcoin',
		label: 'Bitcoin',
		family: 'bitcoin',
		nativeSymbol: 'BTC',
		aliases: ['btc', 'bitcoin network'],
	},
	{
		id: 'litecoin',
		label: 'Litecoin',
		family: 'litecoin',
		nativeSymbol: 'LTC',
		aliases: ['ltc', 'litecoin network'],
	},
	{
		id: 'dogecoin',
		label: 'Dogecoin',
		family: 'dogecoin',
		nativeSymbol: 'DOGE',
		aliases: ['doge', 'dogecoin network'],
	},
	{
		id: 'bitcoin-cash',
		label: 'Bitcoin Cash',
		family: 'bitcoin-cash',
		nativeSymbol: 'BCH',
		aliases: ['bch', 'bitcoincash', 'bitcoin cash network'],
	},
	{
		id: 'ethereum',
		label: 'Ethereum (ERC-20)',
		family: 'evm',
		nativeSymbol: 'ETH',
		aliases: ['erc20', 'eth', 'ethereum network'],
	},
	{
		id: 'ethereum-classic',
		label: 'Ethereum Classic',
		family: 'evm',
		nativeSymbol: 'ETC',
		aliases: ['etc'],
	},
	{
		id: 'bsc',
		label: 'BNB Smart Chain (BEP-20)',
		family: 'evm',
		nativeSymbol: 'BNB',
		aliases: ['bep20', 'bnb', 'binance', 'binance smart chain', 'bnb smart chain', 'bnb-bsc'],
	},
	{
		id: 'polygon',
		label: 'Polygon',
		family: 'evm',
		nativeSymbol: 'POL',
		aliases: ['matic', 'pol', 'polygon network'],
	},
	{
		id: 'arbitrum',
		label: 'Arbitrum One',
		family: 'evm',
		nativeSymbol: 'ETH',
		aliases: ['arbitrum one', 'arb'],
	},
	{ id: 'optimism', label: 'Optimism', family: 'evm', nativeSymbol: 'ETH', aliases: ['op'] },
	{
		id: 'avalanche',
		label: 'Avalanche C-Chain',
		family: 'evm',
		nativeSymbol: 'AVAX',
		aliases: ['avalanche-c', 'avax', 'avalanche c-chain'],
	},
	{ id: 'base', label: 'Base', family: 'evm', nativeSymbol: 'ETH', aliases: ['base network'] },
	{
		id: 'tron',
		label: 'TRON (TRC-20)',
		family: 'tron',
		nativeSymbol: 'TRX',
		aliases: ['trc20', 'trx', 'tron network'],
	},
	{
		id: 'xrp',
		label: 'XRP Ledger',
		family: 'xrp',
		nativeSymbol: 'XRP',
		aliases: ['ripple', 'xrpl', 'xrp ledger', 'xrp-ripple'],
		memo: 'xrp-tag',
	},
	{
		id: 'ton',
		label: 'TON',
		family: 'ton',
		nativeSymbol: 'TON',
		aliases: ['the open network', 'ton network', 'jetton'],
		memo: 'ton-comment',
	},
	{
		id: 'solana',
		label: 'Solana',
		family: 'solana',
		nativeSymbol: 'SOL',
		aliases: ['sol', 'spl', 'solana network'],
	},
];

const NETWORK_BY_NAME = new Map<string, NetworkInfo>();
for (const network of NETWORKS) {
	for (const name of [network.id, network.label, ...network.aliases]) {
		NETWORK_BY_NAME.set(normalizeName(name), network);
	}
}

/**
 * Compared in lower case, ignoring spaces, underscores and hyphens, so `TRC-20`, `trc 20`,
 * `BEP-20` and the labels the node prints ("TRON (TRC-20)") all name their network.
 */
export function normalizeName(name: string): string {
	return name.toLowerCase().replace(/[\s_-]+/g, '');
}

export function findNetwork(name: string): NetworkInfo | undefined {
	return NETWORK_BY_NAME.get(normalizeName(name));
}

export function getNetwork(id: NetworkId): NetworkInfo {
	return NETWORKS.find((network) => network.id === id)!;
}

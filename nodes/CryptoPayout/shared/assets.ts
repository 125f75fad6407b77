/**
 * Decimal precision per asset and network: an amount with more decimals than the asset has is
 * refused, never rounded. Figures from the Cregis currency table (reference: cregis-api.md §7).
 */
import type { NetworkId } from './networks';

export interface AssetInfo {
	symbol: string;
	network: NetworkId;
	decimals: number;
}

const asset = (symbol: string, network: NetworkId, decimals: number): AssetInfo => ({
	symbol,
	network,
	decimals,
});

export const ASSETS: readonly AssetInfo[] = [
	asset('BTC', 'bitcoin', 8),
	asset('LTC', 'litecoin', 8),
	asset('DOGE', 'dogecoin', 8),
	asset('BCH', 'bitcoin-cash', 8),
	asset('ETH', 'ethereum', 18),
	asset('USDT', 'ethereum', 6),
	asset('USDC', 'ethereum', 6),
	asset('POL', 'ethereum', 18),
	asset('UNI', 'ethereum', 18),
	asset('LINK', 'ethereum', 18),
	asset('SHIB', 'ethereum', 18),
	asset('ETC', 'ethereum-classic', 18),
	asset('POL', 'polygon', 18),
	asset('USDT', 'polygon', 6),
	asset('USDC', 'polygon', 6),
	asset('ETH', 'arbitrum', 18),
	asset('USDT', 'arbitrum', 6),
	asset('USDC', 'arbitrum', 6),
	asset('ETH', 'optimism', 18),
	asset('USDT', 'optimism', 6),
	asset('USDC', 'optimism', 6),
	asset('AVAX', 'avalanche', 18),
	asset('USDT', 'avalanche', 6),
	asset('USDC', 'avalanche', 6),
	asset('ETH', 'base', 18),
	asset('USDT', 'base', 6),
	asset('USDC', 'base', 6),
	asset('XRP', 'xrp', 6),
	asset('TRX', 'tron', 6),
	asset('USDT', 'tron', 6),
	asset('USDC', 'tron', 6),
	asset('SOL', 'solana', 9),
	asset('USDT', 'solana', 6),
	asset('USDC', 'solana', 6),
	asset('TON', 'ton', 9),
	asset('USDT', 'ton', 6),
	asset('BNB', 'bsc', 18),
	asset('USDT', 'bsc', 18),
	asset('USDC', 'bsc', 18),
];

export function findAsset(symbol: string, network: NetworkId): AssetInfo | undefined {
	const wanted = symbol.trim().toUpperCase();
	return ASSETS.find((entry) => entry.symbol === wanted && entry.network === network);
}

/**
 * Cregis names a currency `chain_id@token_id` (token_id = the token contract, or the chain id for
 * the native coin) or by name (`USDT-TRC20`). Table: cregis-api.md §7, newest list.
 */
import type { NetworkId } from '../../shared/networks';

export interface CregisCurrency {
	name: string;
	chainId: string;
	tokenId: string;
	symbol: string;
	network: NetworkId;
}

const currency = (
	name: string,
	chainId: string,
	tokenId: string,
	symbol: string,
	network: NetworkId,
): CregisCurrency => ({
	name,
	chainId,
	tokenId,
	symbol,
	network,
});

export const CREGIS_CURRENCIES: readonly CregisCurrency[] = [
	currency('Bitcoin', '0', '0', 'BTC', 'bitcoin'),
	currency('Litecoin', '2', '2', 'LTC', 'litecoin'),
	currency('Dogecoin', '3', '3', 'DOGE', 'dogecoin'),
	currency('Bitcoin Cash', '5', '5', 'BCH', 'bitcoin-cash'),
	currency('Ethereum', '60', '60', 'ETH', 'ethereum'),
	currency('USDT-ERC20', '60', '0xdac17f958d2ee523a2206206994597c13d831ec7', 'USDT', 'ethereum'),
	currency('USDC-ERC20', '60', '0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48', 'USDC', 'ethereum'),
	currency('POL-ERC20', '60', '0x455e53cbb86018ac2b8092fdcd39d8444affc3f6', 'POL', 'ethereum'),
	currency('Uniswap-ERC20', '60', '0x1f9840a85d5af5bf1d1762f925bdaddc4201f984', 'UNI', 'ethereum'),
	currency(
		'ChainLink-ERC20',
		'60',
		'0x514910771af9ca656af840dff83e8264ecf986ca',
		'LINK',
		'ethereum',
	),
	currency('SHIB-ERC20', '60', '0x95ad61b0a150d79219dcf64e1e6cc01f0b64c4ce', 'SHIB', 'ethereum'),
	currency('Ethereum Classic', '61', '61', 'ETC', 'ethereum-classic'),
	currency('POL-Polygon', '62', '62', 'POL', 'polygon'),
	currency('USDT-Polygon', '62', '0xc2132d05d31c914a87c6611c10748aeb04b58e8f', 'USDT', 'polygon'),
	currency('USDC-Polygon', '62', '0x3c499c542cef5e3811e1192ce70d8cc03d5c3359', 'USDC', 'polygon'),
	currency('Arbitrum One', '63', '63', 'ETH', 'arbitrum'),
	currency(
		'USDT-Arbitrum One',
		'63',
		'0xfd086bc7cd5c481dcc9c85ebe478a1c0b69fcbb9',
		'USDT',
		'arbitrum',
	),
	currency(
		'USDC-Arbitrum One',
		'63',
		'0xaf88d065e77c8cc2239327c5edb3a432268e5831',
		'USDC',
		'arbitrum',
	),
	currency('Optimism', '64', '64', 'ETH', 'optimism'),
	currency('USDT-Optimism', '64', '0x94b008aa00579c1307b0ef2c499ad98a8ce58e58', 'USDT', 'optimism'),
	currency('USDC-Optimism', '64', '0x0b2c639c533813f4aa9d7837caf62653d097ff85', 'USDC', 'optimism'),
	currency('Avalanche-C', '65', '65', 'AVAX', 'avalanche'),
	currency(
		'USDT-Avalanche-C',
		'65',
		'0x9702230a8ea53601f5cd2dc00fdbc13d4df4a8c7',
		'USDT',
		'avalanche',
	),
	currency(
		'USDC-Avalanche-C',
		'65',
		'0xb97ef9ef8734c71904d8002f8b6bc66dd9c48a6e',
		'USDC',
		'avalanche',
	),
	currency('Base', '66', '66', 'ETH', 'base'),
	currency('USDT-Base', '66', '0xfde4c96c8593536e31f229ea8f37b2ada2699bb2', 'USDT', 'base'),
	currency('USDC-Base', '66', '0x833589fcd6edb6e08f4c7c32d4f71b54bda02913', 'USDC', 'base'),
	currency('XRP-Ripple', '144', '144', 'XRP', 'xrp'),
	currency('TRON', '195', '195', 'TRX', 'tron'),
	currency('USDT-TRC20', '195', 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t', 'USDT', 'tron'),
	currency('USDC-TRC20', '195', 'TEkxiTehnzSmSe2XqrBj4w32RUN966rdz8', 'USDC', 'tron'),
	currency('Solana', '1000', '1000', 'SOL', 'solana'),
	currency('USDT-Solana', '1000', 'Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB', 'USDT', 'solana'),
	currency('USDC-Solana', '1000', 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v', 'USDC', 'solana'),
	currency('TON', '2000', '2000', 'TON', 'ton'),
	currency(
		'USDT-Jetton',
		'2000',
		'EQCxE6mUtQJKFnGfaROTKOt1lZbDiiX1kCixRv7Nw2Id_sDs',
		'USDT',
		'ton',
	),
	currency('BNB-BSC', '2510', '2510', 'BNB', 'bsc'),
	currency('USDT-BEP20', '2510', '0x55d398326f99059ff775485246999027b3197955', 'USDT', 'bsc'),
	currency('USDC-BEP20', '2510', '0x8ac76a51cc950d9822d68b83fe1ad97b32cd580d', 'USDC', 'bsc'),
];

export function cregisCurrencyId(entry: CregisCurrency): string {
	return `${entry.chainId}@${entry.tokenId}`;
}

/** Finds a currency given in Cregis's own forms: `195@195`, `USDT-TRC20` (case-insensitive). */
export function findCregisCurrencyByOwnForm(value: string): CregisCurrency | undefined {
	const wanted = value.trim();
	const at = wanted.indexOf('@');
	if (at > 0) {
		const chainId = wanted.slice(0, at);
		const tokenId = wanted.slice(at + 1);
		return CREGIS_CURRENCIES.find(
			(entry) =>
				entry.chainId === chainId &&
				// EVM contracts are hex and case-insensitive; other token ids are case-sensitive.
				(entry.tokenId === tokenId ||
					(entry.tokenId.startsWith('0x') && entry.tokenId === tokenId.toLowerCase())),
		);
	}
	const lower = wanted.toLowerCase();
	return CREGIS_CURRENCIES.find((entry) => entry.name.toLowerCase() === lower);
}

export function findCregisCurrency(symbol: string, network: NetworkId): CregisCurrency | undefined {
	const wanted = symbol.trim().toUpperCase();
	return CREGIS_CURRENCIES.find((entry) => entry.symbol === wanted && entry.network === network);
}

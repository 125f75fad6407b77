/**
 * The sandbox Cregis project's payout coins, from the currency table in cregis-api.md §7 (newest
 * list: name, chain_id, token_id, decimals). A request names a coin by `name` or by
 * `chain_id@token_id`; the decimals decide E0007. The table's opBNB (67), Filecoin (2307) and SUI
 * (3000) are not enabled for the sandbox project, so they get `E0005 Unsupported coin`, as a coin a
 * real project has not enabled does.
 */
import type { NetworkId } from './networks';

export interface CregisCurrency {
	/** Cregis's coin name (`USDT-TRC20`). */
	name: string;
	chainId: string;
	/** The token contract, or the chain id again for the chain's native coin. */
	tokenId: string;
	/** What payout queries and callbacks carry as `currency` (`TRX`, `USDT`). */
	symbol: string;
	network: NetworkId;
	decimals: number;
}

/** A Map, not an object: a chain_id comes from the request and must not reach prototype keys. */
const CHAIN_NETWORKS: ReadonlyMap<string, NetworkId> = new Map([
	['0', 'bitcoin'],
	['2', 'litecoin'],
	['3', 'dogecoin'],
	['5', 'bitcoin-cash'],
	['60', 'ethereum'],
	['61', 'ethereum-classic'],
	['62', 'polygon'],
	['63', 'arbitrum'],
	['64', 'optimism'],
	['65', 'avalanche'],
	['66', 'base'],
	['144', 'xrp'],
	['195', 'tron'],
	['1000', 'solana'],
	['2000', 'ton'],
	['2510', 'bsc'],
]);

/** [name, chain_id, token_id, decimals, symbol], in the reference's order. */
const ROWS: readonly [string, string, string, number, string][] = [
	['Bitcoin', '0', '0', 8, 'BTC'],
	['Litecoin', '2', '2', 8, 'LTC'],
	['Dogecoin', '3', '3', 8, 'DOGE'],
	['Bitcoin Cash', '5', '5', 8, 'BCH'],
	['Ethereum', '60', '60', 18, 'ETH'],
	['USDT-ERC20', '60', '0xdac17f958d2ee523a2206206994597c13d831ec7', 6, 'USDT'],
	['USDC-ERC20', '60', '0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48', 6, 'USDC'],
	['POL-ERC20', '60', '0x455e53cbb86018ac2b8092fdcd39d8444affc3f6', 18, 'POL'],
	['Uniswap-ERC20', '60', '0x1f9840a85d5af5bf1d1762f925bdaddc4201f984', 18, 'UNI'],
	['ChainLink-ERC20', '60', '0x514910771af9ca656af840dff83e8264ecf986ca', 18, 'LINK'],
	['SHIB-ERC20', '60', '0x95ad61b0a150d79219dcf64e1e6cc01f0b64c4ce', 18, 'SHIB'],
	['Ethereum Classic', '61', '61', 18, 'ETC'],
	['POL-Polygon', '62', '62', 18, 'POL'],
	['USDT-Polygon', '62', '0xc2132d05d31c914a87c6611c10748aeb04b58e8f', 6, 'USDT'],
	['USDC-Polygon', '62', '0x3c499c542cef5e3811e1192ce70d8cc03d5c3359', 6, 'USDC'],
	['Arbitrum One', '63', '63', 18, 'ETH'],
	['USDT-Arbitrum One', '63', '0xfd086bc7cd5c481dcc9c85ebe478a1c0b69fcbb9', 6, 'USDT'],
	['USDC-Arbitrum One', '63', '0xaf88d065e77c8cc2239327c5edb3a432268e5831', 6, 'USDC'],
	['Optimism', '64', '64', 18, 'ETH'],
	['USDT-Optimism', '64', '0x94b008aa00579c1307b0ef2c499ad98a8ce58e58', 6, 'USDT'],
	['USDC-Optimism', '64', '0x0b2c639c533813f4aa9d7837caf62653d097ff85', 6, 'USDC'],
	['Avalanche-C', '65', '65', 18, 'AVAX'],
	['USDT-Avalanche-C', '65', '0x9702230a8ea53601f5cd2dc00fdbc13d4df4a8c7', 6, 'USDT'],
	['USDC-Avalanche-C', '65', '0xb97ef9ef8734c71904d8002f8b6bc66dd9c48a6e', 6, 'USDC'],
	['Base', '66', '66', 18, 'ETH'],
	['USDT-Base', '66', '0xfde4c96c8593536e31f229ea8f37b2ada2699bb2', 6, 'USDT'],
	['USDC-Base', '66', '0x833589fcd6edb6e08f4c7c32d4f71b54bda02913', 6, 'USDC'],
	['XRP-Ripple', '144', '144', 6, 'XRP'],
	['TRON', '195', '195', 6, 'TRX'],
	['USDT-TRC20', '195', 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t', 6, 'USDT'],
	['USDC-TRC20', '195', 'TEkxiTehnzSmSe2XqrBj4w32RUN966rdz8', 6, 'USDC'],
	['Solana', '1000', '1000', 9, 'SOL'],
	['USDT-Solana', '1000', 'Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB', 6, 'USDT'],
	['USDC-Solana', '1000', 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v', 6, 'USDC'],
	['TON', '2000', '2000', 9, 'TON'],
	['USDT-Jetton', '2000', 'EQCxE6mUtQJKFnGfaROTKOt1lZbDiiX1kCixRv7Nw2Id_sDs', 6, 'USDT'],
	['BNB-BSC', '2510', '2510', 18, 'BNB'],
	['USDT-BEP20', '2510', '0x55d398326f99059ff775485246999027b3197955', 18, 'USDT'],
	['USDC-BEP20', '2510', '0x8ac76a51cc950d9822d68b83fe1ad97b32cd580d', 18, 'USDC'],
];

export const CREGIS_CURRENCIES: readonly CregisCurrency[] = ROWS.map(
	([name, chainId, tokenId, decimals, symbol]) => ({
		name,
		chainId,
		tokenId,
		symbol,
		network: CHAIN_NETWORKS.get(chainId)!,
		decimals,
	}),
);

/** The `chain_id@token_id` form, which the ledger records as the payout's currency. */
export function cregisCurrencyId(currency: CregisCurrency): string {
	return `${currency.chainId}@${currency.tokenId}`;
}

/** The coin a request's `currency` names: `195@195`, or a name such as `USDT-TRC20` (any case). */
export function findCregisCurrency(value: string): CregisCurrency | undefined {
	const wanted = value.trim();
	const at = wanted.indexOf('@');
	if (at > 0) return findById(wanted.slice(0, at), wanted.slice(at + 1));
	const name = wanted.toLowerCase();
	return CREGIS_CURRENCIES.find((currency) => currency.name.toLowerCase() === name);
}

function findById(chainId: string, tokenId: string): CregisCurrency | undefined {
	return CREGIS_CURRENCIES.find(
		(currency) => currency.chainId === chainId && sameTokenId(currency.tokenId, tokenId),
	);
}

/**
 * EVM contracts are hex, so any case names the same contract (the table is lower-case); other
 * token ids (TRON, Solana, TON) are case-sensitive base58/base64.
 */
function sameTokenId(listed: string, given: string): boolean {
	return listed === given || (listed.startsWith('0x') && listed === given.toLowerCase());
}

/** The network of a `chain_id`, for the address checks; undefined for a chain the project lacks. */
export function cregisChainNetwork(chainId: string): NetworkId | undefined {
	return CHAIN_NETWORKS.get(chainId);
}

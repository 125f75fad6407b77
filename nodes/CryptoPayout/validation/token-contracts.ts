/**
 * Well-known token contract / mint addresses. A payout sent TO one of these is almost always a
 * mistake (the operator pasted the token's address instead of the recipient's) and the funds
 * are usually unrecoverable, so callers refuse them.
 */

import { screenText } from './text-safety';
import { tonAccountKey } from './ton';

export interface KnownTokenContract {
	symbol: string;
	network: string;
}

interface ContractEntry extends KnownTokenContract {
	address: string;
}

const EVM_CONTRACTS: ContractEntry[] = [
	{
		symbol: 'USDT',
		network: 'Ethereum (ERC-20)',
		address: '0xdac17f958d2ee523a2206206994597c13d831ec7',
	},
	{
		symbol: 'USDC',
		network: 'Ethereum (ERC-20)',
		address: '0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48',
	},
	{
		symbol: 'POL',
		network: 'Ethereum (ERC-20)',
		address: '0x455e53cbb86018ac2b8092fdcd39d8444affc3f6',
	},
	{
		symbol: 'UNI',
		network: 'Ethereum (ERC-20)',
		address: '0x1f9840a85d5af5bf1d1762f925bdaddc4201f984',
	},
	{
		symbol: 'LINK',
		network: 'Ethereum (ERC-20)',
		address: '0x514910771af9ca656af840dff83e8264ecf986ca',
	},
	{
		symbol: 'SHIB',
		network: 'Ethereum (ERC-20)',
		address: '0x95ad61b0a150d79219dcf64e1e6cc01f0b64c4ce',
	},
	{ symbol: 'USDT', network: 'Polygon', address: '0xc2132d05d31c914a87c6611c10748aeb04b58e8f' },
	{ symbol: 'USDC', network: 'Polygon', address: '0x3c499c542cef5e3811e1192ce70d8cc03d5c3359' },
	{ symbol: 'USDT', network: 'Arbitrum', address: '0xfd086bc7cd5c481dcc9c85ebe478a1c0b69fcbb9' },
	{ symbol: 'USDC', network: 'Arbitrum', address: '0xaf88d065e77c8cc2239327c5edb3a432268e5831' },
	{ symbol: 'USDT', network: 'Optimism', address: '0x94b008aa00579c1307b0ef2c499ad98a8ce58e58' },
	{ symbol: 'USDC', network: 'Optimism', address: '0x0b2c639c533813f4aa9d7837caf62653d097ff85' },
	{
		symbol: 'USDT',
		network: 'Avalanche C-Chain',
		address: '0x9702230a8ea53601f5cd2dc00fdbc13d4df4a8c7',
	},
	{
		symbol: 'USDC',
		network: 'Avalanche C-Chain',
		address: '0xb97ef9ef8734c71904d8002f8b6bc66dd9c48a6e',
	},
	{ symbol: 'USDT', network: 'Base', address: '0xfde4c96c8593536e31f229ea8f37b2ada2699bb2' },
	{ symbol: 'USDC', network: 'Base', address: '0x833589fcd6edb6e08f4c7c32d4f71b54bda02913' },
	{
		symbol: 'USDT',
		network: 'BNB Smart Chain (BEP-20)',
		address: '0x55d398326f99059ff775485246999027b3197955',
	},
	{
		symbol: 'USDC',
		network: 'BNB Smart Chain (BEP-20)',
		address: '0x8ac76a51cc950d9822d68b83fe1ad97b32cd580d',
	},
	// The wrapped native coin of each EVM network the node pays on: sending the coin itself there
	// wraps it for the sender (the provider's hot wallet), never for the recipient. Sources:
	// Uniswap/sdk-core src/entities/weth9.ts and chains.ts (WETH, WBNB, WMATIC/WPOL, WAVAX; Polygon
	// renamed WMATIC to WPOL at the same address), etcswap/tokens ethereum-classic/all.json (WETC).
	{
		symbol: 'WETH',
		network: 'Ethereum (ERC-20)',
		address: '0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2',
	},
	{
		symbol: 'WETC',
		network: 'Ethereum Classic',
		address: '0x1953cab0e5bfa6d4a9bad6e05fd46c1cc6527a5a',
	},
	{
		symbol: 'WBNB',
		network: 'BNB Smart Chain (BEP-20)',
		address: '0xbb4cdb9cbd36b01bd1cbaebf2de08d9173bc095c',
	},
	{
		symbol: 'WPOL (formerly WMATIC)',
		network: 'Polygon',
		address: '0x0d500b1d8e8ef31e21c99d1db9a6444d3adf1270',
	},
	{ symbol: 'WETH', network: 'Arbitrum', address: '0x82af49447d8a07e3bd95bd0d56f35241523fbab1' },
	// The OP Stack predeploy: the same address on Optimism and Base.
	{
		symbol: 'WETH',
		network: 'Optimism and Base',
		address: '0x4200000000000000000000000000000000000006',
	},
	{
		symbol: 'WAVAX',
		network: 'Avalanche C-Chain',
		address: '0xb31f66aa3c1e785363f0875a1b74e27b85fd66c7',
	},
];

// Base58 is case-sensitive, so these compare exactly.
const EXACT_CONTRACTS: ContractEntry[] = [
	{ symbol: 'USDT', network: 'TRON (TRC-20)', address: 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t' },
	{ symbol: 'USDC', network: 'TRON (TRC-20)', address: 'TEkxiTehnzSmSe2XqrBj4w32RUN966rdz8' },
	{
		symbol: 'USDT',
		network: 'Solana (SPL mint)',
		address: 'Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB',
	},
	{
		symbol: 'USDC',
		network: 'Solana (SPL mint)',
		address: 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v',
	},
	// Wrapped natives: WTRX (SunSwap's, the one TRON explorers list) and the SPL Token program's
	// native mint (spl.solana.com/token, "Wrapping SOL"). TON has no canonical wrapped TON.
	{ symbol: 'WTRX', network: 'TRON (TRC-20)', address: 'TNUC9Qb1rRpS5CbWLmNMxXBjyFoydXjWFR' },
	{
		symbol: 'wSOL (wrapped SOL)',
		network: 'Solana (SPL mint)',
		address: 'So11111111111111111111111111111111111111112',
	},
];

// Compared by account (workchain + hash), so the bounceable, non-bounceable, testnet-flagged and
// raw spellings of the same jetton master all match.
const TON_CONTRACTS: ContractEntry[] = [
	{
		symbol: 'USDT',
		network: 'TON (jetton master)',
		address: 'EQCxE6mUtQJKFnGfaROTKOt1lZbDiiX1kCixRv7Nw2Id_sDs',
	},
];

const BY_KEY = new Map<string, KnownTokenContract>();
for (const { symbol, network, address } of EVM_CONTRACTS)
	BY_KEY.set(`evm:${address}`, { symbol, network });
for (const { symbol, network, address } of EXACT_CONTRACTS)
	BY_KEY.set(`exact:${address}`, { symbol, network });
for (const { symbol, network, address } of TON_CONTRACTS) {
	const key = tonAccountKey(address);
	if (key) BY_KEY.set(`ton:${key}`, { symbol, network });
}

export function isKnownTokenContract(address: string): KnownTokenContract | undefined {
	const found = lookUp(address);
	// A copy, so a caller that edits the answer cannot corrupt the table.
	return found ? { ...found } : undefined;
}

function lookUp(address: string): KnownTokenContract | undefined {
	const screened = screenText(address, { allowInnerSpaces: false, maxLength: 128 });
	if (!screened.ok) return undefined;
	const text = screened.text;
	if (/^0[xX][0-9a-fA-F]{40}$/.test(text))
		return BY_KEY.get(`evm:0x${text.slice(2).toLowerCase()}`);
	const exact = BY_KEY.get(`exact:${text}`);
	if (exact) return exact;
	const tonKey = tonAccountKey(text);
	return tonKey ? BY_KEY.get(`ton:${tonKey}`) : undefined;
}

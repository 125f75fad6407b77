import { AddressFamily, validateAddress } from '../../../nodes/CryptoPayout/validation/address';
import { toChecksumAddress } from '../../../nodes/CryptoPayout/validation/evm';
import { crc16Xmodem, decodeTonAddress } from '../../../nodes/CryptoPayout/validation/ton';
import { isKnownTokenContract } from '../../../nodes/CryptoPayout/validation/token-contracts';

// Contract / mint addresses as published by the issuers (Tether, Circle) and token projects,
// cross-checked on the chains' explorers.
const CONTRACTS: Array<[AddressFamily, string, string]> = [
	['evm', '0xdac17f958d2ee523a2206206994597c13d831ec7', 'USDT'],
	['evm', '0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48', 'USDC'],
	['evm', '0x455e53cbb86018ac2b8092fdcd39d8444affc3f6', 'POL'],
	['evm', '0x1f9840a85d5af5bf1d1762f925bdaddc4201f984', 'UNI'],
	['evm', '0x514910771af9ca656af840dff83e8264ecf986ca', 'LINK'],
	['evm', '0x95ad61b0a150d79219dcf64e1e6cc01f0b64c4ce', 'SHIB'],
	['evm', '0xc2132d05d31c914a87c6611c10748aeb04b58e8f', 'USDT'],
	['evm', '0x3c499c542cef5e3811e1192ce70d8cc03d5c3359', 'USDC'],
	['evm', '0xfd086bc7cd5c481dcc9c85ebe478a1c0b69fcbb9', 'USDT'],
	['evm', '0xaf88d065e77c8cc2239327c5edb3a432268e5831', 'USDC'],
	['evm', '0x94b008aa00579c1307b0ef2c499ad98a8ce58e58', 'USDT'],
	['evm', '0x0b2c639c533813f4aa9d7837caf62653d097ff85', 'USDC'],
	['evm', '0x9702230a8ea53601f5cd2dc00fdbc13d4df4a8c7', 'USDT'],
	['evm', '0xb97ef9ef8734c71904d8002f8b6bc66dd9c48a6e', 'USDC'],
	['evm', '0xfde4c96c8593536e31f229ea8f37b2ada2699bb2', 'USDT'],
	['evm', '0x833589fcd6edb6e08f4c7c32d4f71b54bda02913', 'USDC'],
	['evm', '0x55d398326f99059ff775485246999027b3197955', 'USDT'],
	['evm', '0x8ac76a51cc950d9822d68b83fe1ad97b32cd580d', 'USDC'],
	['tron', 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t', 'USDT'],
	['tron', 'TEkxiTehnzSmSe2XqrBj4w32RUN966rdz8', 'USDC'],
	['solana', 'Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB', 'USDT'],
	['solana', 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v', 'USDC'],
	['ton', 'EQCxE6mUtQJKFnGfaROTKOt1lZbDiiX1kCixRv7Nw2Id_sDs', 'USDT'],
	// The wrapped native coin of each network (Uniswap sdk-core weth9.ts/chains.ts, etcswap/tokens,
	// the SPL docs' native mint, WTRX as TRON explorers list it), in the form explorers show.
	['evm', '0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2', 'WETH'],
	['evm', '0x1953cab0E5bFa6D4a9BaD6E05fD46C1CC6527a5a', 'WETC'],
	['evm', '0xbb4CdB9CBd36B01bD1cBaEBF2De08d9173bc095c', 'WBNB'],
	['evm', '0x0d500B1d8E8eF31E21C99d1Db9A6444d3ADf1270', 'WPOL (formerly WMATIC)'],
	['evm', '0x82aF49447D8a07e3bd95BD0d56f35241523fBab1', 'WETH'],
	['evm', '0x4200000000000000000000000000000000000006', 'WETH'],
	['evm', '0xB31f66AA3C1e785363F0875A1B74E27b85FD66c7', 'WAVAX'],
	['tron', 'TNUC9Qb1rRpS5CbWLmNMxXBjyFoydXjWFR', 'WTRX'],
	['solana', 'So11111111111111111111111111111111111111112', 'wSOL (wrapped SOL)'],
];

/** Re-spells a TON account with other flags, as a wallet would show it. */
function tonFriendly(address: string, flag: number, urlSafe: boolean): string {
	const decoded = decodeTonAddress(address);
	if (!decoded.ok) throw new Error(decoded.problem);
	const bytes = new Uint8Array(36);
	bytes[0] = flag;
	bytes[1] = decoded.workchain === 0 ? 0 : 0xff;
	bytes.set(decoded.hash, 2);
	const crc = crc16Xmodem(bytes.subarray(0, 34));
	bytes[34] = crc >> 8;
	bytes[35] = crc & 0xff;
	return Buffer.from(bytes).toString(urlSafe ? 'base64url' : 'base64');
}

describe('isKnownTokenContract', () => {
	it.each(CONTRACTS)(
		'recognises the %s contract %s as %s, and the address itself is well-formed',
		(family, address, symbol) => {
			expect(isKnownTokenContract(address)).toMatchObject({ symbol });
			expect(validateAddress(family, address).valid).toBe(true);
		},
	);

	it('compares EVM addresses case-insensitively', () => {
		const found = isKnownTokenContract(
			toChecksumAddress('0xdac17f958d2ee523a2206206994597c13d831ec7'),
		);
		expect(found).toEqual({ symbol: 'USDT', network: 'Ethereum (ERC-20)' });
		expect(isKnownTokenContract('0xDAC17F958D2EE523A2206206994597C13D831EC7')).toEqual(found);
		expect(isKnownTokenContract('  0xdac17f958d2ee523a2206206994597c13d831ec7\n')).toEqual(found);
	});

	it('names the chain for same-symbol contracts', () => {
		expect(isKnownTokenContract('0x55d398326f99059ff775485246999027b3197955')).toEqual({
			symbol: 'USDT',
			network: 'BNB Smart Chain (BEP-20)',
		});
		expect(isKnownTokenContract('TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t')).toEqual({
			symbol: 'USDT',
			network: 'TRON (TRC-20)',
		});
	});

	it('matches every spelling of the TON USDT jetton master', () => {
		const usdt = 'EQCxE6mUtQJKFnGfaROTKOt1lZbDiiX1kCixRv7Nw2Id_sDs';
		expect(tonFriendly(usdt, 0x11, true)).toBe(usdt);
		const decoded = decodeTonAddress(usdt);
		if (!decoded.ok) throw new Error(decoded.problem);
		const spellings = [
			tonFriendly(usdt, 0x51, true), // non-bounceable (UQ…)
			tonFriendly(usdt, 0x11, false), // standard base64
			tonFriendly(usdt, 0x91, true), // testnet-flagged
			`0:${Buffer.from(decoded.hash).toString('hex')}`, // raw
			`0:${Buffer.from(decoded.hash).toString('hex').toUpperCase()}`,
		];
		for (const spelling of spellings)
			expect(isKnownTokenContract(spelling)).toEqual({
				symbol: 'USDT',
				network: 'TON (jetton master)',
			});
		expect(isKnownTokenContract(`-1:${Buffer.from(decoded.hash).toString('hex')}`)).toBeUndefined();
	});

	it('returns undefined for ordinary or malformed addresses', () => {
		for (const address of [
			'0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
			'TEkxiTehnzSmSe2XqrBj4w32RUN966rdz9',
			'UQAs9VlT6S776tq3unJcP5Ogsj-ELLunLXuOb1EKcOQi41-E',
			'',
			'tr7nhqjekqxgtci8q8zy4pl8otszgjlj6t',
		]) {
			expect(isKnownTokenContract(address)).toBeUndefined();
		}
	});

	it('hands out copies, so callers cannot corrupt the table', () => {
		const found = isKnownTokenContract('TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t');
		if (found) found.symbol = 'HACKED';
		expect(isKnownTokenContract('TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t')?.symbol).toBe('USDT');
	});
});

import {
	ADDRESS_FAMILIES,
	AddressCheck,
	AddressFamily,
	detectAddressFamilies,
	validateAddress,
} from '../../../nodes/CryptoPayout/validation/address';
import { BITCOIN_ALPHABET, RIPPLE_ALPHABET } from '../../../nodes/CryptoPayout/validation/base58';
import { BECH32_CHARSET } from '../../../nodes/CryptoPayout/validation/bech32';
import { trimSurroundingWhitespace } from '../../../nodes/CryptoPayout/validation/text-safety';

function reasonOf(result: AddressCheck): string {
	return result.valid ? '' : result.reason;
}

const BASE64_LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

// One real address per family and form; sources are cited in the per-codec test files
// (genesis block, BIP-173/350, bisq asset tests, cashaddr spec, EIP-55, Tether's TRC-20
// contract, ripple-address-codec, ton-core, Circle's USDC mint).
const SAMPLES: Array<{
	family: AddressFamily;
	address: string;
	alphabet: string;
	checksummed: boolean;
}> = [
	{
		family: 'bitcoin',
		address: '1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa',
		alphabet: BITCOIN_ALPHABET,
		checksummed: true,
	},
	{
		family: 'bitcoin',
		address: '3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy',
		alphabet: BITCOIN_ALPHABET,
		checksummed: true,
	},
	{
		family: 'bitcoin',
		address: 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4',
		alphabet: BECH32_CHARSET,
		checksummed: true,
	},
	{
		family: 'bitcoin',
		address: 'bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0',
		alphabet: BECH32_CHARSET,
		checksummed: true,
	},
	{
		family: 'litecoin',
		address: 'LgfapHEPhZbRF9pMd5WPT35hFXcZS1USrW',
		alphabet: BITCOIN_ALPHABET,
		checksummed: true,
	},
	{
		family: 'litecoin',
		address: 'MGEW4aba3tnrVtVhGcmoqqHaLt5ymPSLPi',
		alphabet: BITCOIN_ALPHABET,
		checksummed: true,
	},
	{
		family: 'litecoin',
		address: 'ltc1qxtm55gultqzhqzl2p3ks50hg2478y3hehuj6dz',
		alphabet: BECH32_CHARSET,
		checksummed: true,
	},
	{
		family: 'dogecoin',
		address: 'DDWUYQ3GfMDj8hkx8cbnAMYkTzzAunAQxg',
		alphabet: BITCOIN_ALPHABET,
		checksummed: true,
	},
	{
		family: 'dogecoin',
		address: '9tp7THhBG3fNNFka1AJm95DU3E4x3pwQA3',
		alphabet: BITCOIN_ALPHABET,
		checksummed: true,
	},
	{
		family: 'bitcoin-cash',
		address: 'bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a',
		alphabet: BECH32_CHARSET,
		checksummed: true,
	},
	{
		family: 'bitcoin-cash',
		address: 'qr95sy3j9xwd2ap32xkykttr4cvcu7as4y0qverfuy',
		alphabet: BECH32_CHARSET,
		checksummed: true,
	},
	{
		family: 'bitcoin-cash',
		address: '1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggu',
		alphabet: BITCOIN_ALPHABET,
		checksummed: true,
	},
	{
		family: 'evm',
		address: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
		alphabet: '0123456789',
		checksummed: true,
	},
	{
		family: 'evm',
		address: '0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed',
		alphabet: '0123456789',
		checksummed: false,
	},
	{
		family: 'tron',
		address: 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t',
		alphabet: BITCOIN_ALPHABET,
		checksummed: true,
	},
	{
		family: 'xrp',
		address: 'rGWrZyQqhTp9Xu7G5Pkayo7bXjH4k4QYpf',
		alphabet: RIPPLE_ALPHABET,
		checksummed: true,
	},
	{
		family: 'xrp',
		address: 'XVLhHMPHU98es4dbozjVtdWzVrDjtV18pX8yuPT7y4xaEHi',
		alphabet: RIPPLE_ALPHABET,
		checksummed: true,
	},
	{
		family: 'ton',
		address: 'UQAs9VlT6S776tq3unJcP5Ogsj-ELLunLXuOb1EKcOQi41-E',
		alphabet: BASE64_LETTERS,
		checksummed: true,
	},
	{
		family: 'ton',
		address: '0:2cf55953e92efbeadab7ba725c3f93a0b23f842cbba72d7b8e6f510a70e422e3',
		alphabet: '0123456789',
		checksummed: false,
	},
	{
		family: 'solana',
		address: 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v',
		alphabet: BITCOIN_ALPHABET,
		checksummed: false,
	},
];

/** Replaces the first character at or after the middle that is in `alphabet` with the next one. */
function oneCharacterTypo(address: string, alphabet: string): string {
	for (let index = address.length >> 1; index < address.length; index++) {
		const at = alphabet.indexOf(address[index]);
		if (at >= 0)
			return (
				address.slice(0, index) + alphabet[(at + 1) % alphabet.length] + address.slice(index + 1)
			);
	}
	throw new Error(`no character of the alphabet in the second half of ${address}`);
}

describe('validateAddress: every sample is valid for its own family', () => {
	it.each(SAMPLES.map((sample) => [sample.family, sample.address]))(
		'%s accepts %s',
		(family, address) => {
			const result = validateAddress(family as AddressFamily, address);
			expect(result.valid).toBe(true);
			if (result.valid) expect(result.address).toBe(address);
		},
	);
});

describe('validateAddress: a one-character typo', () => {
	it.each(
		SAMPLES.filter((sample) => sample.checksummed).map((sample) => [
			sample.family,
			sample.address,
			sample.alphabet,
		]),
	)('%s rejects a typo in %s with a checksum reason', (family, address, alphabet) => {
		const typo = oneCharacterTypo(address, alphabet);
		expect(typo).not.toBe(address);
		const result = validateAddress(family as AddressFamily, typo);
		expect(result.valid).toBe(false);
		expect(reasonOf(result)).toMatch(/checksum does not match.*typo/);
		expect(result).not.toHaveProperty('looksLike');
	});

	it('Solana has no checksum: a typo is only caught if it breaks the alphabet or the length', () => {
		const typo = oneCharacterTypo('EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v', BITCOIN_ALPHABET);
		const result = validateAddress('solana', typo);
		expect(result.valid).toBe(true);
		if (result.valid) expect(result.warnings[0]).toMatch(/^no checksum/);
		expect(reasonOf(validateAddress('solana', typo.replace('q', 'l')))).toMatch(/"l"/);
	});

	it('an all-lower-case EVM address cannot reveal a typo, so it is accepted with a "no checksum" warning', () => {
		const result = validateAddress(
			'evm',
			oneCharacterTypo('0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed', '0123456789'),
		);
		expect(result.valid).toBe(true);
		if (result.valid) expect(result.warnings[0]).toMatch(/^no checksum/);
	});
});

describe('detectAddressFamilies', () => {
	it.each([
		['0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', ['evm']],
		['TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t', ['tron']],
		['1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa', ['bitcoin', 'bitcoin-cash']],
		['3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy', ['bitcoin', 'litecoin', 'bitcoin-cash']],
		['bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4', ['bitcoin']],
		['LgfapHEPhZbRF9pMd5WPT35hFXcZS1USrW', ['litecoin']],
		['ltc1qxtm55gultqzhqzl2p3ks50hg2478y3hehuj6dz', ['litecoin']],
		['DDWUYQ3GfMDj8hkx8cbnAMYkTzzAunAQxg', ['dogecoin']],
		['bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a', ['bitcoin-cash']],
		['rGWrZyQqhTp9Xu7G5Pkayo7bXjH4k4QYpf', ['xrp']],
		['XVLhHMPHU98es4dbozjVtdWzVrDjtV18pX8yuPT7y4xaEHi', ['xrp']],
		['UQAs9VlT6S776tq3unJcP5Ogsj-ELLunLXuOb1EKcOQi41-E', ['ton']],
		['0:2cf55953e92efbeadab7ba725c3f93a0b23f842cbba72d7b8e6f510a70e422e3', ['ton']],
		['EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v', ['solana']],
		['hello world', []],
		['TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u', []],
		['TR7NHqje\u200dKQxGTCi8q8ZY4pL8otSzgjLj6t', []],
	])('%s → %j', (address, families) => {
		expect(detectAddressFamilies(address)).toEqual(families);
	});
});

describe('validateAddress: wrong network', () => {
	it('says an EVM address given for TRON looks like EVM', () => {
		expect(validateAddress('tron', '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed')).toEqual({
			valid: false,
			reason:
				'This is not a valid TRON address; it looks like an EVM (Ethereum/BSC/Polygon…) address.',
			looksLike: ['evm'],
		});
	});

	it('says a TRON address given for Bitcoin looks like TRON', () => {
		expect(validateAddress('bitcoin', 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t')).toEqual({
			valid: false,
			reason: 'This is not a valid Bitcoin (BTC) address; it looks like a TRON address.',
			looksLike: ['tron'],
		});
	});

	it('lists every matching network', () => {
		expect(validateAddress('evm', '3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy')).toEqual({
			valid: false,
			reason:
				'This is not a valid EVM (Ethereum/BSC/Polygon…) address; it looks like a Bitcoin (BTC), Litecoin (LTC) or Bitcoin Cash (BCH) address.',
			looksLike: ['bitcoin', 'litecoin', 'bitcoin-cash'],
		});
		expect(validateAddress('xrp', 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v')).toMatchObject({
			valid: false,
			looksLike: ['solana'],
		});
		expect(validateAddress('solana', 'rGWrZyQqhTp9Xu7G5Pkayo7bXjH4k4QYpf')).toMatchObject({
			valid: false,
			looksLike: ['xrp'],
		});
		expect(
			reasonOf(validateAddress('ton', 'bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a')),
		).toBe('This is not a valid TON address; it looks like a Bitcoin Cash (BCH) address.');
	});
});

describe('validateAddress: suspicious characters', () => {
	const TRON = 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t';
	const EVM = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed';

	it('trims surrounding spaces, tabs, newlines and NBSP and accepts the address', () => {
		expect(validateAddress('tron', ` \t\n\u00a0${TRON}\u00a0\r\n `)).toEqual({
			valid: true,
			address: TRON,
			warnings: [],
		});
	});

	it('refuses a zero-width joiner inside the address', () => {
		const reason = reasonOf(validateAddress('tron', `${TRON.slice(0, 8)}\u200d${TRON.slice(8)}`));
		expect(reason).toBe(
			'This is not a valid TRON address: it contains an invisible zero-width character (U+200D ZERO WIDTH JOINER) at position 9; copy it again from the original source or type it by hand.',
		);
	});

	it.each(['\u200b', '\u200c', '\u2060', '\ufeff'])(
		'refuses the zero-width character %j even at the edges',
		(character) => {
			expect(reasonOf(validateAddress('tron', `${character}${TRON}`))).toMatch(
				/zero-width character/,
			);
			expect(reasonOf(validateAddress('tron', `${TRON}${character}`))).toMatch(
				/zero-width character/,
			);
		},
	);

	it('refuses a Cyrillic look-alike letter', () => {
		const homoglyph = EVM.replace('5aAeb', '5\u0430Aeb');
		expect(reasonOf(validateAddress('evm', homoglyph))).toBe(
			'This is not a valid EVM (Ethereum/BSC/Polygon…) address: it contains the non-ASCII character "\u0430" (U+0430) at position 4; only plain Latin letters, digits and punctuation are allowed, so this is probably a look-alike letter from another alphabet.',
		);
		expect(reasonOf(validateAddress('tron', `\u0422${TRON.slice(1)}`))).toMatch(
			/non-ASCII character "Т" \(U\+0422\) at position 1/,
		);
	});

	it.each([' ', '\t', '\n', '\u00a0'])('refuses internal whitespace %j', (space) => {
		expect(
			reasonOf(validateAddress('tron', `${TRON.slice(0, 12)}${space}${TRON.slice(12)}`)),
		).toMatch(/space or line break inside it \(position 13\)/);
	});

	it('refuses control and bidirectional formatting characters', () => {
		expect(reasonOf(validateAddress('tron', `${TRON.slice(0, 5)}\u0007${TRON.slice(5)}`))).toMatch(
			/control character \(U\+0007\)/,
		);
		expect(reasonOf(validateAddress('tron', `${TRON.slice(0, 5)}\u202e${TRON.slice(5)}`))).toMatch(
			/invisible formatting character \(U\+202E\)/,
		);
	});

	it('explains empty, over-long and non-text input', () => {
		expect(reasonOf(validateAddress('tron', ''))).toBe(
			'No TRON address was given (the field is empty).',
		);
		expect(reasonOf(validateAddress('tron', ' \n\t '))).toBe(
			'No TRON address was given (the field is empty).',
		);
		expect(reasonOf(validateAddress('tron', 'T'.repeat(200)))).toMatch(/too long/);
		expect(reasonOf(validateAddress('tron', 'T'.repeat(100000)))).toMatch(/far too long/);
		expect(reasonOf(validateAddress('tron', 42 as unknown as string))).toMatch(/not text/);
		expect(reasonOf(validateAddress('dogecoin-classic' as AddressFamily, TRON))).toMatch(
			/Unknown network/,
		);
	});
});

// A small deterministic PRNG (mulberry32) so the property run is reproducible without a library.
function mulberry32(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let mixed = state;
		mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
		mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
		return (mixed ^ (mixed >>> 14)) >>> 0;
	};
}

describe('validateAddress: property run over random mutations', () => {
	const POOL = [
		...new Set(`${BITCOIN_ALPHABET}${RIPPLE_ALPHABET}${BECH32_CHARSET}0OIl+/-_:. #`),
	].concat([
		'\t',
		'\n',
		'\u00a0',
		'\u200d',
		'\ufeff',
		'\u0430',
		'\u0422',
		'é',
		'\u202e',
		'\u0000',
		'😀',
	]);
	const TON_EQUIVALENT: Record<string, string> = { '+': '-', '-': '+', '/': '_', _: '/' };

	it('never throws and always explains a refusal, for 2,000 mutations', () => {
		const random = mulberry32(20240601);
		const pick = (count: number): number => random() % count;
		let refusals = 0;

		for (let round = 0; round < 2000; round++) {
			const sample = SAMPLES[pick(SAMPLES.length)];
			const original = sample.address;
			const at = pick(original.length);
			const character = POOL[pick(POOL.length)];
			const kind = pick(8);
			let mutated: string;
			switch (kind) {
				case 0:
					mutated = original.slice(0, at) + character + original.slice(at + 1);
					break;
				case 1:
					mutated = original.slice(0, at) + original.slice(at + 1);
					break;
				case 2:
					mutated = original.slice(0, at) + character + original.slice(at);
					break;
				case 3:
					mutated =
						at + 1 < original.length
							? original.slice(0, at) + original[at + 1] + original[at] + original.slice(at + 2)
							: original;
					break;
				case 4:
					mutated = original.slice(0, at) + original[at] + original.slice(at);
					break;
				case 5:
					mutated = original.slice(0, at);
					break;
				case 6: {
					const flipped =
						original[at] === original[at].toUpperCase()
							? original[at].toLowerCase()
							: original[at].toUpperCase();
					mutated = original.slice(0, at) + flipped + original.slice(at + 1);
					break;
				}
				default:
					mutated = ` \n${original}\u00a0\t`;
			}
			const family =
				pick(4) === 0 ? ADDRESS_FAMILIES[pick(ADDRESS_FAMILIES.length)] : sample.family;

			const result = validateAddress(family, mutated);

			expect(typeof result.valid).toBe('boolean');
			if (result.valid) {
				expect(result.address).toBe(trimSurroundingWhitespace(mutated));
				expect(Array.isArray(result.warnings)).toBe(true);
			} else {
				refusals++;
				expect(typeof result.reason).toBe('string');
				expect(result.reason.length).toBeGreaterThan(20);
				expect(result.reason).toMatch(/\.$/);
				expect(result.reason).not.toMatch(/undefined|NaN|\[object|Error|\n/);
				if (result.looksLike) {
					expect(result.looksLike.length).toBeGreaterThan(0);
					expect(result.looksLike).not.toContain(family);
				}
			}

			if (kind === 7 && family === sample.family)
				expect(result).toMatchObject({ valid: true, address: original });
			// One substituted character in a checksummed form must never pass as the same network.
			const substituted =
				kind === 0 &&
				mutated !== original &&
				!(sample.family === 'ton' && TON_EQUIVALENT[original[at]] === character);
			if (substituted && sample.checksummed && family === sample.family)
				expect(result.valid).toBe(false);
		}
		expect(refusals).toBeGreaterThan(1000);
	});
});

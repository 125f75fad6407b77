import { validateAddress } from '../../../nodes/CryptoPayout/validation/address';
import { base58CheckEncode } from '../../../nodes/CryptoPayout/validation/base58';
import { isStandardWitnessProgram } from '../../../nodes/CryptoPayout/validation/utxo';

const fromHex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'hex'));

function reasonOf(result: ReturnType<typeof validateAddress>): string {
	return result.valid ? '' : result.reason;
}

describe('Bitcoin', () => {
	it.each([
		'1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa', // genesis block coinbase address
		'1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH', // bitcoinjs-lib test/fixtures/address.js pubKeyHash (bitcoin)
		'3LRW7jeCvQCRdPF8S3yUCfRAx4eqXFmdcr', // bitcoinjs-lib test/fixtures/address.js scriptHash (bitcoin)
		'3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy', // Bitcoin wiki "Address" P2SH example
		'BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4', // BIP-173 / BIP-350 P2WPKH
		'bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0', // BIP-350 taproot
	])('accepts %s', (address) => {
		expect(validateAddress('bitcoin', address)).toEqual({ valid: true, address, warnings: [] });
	});

	// BIP-350 test vectors that are valid Bech32m but pay to outputs no wallet spends: until a soft
	// fork gives them a meaning, anyone can take what is sent there.
	it.each([
		['bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y', 1, 40],
		['BC1SW50QGDZ25J', 16, 2],
		['bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs', 2, 16],
		['bc1pfeessrawgf', 1, 2], // the v1 2-byte "pay to anchor" output
	])(
		'refuses the non-standard segwit output %s (version %i, %i-byte program)',
		(address, version, bytes) => {
			expect(reasonOf(validateAddress('bitcoin', address))).toBe(
				`This is not a valid Bitcoin (BTC) address: it uses segwit version ${version} with a ${bytes}-byte program, which no wallet uses yet; funds sent there could be taken by anyone, so ask the recipient for a standard address.`,
			);
		},
	);

	it('accepts exactly the standard witness programs: v0 with 20 or 32 bytes, v1 (taproot) with 32', () => {
		const standard: Array<[number, number]> = [];
		for (let version = 0; version <= 16; version++)
			for (let length = 2; length <= 40; length++)
				if (isStandardWitnessProgram(version, length)) standard.push([version, length]);
		expect(standard).toEqual([
			[0, 20],
			[0, 32],
			[1, 32],
		]);
	});

	it.each([
		'mrCDrCybB6J1vRfbwM5hemdJz73FwDBC8r', // bitcoinjs-lib pubKeyHash (testnet)
		'2NByiBUaEXrhmqAsg7BbLpcQSAQs1EDwt5w', // bitcoinjs-lib scriptHash (testnet)
		'tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7', // BIP-350
	])('refuses the testnet address %s unless testnet is enabled', (address) => {
		expect(reasonOf(validateAddress('bitcoin', address))).toMatch(/Bitcoin testnet address/);
		expect(validateAddress('bitcoin', address, { testnet: true }).valid).toBe(true);
	});

	it('refuses a WIF private key with a warning never to share it', () => {
		// bitcoinjs-lib test/fixtures/base58.js: WIF of the private key 0x…01 (compressed).
		expect(
			reasonOf(validateAddress('bitcoin', 'KwDiBf89QgGbjEhKnhXJuH7LrciVrZi3qYjgd9M7rFU73sVHnoWn')),
		).toMatch(/PRIVATE KEY/);
	});

	it('names the network of a foreign segwit prefix even when that address is mistyped', () => {
		expect(
			reasonOf(validateAddress('bitcoin', 'ltc1qxtm55gultqzhqzl2p3ks50hg2478y3hehuj6dy')),
		).toBe(
			'This is not a valid Bitcoin (BTC) address: it starts with "ltc1", which is a Litecoin address prefix, not Bitcoin.',
		);
	});

	it('refuses the genesis address with its last character changed (checksum)', () => {
		expect(reasonOf(validateAddress('bitcoin', '1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb'))).toMatch(
			/checksum does not match/,
		);
	});
});

describe('Litecoin', () => {
	// bisq-network/bisq assets/src/test/java/bisq/asset/coins/LitecoinTest.java
	it.each([
		'Lg3PX8wRWmApFCoCMAsPF5P9dPHYQHEWKW',
		'LTuoeY6RBHV3n3cfhXVVTbJbxzxnXs9ofm',
		'LgfapHEPhZbRF9pMd5WPT35hFXcZS1USrW',
		'ltc1qxtm55gultqzhqzl2p3ks50hg2478y3hehuj6dz',
		'MGEW4aba3tnrVtVhGcmoqqHaLt5ymPSLPi',
	])('accepts the bisq test vector %s', (address) => {
		expect(validateAddress('litecoin', address)).toEqual({ valid: true, address, warnings: [] });
	});

	it.each([
		'1LgfapHEPhZbRF9pMd5WPT35hFXcZS1USrW',
		'LgfapHEPhZbdRF9pMd5WPT35hFXcZS1USrW',
		'LgfapHEPhZbRF9pMd5WPT35hFXcZS1USrW#',
		'MGEW4aba3tnrVtVhGcmoqqHaLt5ymPSLPW',
	])('refuses the bisq invalid vector %s', (address) => {
		expect(validateAddress('litecoin', address).valid).toBe(false);
	});

	it('refuses a Bitcoin bech32 address and names Bitcoin', () => {
		const result = validateAddress('litecoin', 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4');
		expect(result).toMatchObject({ valid: false, looksLike: ['bitcoin'] });
	});

	it('accepts the legacy shared "3…" script address with a warning', () => {
		const result = validateAddress('litecoin', '3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy');
		expect(result.valid).toBe(true);
		if (result.valid) expect(result.warnings[0]).toMatch(/shared with Bitcoin/);
	});

	it('builds L and M addresses from version bytes 0x30 and 0x32', () => {
		const hash = '751e76e8199196d454941c45d1b3a323f1433bd6';
		const p2pkh = base58CheckEncode(fromHex(`30${hash}`));
		const p2sh = base58CheckEncode(fromHex(`32${hash}`));
		expect(p2pkh[0]).toBe('L');
		expect(p2sh[0]).toBe('M');
		expect(validateAddress('litecoin', p2pkh).valid).toBe(true);
		expect(validateAddress('litecoin', p2sh).valid).toBe(true);
		expect(reasonOf(validateAddress('litecoin', base58CheckEncode(fromHex(`3a${hash}`))))).toMatch(
			/Litecoin testnet/,
		);
	});
});

describe('Dogecoin', () => {
	// bisq-network/bisq assets/src/test/java/bisq/asset/coins/DogecoinTest.java
	it.each([
		'DEa7damK8MsbdCJztidBasZKVsDLJifWfE',
		'DNkkfdUvkCDiywYE98MTVp9nQJTgeZAiFr',
		'DDWUYQ3GfMDj8hkx8cbnAMYkTzzAunAQxg',
	])('accepts the bisq test vector %s', (address) => {
		expect(validateAddress('dogecoin', address)).toEqual({ valid: true, address, warnings: [] });
	});

	it.each([
		'1DDWUYQ3GfMDj8hkx8cbnAMYkTzzAunAQxg',
		'DDWUYQ3GfMDj8hkx8cbnAMYkTzzAunAQxgs',
		'DDWUYQ3GfMDj8hkx8cbnAMYkTzzAunAQxg#',
	])('refuses the bisq invalid vector %s', (address) => {
		expect(validateAddress('dogecoin', address).valid).toBe(false);
	});

	it('accepts P2SH addresses (version 0x16, "9…" or "A…")', () => {
		// A real Dogecoin P2SH address and its script hash; re-encoding proves the version byte.
		expect(base58CheckEncode(fromHex('161a11b73ad3dd99d77da9f858cf323205a84dd5da'))).toBe(
			'9tp7THhBG3fNNFka1AJm95DU3E4x3pwQA3',
		);
		expect(validateAddress('dogecoin', '9tp7THhBG3fNNFka1AJm95DU3E4x3pwQA3').valid).toBe(true);
		const upper = base58CheckEncode(fromHex(`16${'ff'.repeat(20)}`));
		expect(upper[0]).toBe('A');
		expect(validateAddress('dogecoin', upper).valid).toBe(true);
	});

	it('has no bech32 addresses', () => {
		expect(
			reasonOf(validateAddress('dogecoin', 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4')),
		).toMatch(/looks like a Bitcoin/);
		expect(
			reasonOf(validateAddress('dogecoin', 'tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx')),
		).toMatch(/Dogecoin/);
	});
});

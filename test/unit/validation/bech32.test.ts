import {
	bech32Decode,
	bech32Encode,
	convertBits,
	decodeSegwitAddress,
} from '../../../nodes/CryptoPayout/validation/bech32';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

function scriptPubKey(version: number, program: Uint8Array): string {
	const opcode = version === 0 ? 0 : 0x50 + version;
	return (
		opcode.toString(16).padStart(2, '0') +
		program.length.toString(16).padStart(2, '0') +
		hex(program)
	);
}

// BIP-173, "Test vectors": strings that are valid Bech32.
const BIP173_VALID_BECH32 = [
	'A12UEL5L',
	'a12uel5l',
	'an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs',
	'abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw',
	'11qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqc8247j',
	'split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w',
	'?1ezyfcl',
];

// BIP-173, "Test vectors": strings that are not valid Bech32 (reason in the comment).
const BIP173_INVALID_BECH32 = [
	String.fromCharCode(0x20) + '1nwldj5', // HRP character out of range
	String.fromCharCode(0x7f) + '1axkwrx', // HRP character out of range
	String.fromCharCode(0x80) + '1eym55h', // HRP character out of range
	'an84characterslonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1569pvx', // overall max length exceeded
	'pzry9x0s0muk', // no separator character
	'1pzry9x0s0muk', // empty HRP
	'x1b4n0q5v', // invalid data character
	'li1dgmt3', // too short checksum
	'de1lg7wt' + String.fromCharCode(0xff), // invalid character in checksum
	'A1G7SGD8', // checksum calculated with uppercase form of HRP
	'10a06t8', // empty HRP
	'1qzzfhee', // empty HRP
];

// BIP-350, "Test vectors for Bech32m": valid Bech32m strings.
const BIP350_VALID_BECH32M = [
	'A1LQFN3A',
	'a1lqfn3a',
	'an83characterlonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11sg7hg6',
	'abcdef1l7aum6echk45nj3s0wdvt2fg8x9yrzpqzd3ryx',
	'11llllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllludsr8',
	'split1checkupstagehandshakeupstreamerranterredcaperredlc445v',
	'?1v759aa',
];

// BIP-350, "Test vectors for Bech32m": strings that are not valid Bech32m.
const BIP350_INVALID_BECH32M = [
	String.fromCharCode(0x20) + '1xj0phk', // HRP character out of range
	String.fromCharCode(0x7f) + '1g6xzxy', // HRP character out of range
	String.fromCharCode(0x80) + '1vctc34', // HRP character out of range
	'an84characterslonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11d6pts4', // overall max length exceeded
	'qyrz8wqd2c9m', // no separator character
	'1qyrz8wqd2c9m', // empty HRP
	'y1b0jsk6g', // invalid data character
	'lt1igcx5c0', // invalid data character
	'in1muywd', // too short checksum
	'mm1crxm3i', // invalid character in checksum
	'au1s5cgom', // invalid character in checksum
	'M1VUXWEZ', // checksum calculated with uppercase form of HRP
	'16plkw9', // empty HRP
	'1p2gdwpf', // empty HRP
];

// BIP-350, "Test vectors for v0-v16 native segregated witness addresses": valid addresses and
// the scriptPubKey they translate to. (BIP-173's own list is superseded for v1+.)
const BIP350_VALID_SEGWIT: Array<[string, string]> = [
	['BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4', '0014751e76e8199196d454941c45d1b3a323f1433bd6'],
	[
		'tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7',
		'00201863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262',
	],
	[
		'bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y',
		'5128751e76e8199196d454941c45d1b3a323f1433bd6751e76e8199196d454941c45d1b3a323f1433bd6',
	],
	['BC1SW50QGDZ25J', '6002751e'],
	['bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs', '5210751e76e8199196d454941c45d1b3a323'],
	[
		'tb1qqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesrxh6hy',
		'0020000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433',
	],
	[
		'tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c',
		'5120000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433',
	],
	[
		'bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0',
		'512079be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798',
	],
];

// BIP-350 invalid segwit addresses, then BIP-173's (all still invalid), each with its reason.
const INVALID_SEGWIT = [
	'tc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut', // invalid human-readable part
	'bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd', // Bech32 instead of Bech32m
	'tb1z0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqglt7rf', // Bech32 instead of Bech32m
	'BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL', // Bech32 instead of Bech32m
	'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh', // Bech32m instead of Bech32
	'tb1q0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq24jc47', // Bech32m instead of Bech32
	'bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4', // invalid character in checksum
	'BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R', // invalid witness version
	'bc1pw5dgrnzv', // invalid program length (1 byte)
	'bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav253zgeav', // invalid program length (41 bytes)
	'BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P', // invalid program length for witness version 0
	'tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq', // mixed case
	'bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf', // zero padding of more than 4 bits
	'tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vpggkg4j', // non-zero padding in 8-to-5 conversion
	'bc1gmk9yu', // empty data section
	'tc1qw508d6qejxtdg4y5r3zarvary0c5xw7kg3g4ty', // BIP-173: invalid human-readable part
	'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5', // BIP-173: invalid checksum
	'BC13W508D6QEJXTDG4Y5R3ZARVARY0C5XW7KN40WF2', // BIP-173: invalid witness version
	'bc1rw5uspcuh', // BIP-173: invalid program length
	'bc10w508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kw5rljs90', // BIP-173: invalid program length
	'tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sL5k7', // BIP-173: mixed case
	'bc1zw508d6qejxtdg4y5r3zarvaryvqyzf3du', // BIP-173: zero padding of more than 4 bits
	'tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3pjxtptv', // BIP-173: non-zero padding
	// BIP-173's *valid* v1+ examples use plain Bech32, which BIP-350 made invalid:
	'bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7k7grplx',
	'BC1SW50QA3JX3S',
	'bc1zw508d6qejxtdg4y5r3zarvaryvg6kdaj',
];

describe('bech32 / bech32m strings', () => {
	it.each(BIP173_VALID_BECH32)('accepts the BIP-173 valid Bech32 string %s', (text) => {
		const decoded = bech32Decode(text);
		expect(decoded.ok && decoded.encoding).toBe('bech32');
	});

	it.each(BIP350_VALID_BECH32M)('accepts the BIP-350 valid Bech32m string %s', (text) => {
		const decoded = bech32Decode(text);
		expect(decoded.ok && decoded.encoding).toBe('bech32m');
	});

	it.each(BIP173_INVALID_BECH32.map((text) => [JSON.stringify(text), text]))(
		'rejects the BIP-173 invalid string %s',
		(_label, text) => {
			const decoded = bech32Decode(text);
			expect(decoded.ok).toBe(false);
			expect(!decoded.ok && decoded.problem.length).toBeGreaterThan(0);
		},
	);

	it.each(BIP350_INVALID_BECH32M.map((text) => [JSON.stringify(text), text]))(
		'rejects the BIP-350 invalid string %s',
		(_label, text) => {
			expect(bech32Decode(text).ok).toBe(false);
		},
	);

	it('round-trips through the encoder in both variants', () => {
		const words = convertBits(Uint8Array.from([0x75, 0x1e, 0x76, 0xe8]), 8, 5, true) ?? [];
		for (const encoding of ['bech32', 'bech32m'] as const) {
			const text = bech32Encode('test', words, encoding);
			expect(bech32Decode(text)).toEqual({ ok: true, hrp: 'test', words, encoding });
		}
	});
});

describe('segwit addresses', () => {
	it.each(BIP350_VALID_SEGWIT)(
		'decodes the BIP-350 address %s to its scriptPubKey',
		(address, script) => {
			const decoded = decodeSegwitAddress(address, ['bc', 'tb']);
			if (!decoded.ok) throw new Error(decoded.problem);
			expect(scriptPubKey(decoded.version, decoded.program)).toBe(script);
		},
	);

	it.each(INVALID_SEGWIT)('rejects the invalid segwit address %s', (address) => {
		const decoded = decodeSegwitAddress(address, ['bc', 'tb']);
		expect(decoded.ok).toBe(false);
	});

	it('names the failing rule in plain words', () => {
		const problem = (address: string) => {
			const decoded = decodeSegwitAddress(address, ['bc', 'tb']);
			return decoded.ok ? '' : decoded.problem;
		};
		expect(problem('bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5')).toMatch(
			/checksum does not match/,
		);
		expect(problem('bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd')).toMatch(
			/checksum does not match.*Bech32m/,
		);
		expect(problem('tc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut')).toMatch(
			/another network/,
		);
		expect(problem('tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq')).toMatch(
			/mixes upper-case and lower-case/,
		);
		expect(problem('BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P')).toMatch(
			/version 0 witness program is 20 or 32 bytes/,
		);
		expect(problem('bc1pw5dgrnzv')).toMatch(/2 to 40 bytes/);
	});
});

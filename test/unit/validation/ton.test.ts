import { validateAddress } from '../../../nodes/CryptoPayout/validation/address';
import {
	crc16Xmodem,
	decodeTonAddress,
	tonAccountKey,
} from '../../../nodes/CryptoPayout/validation/ton';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

function reasonOf(result: ReturnType<typeof validateAddress>): string {
	return result.valid ? '' : result.reason;
}

// ton-org/ton-core src/address/Address.spec.ts: one account in all its spellings.
const TON_CORE_HASH = '2cf55953e92efbeadab7ba725c3f93a0b23f842cbba72d7b8e6f510a70e422e3';
const TON_CORE_MAINNET = [
	'EQAs9VlT6S776tq3unJcP5Ogsj-ELLunLXuOb1EKcOQi4wJB', // bounceable, base64url
	'EQAs9VlT6S776tq3unJcP5Ogsj+ELLunLXuOb1EKcOQi4wJB', // bounceable, base64
	'UQAs9VlT6S776tq3unJcP5Ogsj-ELLunLXuOb1EKcOQi41-E', // non-bounceable, base64url
	'UQAs9VlT6S776tq3unJcP5Ogsj+ELLunLXuOb1EKcOQi41+E', // non-bounceable, base64
];
const TON_CORE_TESTNET = [
	'kQAs9VlT6S776tq3unJcP5Ogsj-ELLunLXuOb1EKcOQi47nL',
	'kQAs9VlT6S776tq3unJcP5Ogsj+ELLunLXuOb1EKcOQi47nL',
	'0QAs9VlT6S776tq3unJcP5Ogsj-ELLunLXuOb1EKcOQi4-QO',
	'0QAs9VlT6S776tq3unJcP5Ogsj+ELLunLXuOb1EKcOQi4+QO',
];

describe('TON user-friendly addresses', () => {
	it('computes CRC16-XMODEM (check value of "123456789" is 0x31C3)', () => {
		expect(crc16Xmodem(Uint8Array.from(Buffer.from('123456789', 'ascii')))).toBe(0x31c3);
	});

	it.each(TON_CORE_MAINNET)('accepts the ton-core vector %s', (address) => {
		const decoded = decodeTonAddress(address);
		expect(decoded.ok && decoded.workchain).toBe(0);
		expect(decoded.ok && hex(decoded.hash)).toBe(TON_CORE_HASH);
		expect(validateAddress('ton', address)).toEqual({ valid: true, address, warnings: [] });
	});

	it('reads the bounceable flag', () => {
		const bounceable = decodeTonAddress(TON_CORE_MAINNET[0]);
		const nonBounceable = decodeTonAddress(TON_CORE_MAINNET[2]);
		expect(bounceable.ok && bounceable.form === 'friendly' && bounceable.bounceable).toBe(true);
		expect(nonBounceable.ok && nonBounceable.form === 'friendly' && nonBounceable.bounceable).toBe(
			false,
		);
	});

	it.each(TON_CORE_TESTNET)(
		'refuses the testnet-only ton-core vector %s unless testnet is enabled',
		(address) => {
			expect(reasonOf(validateAddress('ton', address))).toMatch(/TON testnet address/);
			expect(validateAddress('ton', address, { testnet: true }).valid).toBe(true);
		},
	);

	// ton-community/ton-docs, "Smart contract addresses" → "User-friendly address encoding
	// examples": the testnet masterchain "test giver" in base64 and base64url.
	it.each([
		'kf/8uRo6OBbQ97jCx2EIuKm8Wmt6Vb15+KsQHFLbKSMiYIny',
		'kf_8uRo6OBbQ97jCx2EIuKm8Wmt6Vb15-KsQHFLbKSMiYIny',
	])('decodes the TON docs example %s', (address) => {
		expect(tonAccountKey(address)).toBe(
			'-1:fcb91a3a3816d0f7b8c2c76108b8a9bc5a6b7a55bd79f8ab101c52db29232260',
		);
		const result = validateAddress('ton', address, { testnet: true });
		expect(result.valid).toBe(true);
		if (result.valid) expect(result.warnings.join(' ')).toMatch(/masterchain/);
	});

	it('refuses a one-character typo with a checksum reason', () => {
		expect(
			reasonOf(validateAddress('ton', 'EQAs9VlT6S776tq3unJcP5Ogsj-ELLunLXuOb1EKcOQi4wJC')),
		).toMatch(/checksum does not match/);
		expect(
			reasonOf(validateAddress('ton', 'EQAs9VlT6S776tq3unJcP5Ogsj-ELLvnLXuOb1EKcOQi4wJB')),
		).toMatch(/checksum does not match/);
	});

	// ton-core "should throw if address is invalid" cases.
	it.each([
		'EQAs9VlT6S776tq3unJcP5Ogsj-ELLunLXuOb1EKcOQi4wJ',
		'ton://EQAs9VlT6S776tq3unJcP5Ogsj-ELLunLXuOb1EKcOQi4wJB',
		'0:EQDXDCFLXgiTrjGSNVBuvKPZVYlPn3J_u96xxLas3_yoRWRk',
		'!@#$%^&*AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
	])('refuses %s', (address) => {
		expect(validateAddress('ton', address).valid).toBe(false);
	});
});

describe('TON raw addresses', () => {
	it('accepts 0:<64 hex> and -1:<64 hex> with a "no checksum" warning', () => {
		for (const address of [
			`0:${TON_CORE_HASH}`,
			`0:${TON_CORE_HASH.toUpperCase()}`,
			`-1:${TON_CORE_HASH}`,
		]) {
			const result = validateAddress('ton', address);
			expect(result.valid).toBe(true);
			if (result.valid) expect(result.warnings[0]).toMatch(/^no checksum/);
		}
		expect(tonAccountKey(`0:${TON_CORE_HASH}`)).toBe(tonAccountKey(TON_CORE_MAINNET[2]));
	});

	it('refuses short hashes and unknown workchains', () => {
		expect(reasonOf(validateAddress('ton', `0:${TON_CORE_HASH.slice(0, 62)}`))).toMatch(
			/64 hexadecimal/,
		);
		expect(reasonOf(validateAddress('ton', `0:${TON_CORE_HASH.slice(0, 63)}`))).toMatch(
			/64 hexadecimal/,
		);
		expect(reasonOf(validateAddress('ton', `5:${TON_CORE_HASH}`))).toMatch(/workchain "5"/);
	});
});

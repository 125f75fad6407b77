import { validateAddress } from '../../../nodes/CryptoPayout/validation/address';
import {
	checkEvmAddress,
	hasEvmChecksum,
	toChecksumAddress,
} from '../../../nodes/CryptoPayout/validation/evm';

// EIP-55 "Test Cases" (https://eips.ethereum.org/EIPS/eip-55), in the spec's groups.
const EIP55_ALL_CAPS = [
	'0x52908400098527886E0F7030069857D2E4169EE7',
	'0x8617E340B3D01FA5F11F306F4090FD50E238070D',
];
const EIP55_ALL_LOWER = [
	'0xde709f2102306220921060314715629080e2fb77',
	'0x27b1fdb04752bbc536007a920d24acb045561c26',
];
const EIP55_NORMAL = [
	'0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
	'0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359',
	'0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB',
	'0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb',
];

describe('EIP-55', () => {
	it.each(EIP55_NORMAL)('accepts the mixed-case spec example %s without warnings', (address) => {
		expect(toChecksumAddress(address.toLowerCase())).toBe(address);
		expect(validateAddress('evm', address)).toEqual({ valid: true, address, warnings: [] });
	});

	// The "all caps" and "all lower" groups are addresses whose EIP-55 form happens to be
	// single-case, so they are fully checksummed and need no warning.
	it.each([...EIP55_ALL_CAPS, ...EIP55_ALL_LOWER])(
		'accepts the single-case spec example %s as its own checksum form',
		(address) => {
			expect(toChecksumAddress(address.toLowerCase())).toBe(address);
			expect(validateAddress('evm', address)).toEqual({ valid: true, address, warnings: [] });
		},
	);

	// The normal examples written in one case are legal but carry no checksum.
	it.each(
		EIP55_NORMAL.flatMap((address) => [
			`0x${address.slice(2).toLowerCase()}`,
			`0x${address.slice(2).toUpperCase()}`,
		]),
	)('accepts the un-checksummed single-case form %s with a "no checksum" warning', (address) => {
		const result = validateAddress('evm', address);
		expect(result.valid).toBe(true);
		if (result.valid) {
			expect(result.warnings).toHaveLength(1);
			expect(result.warnings[0]).toMatch(/^no checksum: this address is all (lower|upper)-case/);
			// The checksummed form is not offered: computed from a typo it would vouch for the typo.
			expect(result.warnings[0]).not.toContain(toChecksumAddress(address));
			expect(result.warnings[0]).toMatch(/ask the recipient for the mixed-case \(EIP-55\) form/);
			expect(hasEvmChecksum(address)).toBe(false);
		}
	});

	it.each([...EIP55_NORMAL, ...EIP55_ALL_CAPS, ...EIP55_ALL_LOWER])(
		'hasEvmChecksum: %s carries its checksum',
		(address) => {
			expect(hasEvmChecksum(address)).toBe(true);
		},
	);

	it('rejects a mixed-case address whose capitalisation is off by one letter', () => {
		const wrongCase = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD';
		const result = validateAddress('evm', wrongCase);
		expect(result.valid).toBe(false);
		if (!result.valid) expect(result.reason).toMatch(/checksum does not match.*typo/);
	});

	it('rejects a wrong digit in a checksummed address', () => {
		const result = validateAddress(
			'evm',
			'0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAee'.replace('6053', '6054'),
		);
		expect(result.valid).toBe(false);
		if (!result.valid) expect(result.reason).toMatch(/checksum does not match/);
	});

	it.each([
		['0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe', /39 characters/],
		['5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', /missing the "0x"/],
		['0X5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', /lower-case "0x"/],
		['0xZaAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', /"Z" at position 3/],
		['0x' + 'ab'.repeat(32), /transaction hash or a private key/],
		['0x0000000000000000000000000000000000000000', /zero address/],
	])('explains why %s is refused', (address, reason) => {
		const result = checkEvmAddress(address);
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.problem).toMatch(reason);
	});
});

import { validateAddress } from '../../../nodes/CryptoPayout/validation/address';
import {
	base58CheckDecode,
	base58CheckEncode,
} from '../../../nodes/CryptoPayout/validation/base58';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

function reasonOf(result: ReturnType<typeof validateAddress>): string {
	return result.valid ? '' : result.reason;
}

describe('TRON', () => {
	// Tether's USDT TRC-20 contract (tether.to / tronscan), and Circle's USDC TRC-20 contract.
	it('decodes the USDT TRC-20 contract to its well-known hex form', () => {
		const decoded = base58CheckDecode('TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t');
		expect(decoded.ok && hex(decoded.payload)).toBe('41a614f803b6fd780986a42c78ec9c7f77e6ded13c');
	});

	it.each(['TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t', 'TEkxiTehnzSmSe2XqrBj4w32RUN966rdz8'])(
		'accepts %s',
		(address) => {
			expect(validateAddress('tron', address)).toEqual({ valid: true, address, warnings: [] });
		},
	);

	it('refuses the hex form', () => {
		expect(reasonOf(validateAddress('tron', '41a614f803b6fd780986a42c78ec9c7f77e6ded13c'))).toMatch(
			/hex form of a TRON address/,
		);
	});

	it('refuses a one-character typo with a checksum reason', () => {
		expect(reasonOf(validateAddress('tron', 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj7t'))).toMatch(
			/checksum does not match.*typo/,
		);
	});

	it('refuses a Base58Check value with another version byte', () => {
		const payload = Uint8Array.from(Buffer.from(`42${'11'.repeat(20)}`, 'hex'));
		expect(reasonOf(validateAddress('tron', base58CheckEncode(payload)))).toMatch(
			/version byte 0x42 is not TRON's/,
		);
	});
});

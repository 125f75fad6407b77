import { validateAddress } from '../../../nodes/CryptoPayout/validation/address';
import { base58Encode } from '../../../nodes/CryptoPayout/validation/base58';

function reasonOf(result: ReturnType<typeof validateAddress>): string {
	return result.valid ? '' : result.reason;
}

describe('Solana', () => {
	// Well-known program / mint ids from the Solana docs and token issuers: the System Program
	// (32 zero bytes), the SPL Token program, and Circle's USDC mint.
	it.each([
		'11111111111111111111111111111111',
		'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA',
		'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v',
	])('accepts %s, always warning that there is no checksum', (address) => {
		const result = validateAddress('solana', address);
		expect(result.valid).toBe(true);
		if (result.valid)
			expect(result.warnings).toEqual([
				expect.stringMatching(/^no checksum: Solana addresses carry no checksum/),
			]);
	});

	it('cannot detect a one-character typo (no checksum exists), so it stays valid', () => {
		expect(validateAddress('solana', 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1w').valid).toBe(
			true,
		);
	});

	it('refuses characters outside the alphabet and wrong lengths', () => {
		expect(
			reasonOf(validateAddress('solana', 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt10')),
		).toMatch(/"0" at position 44.*never use 0, O, I or l/);
		expect(reasonOf(validateAddress('solana', base58Encode(new Uint8Array(31).fill(9))))).toMatch(
			/decodes to 31 bytes/,
		);
		expect(
			reasonOf(validateAddress('solana', 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1vv')),
		).toMatch(/32 to 44 characters/);
		expect(reasonOf(validateAddress('solana', '1'.repeat(33)))).toMatch(/decodes to 33 bytes/);
	});
});

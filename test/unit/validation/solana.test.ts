import { validateAddress } from '../../../nodes/CryptoPayout/validation/address';
import { base58Encode } from '../../../nodes/CryptoPayout/validation/base58';

function reasonOf(result: ReturnType<typeof validateAddress>): string {
	return result.valid ? '' : result.reason;
}

describe('Solana', () => {
	// Circle's USDC mint and an ordinary account (the Solana docs' example wallet).
	it.each([
		'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v',
		'14grJpemFaf88c8tiVb77W7TYg2W3ir6pfkKz3YjhhZ5',
	])('accepts %s, always warning that there is no checksum', (address) => {
		const result = validateAddress('solana', address);
		expect(result.valid).toBe(true);
		if (result.valid)
			expect(result.warnings).toEqual([
				expect.stringMatching(/^no checksum: Solana addresses carry no checksum/),
			]);
	});

	it.each([
		['11111111111111111111111111111111', 'the Solana System Program'],
		['TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA', 'the SPL Token Program'],
		['SysvarRent111111111111111111111111111111111', 'a Solana sysvar (Rent)'],
	])('refuses the program id %s: nobody receives there', (address, what) => {
		expect(reasonOf(validateAddress('solana', address))).toBe(
			`This is not a valid Solana address: it is ${what}, not a wallet: nobody holds its key, so funds sent there are lost.`,
		);
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

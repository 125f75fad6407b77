/**
 * Property tests over thousands of generated bad inputs: validation never crashes, never lets a
 * bad value through, and every refusal names its field.
 */
import fc from 'fast-check';

import {
	validateCreateInput,
	type CreateInput,
} from '../../nodes/CryptoPayout/actions/create/validate-create';
import { cregisProvider } from '../../nodes/CryptoPayout/providers/cregis';
import { oxaPayProvider } from '../../nodes/CryptoPayout/providers/oxapay';
import { isPayoutFailure } from '../../nodes/CryptoPayout/shared/errors';

const GOOD: CreateInput = {
	reference: 'INV-1',
	address: 'TXsmKpEuW7qWnXzJLGP9eDLvWPR2GRn1FS',
	amount: '12.5',
	currency: 'USDT',
	network: 'TRC20',
	memo: '',
	description: '',
	callbackUrl: '',
};
const PROVIDERS = [oxaPayProvider, cregisProvider];

/** Runs validation; returns the field of the refusal, or undefined when the input was accepted. */
function refusedField(input: CreateInput, providerIndex: number): string | undefined {
	try {
		validateCreateInput(PROVIDERS[providerIndex], input);
		return undefined;
	} catch (error) {
		if (!isPayoutFailure(error)) throw error;
		expect(error.field).toBeTruthy();
		expect(error.message.length).toBeGreaterThan(5);
		return error.field;
	}
}

const provider = fc.integer({ min: 0, max: 1 });
const PLAIN_DECIMAL = /^(0|[1-9]\d*)(\.\d*[1-9])?$/;

describe('amount', () => {
	it('any string: either refused as the amount, or an exact positive decimal with ≤ 6 decimals', () => {
		fc.assert(
			fc.property(fc.string({ maxLength: 24 }), provider, (amount, p) => {
				const field = refusedField({ ...GOOD, amount }, p);
				if (field === undefined) {
					const sent = PROVIDERS[p].previewCreate(
						validateCreateInput(PROVIDERS[p], { ...GOOD, amount }),
					).body.amount as string;
					expect(sent).toMatch(PLAIN_DECIMAL);
					expect(sent.split('.')[1]?.length ?? 0).toBeLessThanOrEqual(6);
				} else {
					expect(field).toBe('amount');
				}
			}),
			{ numRuns: 3000 },
		);
	});

	it('decimal-looking garbage (signs, commas, exponents, too many decimals, zero) is refused as the amount', () => {
		const bad = fc.oneof(
			fc.tuple(fc.constantFrom('-', '+'), fc.nat()).map(([sign, n]) => `${sign}${n}`),
			fc
				.tuple(fc.nat({ max: 999 }), fc.nat({ max: 999 }))
				.map(([a, b]) => `${a + 1},${String(b).padStart(3, '0')}`),
			fc
				.tuple(fc.nat({ max: 99 }), fc.integer({ min: 7, max: 30 }))
				.map(([a, digits]) => `${a}.${'1'.repeat(digits)}`),
			fc.constantFrom(
				'0',
				'0.0',
				'00.000',
				'NaN',
				'Infinity',
				'-Infinity',
				'1e400',
				'',
				' ',
				'1 000',
				'١٢',
				'12.5.1',
				'0x1A',
			),
			// Numbers from a sheet: not finite, not positive, or with more decimals than USDT has.
			fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, -0),
			fc.double({ max: -Number.MIN_VALUE, noNaN: true }),
			fc.double({ min: 1e-300, max: 9e-7, noNaN: true }),
			fc.integer({ min: 1, max: 999999 }).map((n) => n + 0.1234567),
		);
		fc.assert(
			fc.property(bad, provider, (amount, p) => {
				expect(refusedField({ ...GOOD, amount }, p)).toBe('amount');
			}),
			{ numRuns: 3000 },
		);
	});
});

describe('address', () => {
	const valid = ['TXsmKpEuW7qWnXzJLGP9eDLvWPR2GRn1FS', 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t'];
	const mutation = fc.tuple(
		fc.constantFrom(...valid),
		fc.nat(),
		fc.constantFrom('replace', 'insert', 'delete', 'swap'),
		fc.string({ minLength: 1, maxLength: 1 }),
	);
	it('one-character mutations of TRON addresses are refused (checksum) as the address', () => {
		fc.assert(
			fc.property(mutation, provider, ([address, position, kind, char], p) => {
				const i = position % address.length;
				let mutated = address;
				if (kind === 'replace') mutated = address.slice(0, i) + char + address.slice(i + 1);
				if (kind === 'insert') mutated = address.slice(0, i) + char + address.slice(i);
				if (kind === 'delete') mutated = address.slice(0, i) + address.slice(i + 1);
				if (kind === 'swap' && i + 1 < address.length)
					mutated = address.slice(0, i) + address[i + 1] + address[i] + address.slice(i + 2);
				fc.pre(mutated.trim() !== address);
				expect(refusedField({ ...GOOD, address: mutated }, p)).toBe('address');
			}),
			{ numRuns: 3000 },
		);
	});

	it('arbitrary text is never accepted as a TRON address', () => {
		fc.assert(
			fc.property(fc.string({ maxLength: 60 }), provider, (address, p) => {
				expect(refusedField({ ...GOOD, address }, p)).toBe('address');
			}),
			{ numRuns: 2000 },
		);
	});
});

describe('memo and reference', () => {
	it('any non-empty memo on TRON is refused as the memo', () => {
		fc.assert(
			fc.property(
				fc.string({ minLength: 1, maxLength: 40 }).filter((memo) => memo.trim() !== ''),
				provider,
				(memo, p) => {
					expect(refusedField({ ...GOOD, memo }, p)).toBe('memo');
				},
			),
			{ numRuns: 1500 },
		);
	});

	it('references outside the allowed characters are refused as the reference', () => {
		fc.assert(
			fc.property(
				fc
					.string({ maxLength: 80 })
					.filter((reference) => !/^[A-Za-z0-9][A-Za-z0-9._\-:#/@+]{0,63}$/.test(reference.trim())),
				provider,
				(reference, p) => {
					expect(refusedField({ ...GOOD, reference }, p)).toBe('reference');
				},
			),
			{ numRuns: 1500 },
		);
	});
});

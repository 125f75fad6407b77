import {
	compareDecimals,
	decimalTextFromProvider,
	formatScaled,
	parseDecimalAmount,
	significantDigits,
	truncateSignificant,
} from '../../nodes/CryptoPayout/shared/decimal';

const parse = (value: unknown, decimals = 18) =>
	parseDecimalAmount(value, decimals, 'TEST on Testnet');

describe('parseDecimalAmount', () => {
	it.each([
		['0.1', '0.1'],
		['123456789.123456789012345678', '123456789.123456789012345678'],
		[' 12.50 ', '12.5'],
		['007.5', '7.5'],
		['1e-7', '0.0000001'],
		['1.5E+3', '1500'],
		['2.5e2', '250'],
		[0.1, '0.1'],
		[1e-7, '0.0000001'],
		[250, '250'],
	])('%p → %s', (input, expected) => {
		expect(parse(input).text).toBe(expected);
	});

	it('scales to the asset precision exactly', () => {
		expect(parseDecimalAmount('1.5', 6, 'USDT').scaled).toBe(1500000n);
		expect(parse('123456789.123456789012345678').scaled).toBe(123456789123456789012345678n);
	});

	it.each([
		['', /empty/],
		['   ', /empty/],
		[null, /empty/],
		['-1', /greater than zero/],
		['0', /greater than zero/],
		['0.000', /greater than zero/],
		['NaN', /not a number/],
		['Infinity', /not a number/],
		['1,000.5', /comma/],
		['1,5', /comma/],
		['1 000', /spaces/],
		['$5', /not a decimal/],
		['1.2.3', /not a decimal/],
		['.5', /not a decimal/],
		['5.', /not a decimal/],
		['0x10', /not a decimal/],
		['+5', /sign/],
		[Number.NaN, /finite/],
		[Number.POSITIVE_INFINITY, /finite/],
		[-2, /greater than zero/],
		[0.30000000000000004, /floating-point/],
		[2 ** 60, /too large/],
		[{}, /number or text/],
		[true, /number or text/],
	])('refuses %p', (input, message) => {
		expect(() => parse(input)).toThrow(message);
	});

	it('refuses more decimals than the asset allows, naming the asset, instead of rounding', () => {
		expect(() => parseDecimalAmount('1.1234567', 6, 'USDT on TRON')).toThrow(
			/7 decimal places.*USDT on TRON allows at most 6/,
		);
		expect(parseDecimalAmount('1.1234560', 6, 'USDT').text).toBe('1.123456');
	});

	it('carries the field name for the error', () => {
		try {
			parse('abc');
			throw new Error('expected a failure');
		} catch (error) {
			expect((error as { field?: string }).field).toBe('amount');
			expect((error as { code?: string }).code).toBe('INVALID_AMOUNT');
		}
	});
});

describe('decimal helpers', () => {
	it('formats and compares scaled values', () => {
		expect(formatScaled(1500000n, 6)).toBe('1.5');
		expect(formatScaled(5n, 8)).toBe('0.00000005');
		expect(compareDecimals('1.10', '1.1')).toBe(0);
		expect(compareDecimals('0.009', '0.01')).toBe(-1);
	});

	it('reads provider amounts exactly', () => {
		expect(decimalTextFromProvider('0.02')).toBe('0.02');
		expect(decimalTextFromProvider(10)).toBe('10');
		expect(decimalTextFromProvider('9.28e-8')).toBe('0.0000000928');
		expect(decimalTextFromProvider('0')).toBe('0');
		expect(decimalTextFromProvider('abc')).toBeUndefined();
	});
});

describe('significant digits', () => {
	it.each([
		['1', 1],
		['1200', 2],
		['0.0012', 2],
		['10.05', 4],
		['123456789012345', 15],
		['1.000000000000000001', 19],
		['0.123456789012345678', 18],
		['0.000000000000000001', 1],
		['100000000000000000000', 1],
	])('%s has %i', (text, digits) => {
		expect(significantDigits(text)).toBe(digits);
	});

	it.each([
		['1.000000000000000001', 15, '1'],
		['0.123456789012345678', 15, '0.123456789012345'],
		['12345678901234567890', 15, '12345678901234500000'],
		['0.00123456789', 3, '0.00123'],
		['9.99', 2, '9.9'],
		['1.5', 15, '1.5'],
	])(
		'truncateSignificant(%s, %i) is %s: cut toward zero, never rounded up',
		(text, digits, cut) => {
			expect(truncateSignificant(text, digits)).toBe(cut);
			expect(compareDecimals(cut, text)).toBeLessThanOrEqual(0);
		},
	);
});

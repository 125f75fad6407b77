/**
 * Exact decimal amounts. An amount is parsed from the operator's text (or an n8n number) into
 * its canonical decimal text and a scaled BigInt; it is never a JavaScript float on the way.
 * Nothing is rounded: too many decimals is an error the operator fixes in the sheet.
 */
import { PayoutFailure } from './errors';

export interface DecimalAmount {
	/** Canonical decimal text: no exponent, no leading zeros, no trailing fractional zeros. */
	text: string;
	/** The value times 10^scale. */
	scaled: bigint;
	scale: number;
}

const PLAIN = /^(\d+)(?:\.(\d+))?$/;
const EXPONENT = /^(\d+)(?:\.(\d+))?[eE]([+-]?\d{1,3})$/;
/** A double keeps 15 significant decimal digits for certain; beyond that a number may be rounded. */
export const MAX_EXACT_FLOAT_DIGITS = 15;
const MAX_INTEGER_DIGITS = 30;

function invalid(message: string, field: string): never {
	throw new PayoutFailure('INVALID_AMOUNT', message, { field });
}

/** Turns a value from a parameter or a sheet cell into exact decimal text, or says why not. */
export function decimalTextFromInput(value: unknown, field = 'amount'): string {
	if (value === undefined || value === null) invalid('Amount is empty.', field);
	if (typeof value === 'bigint') return canonicalDecimal(value.toString(), field);
	if (typeof value === 'number') return decimalTextFromNumber(value, field);
	if (typeof value !== 'string')
		invalid(`Amount must be a number or text, not ${typeof value}.`, field);
	const text = value.trim();
	if (text === '') invalid('Amount is empty.', field);
	if (/^[+-]/.test(text)) {
		if (text.startsWith('-')) invalid(`Amount must be greater than zero (got "${text}").`, field);
		invalid(`Amount must not start with a sign (got "${text}").`, field);
	}
	if (/^(nan|[+-]?inf(inity)?)$/i.test(text))
		invalid(`Amount is not a number (got "${text}").`, field);
	if (text.includes(',')) {
		invalid(
			`Amount "${text}" contains a comma. Thousands separators and decimal commas are not accepted: write 1234.56.`,
			field,
		);
	}
	if (/\s/.test(text)) invalid(`Amount "${text}" contains spaces.`, field);
	return canonicalDecimal(text, field);
}

function decimalTextFromNumber(value: number, field: string): string {
	if (!Number.isFinite(value))
		invalid(`Amount is not a finite number (got ${String(value)}).`, field);
	if (value <= 0) invalid(`Amount must be greater than zero (got ${String(value)}).`, field);
	if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
		invalid(
			`Amount ${String(value)} is too large to have arrived exactly as a number. Map it as text.`,
			field,
		);
	}
	// String(n) is the shortest text that reads back as the same double; for a value typed in a
	// sheet that is what was typed, unless the double could not hold it.
	const text = String(value);
	const digits = text.replace(/e.*$/i, '').replace('.', '').replace(/^0+/, '');
	if (digits.length > MAX_EXACT_FLOAT_DIGITS) {
		invalid(
			`Amount ${text} arrived as a floating-point number with ${digits.length} significant digits, so it may already have been rounded. Map the amount as text (e.g. format the sheet column as plain text).`,
			field,
		);
	}
	return canonicalDecimal(text, field);
}

function canonicalDecimal(text: string, field: string): string {
	let integerPart: string;
	let fractionPart: string;
	const plain = PLAIN.exec(text);
	if (plain) {
		integerPart = plain[1];
		fractionPart = plain[2] ?? '';
	} else {
		const exponent = EXPONENT.exec(text);
		if (!exponent) invalid(`Amount "${text}" is not a decimal number like 12.5.`, field);
		[integerPart, fractionPart] = shiftDecimalPoint(
			exponent[1],
			exponent[2] ?? '',
			Number(exponent[3]),
		);
	}
	integerPart = integerPart.replace(/^0+(?=\d)/, '');
	fractionPart = fractionPart.replace(/0+$/, '');
	if (integerPart.length > MAX_INTEGER_DIGITS)
		invalid(`Amount "${text}" is implausibly large.`, field);
	const canonical = fractionPart ? `${integerPart}.${fractionPart}` : integerPart;
	if (/^0(\.0*)?$/.test(canonical))
		invalid(`Amount must be greater than zero (got "${text}").`, field);
	return canonical;
}

/** Moves the decimal point of digits `int.frac` by `exponent` places, on text only. */
function shiftDecimalPoint(
	integerDigits: string,
	fractionDigits: string,
	exponent: number,
): [string, string] {
	const digits = integerDigits + fractionDigits;
	const point = integerDigits.length + exponent;
	if (point <= 0) return ['0', '0'.repeat(-point) + digits];
	if (point >= digits.length) return [digits + '0'.repeat(point - digits.length), ''];
	return [digits.slice(0, point), digits.slice(point)];
}

export function countDecimals(text: string): number {
	const point = text.indexOf('.');
	return point === -1 ? 0 : text.length - point - 1;
}

/**
 * Parses an amount and checks it against the asset's precision.
 * `assetLabel` names the asset in the message ("USDT on TRON (TRC-20)").
 */
export function parseDecimalAmount(
	value: unknown,
	maxDecimals: number,
	assetLabel: string,
	field = 'amount',
): DecimalAmount {
	const text = decimalTextFromInput(value, field);
	const decimals = countDecimals(text);
	if (decimals > maxDecimals) {
		invalid(
			`Amount ${text} has ${decimals} decimal places, but ${assetLabel} allows at most ${maxDecimals}. The node never rounds: round it in the source data.`,
			field,
		);
	}
	return { text, scaled: toScaled(text, maxDecimals), scale: maxDecimals };
}

export function toScaled(text: string, scale: number): bigint {
	const [integerPart, fractionPart = ''] = text.split('.');
	if (fractionPart.length > scale) throw new RangeError(`${text} has more than ${scale} decimals`);
	return BigInt(integerPart + fractionPart.padEnd(scale, '0'));
}

export function formatScaled(scaled: bigint, scale: number): string {
	const negative = scaled < 0n;
	const digits = (negative ? -scaled : scaled).toString().padStart(scale + 1, '0');
	const integerPart = digits.slice(0, digits.length - scale);
	const fractionPart = digits.slice(digits.length - scale).replace(/0+$/, '');
	return `${negative ? '-' : ''}${integerPart}${fractionPart ? `.${fractionPart}` : ''}`;
}

export function compareDecimals(a: string, b: string): number {
	const scale = Math.max(countDecimals(a), countDecimals(b));
	const difference = toScaled(a, scale) - toScaled(b, scale);
	return difference === 0n ? 0 : difference < 0n ? -1 : 1;
}

/**
 * Reads an amount a provider sent back (a digit string from the lossless parser, or a safe
 * integer) as decimal text; undefined when it is absent or not a plain decimal.
 */
export function decimalTextFromProvider(value: unknown): string | undefined {
	if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
	if (typeof value !== 'string') return undefined;
	const text = value.trim();
	const plain = PLAIN.exec(text) ?? EXPONENT.exec(text);
	if (!plain) return undefined;
	try {
		const canonical = canonicalDecimal(text, 'amount');
		return canonical;
	} catch {
		return /^0+(\.0+)?$/.test(text) ? '0' : undefined;
	}
}

/** Significant digits of canonical decimal text: "0.0012" has 2, "1200" 2, "1.000000000000000001" 19. */
export function significantDigits(text: string): number {
	return text.replace('.', '').replace(/^0+/, '').replace(/0+$/, '').length;
}

/** Canonical decimal text cut to `digits` significant digits, toward zero: never more than it was. */
export function truncateSignificant(text: string, digits: number): string {
	let seen = 0;
	let result = '';
	for (const character of text) {
		if (character !== '.' && (seen > 0 || character !== '0')) seen++;
		result += character !== '.' && seen > digits ? '0' : character;
	}
	return result.includes('.') ? result.replace(/\.?0+$/, '') : result;
}

/**
 * Exact decimal helpers on scaled BigInts. The sandbox compares amounts with minimums and range
 * filters; doing that with floats would accept `0.009999999999999999` as `0.01` and hide the very
 * rounding bugs the sandbox exists to catch.
 */

/** Plain decimal text: optional minus, digits, optional fraction. No exponent, no `+`, no `.5`. */
export const DECIMAL_PATTERN = /^-?\d+(\.\d+)?$/;

export interface Decimal {
	/** The value times 10^scale. */
	units: bigint;
	scale: number;
}

export function parseDecimal(text: string): Decimal | undefined {
	if (!DECIMAL_PATTERN.test(text)) return undefined;
	const negative = text.startsWith('-');
	const body = negative ? text.slice(1) : text;
	const dot = body.indexOf('.');
	const digits = dot < 0 ? body : body.slice(0, dot) + body.slice(dot + 1);
	const scale = dot < 0 ? 0 : body.length - dot - 1;
	const units = BigInt(digits);
	return { units: negative ? -units : units, scale };
}

/** Number of digits after the point, ignoring trailing zeros (`1.50` has 1). */
export function significantDecimals(text: string): number {
	const dot = text.indexOf('.');
	if (dot < 0) return 0;
	let end = text.length;
	while (end > dot + 1 && text[end - 1] === '0') end--;
	return end - dot - 1;
}

function rescale(value: Decimal, scale: number): bigint {
	return value.units * 10n ** BigInt(scale - value.scale);
}

export function compareDecimal(a: Decimal, b: Decimal): number {
	const scale = Math.max(a.scale, b.scale);
	const x = rescale(a, scale);
	const y = rescale(b, scale);
	return x < y ? -1 : x > y ? 1 : 0;
}

export function compareDecimalText(a: string, b: string): number {
	const x = parseDecimal(a);
	const y = parseDecimal(b);
	if (!x || !y) throw new TypeError(`Not decimal text: ${x ? b : a}`);
	return compareDecimal(x, y);
}

export function isPositiveDecimal(value: Decimal): boolean {
	return value.units > 0n;
}

/** a × b, rounded half-up to `places` decimals, as plain text (used for the callback's USD value). */
export function multiplyToText(a: string, b: string, places: number): string {
	const x = parseDecimal(a);
	const y = parseDecimal(b);
	if (!x || !y) throw new TypeError('Not decimal text');
	let units = x.units * y.units;
	let scale = x.scale + y.scale;
	if (scale > places) {
		const divisor = 10n ** BigInt(scale - places);
		const negative = units < 0n;
		const magnitude = negative ? -units : units;
		let rounded = magnitude / divisor;
		if ((magnitude % divisor) * 2n >= divisor) rounded += 1n;
		units = negative ? -rounded : rounded;
		scale = places;
	}
	return formatUnits(units, scale);
}

function formatUnits(units: bigint, scale: number): string {
	const negative = units < 0n;
	let digits = (negative ? -units : units).toString();
	if (scale > 0) {
		digits = digits.padStart(scale + 1, '0');
		digits = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`.replace(/\.?0+$/, '');
	}
	return (negative && digits !== '0' ? '-' : '') + digits;
}

/**
 * OxaPay's API types `amount` as a JSON number, and its server reads JSON numbers as 64-bit
 * floats. The node writes the validated digits as they are (a JsonNumberLiteral), but a float is
 * exact to 15 significant digits only: `1.000000000000000001` would be read as 1 and
 * `0.123456789012345678` as 0.12345678901234568. Such an amount is refused before anything is
 * sent. The rule reads the decimal text alone, so no float decides what is paid.
 */
import {
	MAX_EXACT_FLOAT_DIGITS,
	significantDigits,
	truncateSignificant,
} from '../../shared/decimal';
import { PayoutFailure } from '../../shared/errors';
import type { ValidatedPayout } from '../types';

export function checkOxaPayPayout(payout: ValidatedPayout): void {
	const { text } = payout.amount;
	const digits = significantDigits(text);
	if (digits <= MAX_EXACT_FLOAT_DIGITS) return;
	// Only to show the operator what a float makes of it; what is sent is never computed this way.
	const asFloat = String(Number(text));
	const readAs = asFloat === text ? '' : ` (${text} reads as ${asFloat})`;
	throw new PayoutFailure(
		'AMOUNT_TOO_PRECISE',
		`Amount ${text} ${payout.asset.symbol} has ${digits} significant digits. OxaPay takes the amount as a JSON number, which its server reads as a floating-point number exact to ${MAX_EXACT_FLOAT_DIGITS} significant digits only, so it could pay another amount${readAs}. Nothing was sent.`,
		{
			field: 'amount',
			description: `Round the amount to at most ${MAX_EXACT_FLOAT_DIGITS} significant digits in the source data (e.g. ${truncateSignificant(text, MAX_EXACT_FLOAT_DIGITS)}), or pay it through Cregis, which takes the amount as text.`,
		},
	);
}

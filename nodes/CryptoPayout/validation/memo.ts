/**
 * Memo / destination-tag validation. Only XRP (destination tag) and TON (text comment) carry
 * one; exchanges use it to credit the right customer, so a wrong or stray memo loses money as
 * surely as a wrong address. Whether a memo is *required* is decided by the caller.
 */

import { AddressFamily, familyName, isAddressFamily } from './address';
import { screenFreeText, screenText, trimSurroundingWhitespace } from './text-safety';

export type MemoCheck =
	{ valid: true; memo: string | undefined } | { valid: false; reason: string };

const MAX_DESTINATION_TAG = 4294967295n;
/**
 * A TON text comment is the message body: a 32-bit op 0, then the text in UTF-8 (docs.ton.org,
 * "Internal messages → Messages with comments"). A cell holds 1023 bits, 127 whole bytes, so 123
 * bytes of text fit in the body's single cell. Longer text continues in a chain of cells that not
 * every wallet, exchange or payout backend reads back, so the node keeps to one cell.
 */
export const MAX_TON_COMMENT_BYTES = 123;

function validateDestinationTag(memo: string, embeddedTag: string | undefined): MemoCheck {
	const screened = screenText(memo, { allowInnerSpaces: false, maxLength: 64 });
	if (!screened.ok)
		return { valid: false, reason: `The XRP destination tag is not valid: ${screened.problem}.` };
	const tag = screened.text;
	if (!/^[0-9]+$/.test(tag)) {
		return {
			valid: false,
			reason:
				`The XRP destination tag "${tag}" is not valid: it must be a whole number written with digits only ` +
				'(no letters, signs, spaces or decimal point).',
		};
	}
	if (tag.length > 1 && tag[0] === '0') {
		const canonical = tag.replace(/^0+(?=.)/, '');
		return {
			valid: false,
			reason: `The XRP destination tag "${tag}" is not valid: it must not start with 0 (write ${canonical}); re-check the tag the recipient gave you.`,
		};
	}
	if (tag.length > 10 || BigInt(tag) > MAX_DESTINATION_TAG) {
		return {
			valid: false,
			reason: `The XRP destination tag "${tag}" is not valid: it must be at most ${MAX_DESTINATION_TAG}.`,
		};
	}
	if (embeddedTag !== undefined && tag !== embeddedTag) {
		return {
			valid: false,
			reason: `The XRP destination tag ${tag} conflicts with the tag inside the X-address (${embeddedTag}); leave the tag field empty or make them match.`,
		};
	}
	return { valid: true, memo: tag };
}

function validateTonComment(memo: string): MemoCheck {
	const screened = screenFreeText(memo, { maxBytes: MAX_TON_COMMENT_BYTES });
	if (!screened.ok)
		return { valid: false, reason: `The TON comment (memo) is not valid: ${screened.problem}.` };
	return { valid: true, memo: screened.text };
}

export function validateMemo(family: AddressFamily, memo: string, embeddedTag?: string): MemoCheck {
	if (!isAddressFamily(family))
		return { valid: false, reason: `Unknown network "${String(family)}".` };
	const raw: unknown = memo ?? '';
	if (typeof raw !== 'string') return { valid: false, reason: 'The memo is not text.' };
	// The length guard keeps a pasted document from being spread into code points here.
	const isEmpty = raw.length <= 4096 && trimSurroundingWhitespace(raw) === '';
	if (family === 'xrp') {
		if (isEmpty) return { valid: true, memo: embeddedTag };
		return validateDestinationTag(raw, embeddedTag);
	}
	if (isEmpty) return { valid: true, memo: undefined };
	if (family === 'ton') return validateTonComment(raw);
	return {
		valid: false,
		reason: `${familyName(family)} transfers carry no memo; remove it or choose the right network.`,
	};
}

/**
 * Screening of user-typed addresses and memos before any codec sees them.
 *
 * Surrounding whitespace is what copy-paste adds, so it is trimmed silently. Everything else
 * that is invisible or outside ASCII is refused: no address or memo format we accept contains
 * it, and a look-alike letter (Cyrillic "а" for Latin "a") or a zero-width joiner is exactly how
 * a clipboard hijacker or a bad copy makes a wrong address look right.
 */

export type TextScreening = { ok: true; text: string } | { ok: false; problem: string };

export interface ScreeningRules {
	/** Plain U+0020 spaces inside the text are allowed (a TON comment may contain words). */
	allowInnerSpaces: boolean;
	maxLength: number;
}

// Spaces, tabs, line breaks, NBSP and the other Unicode spaces. U+FEFF is deliberately NOT
// here: `String.prototype.trim` removes it, but it is a zero-width character and is reported.
const TRIMMABLE = new Set([
	0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004,
	0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
]);

const ZERO_WIDTH_NAMES = new Map<number, string>([
	[0x200b, 'ZERO WIDTH SPACE'],
	[0x200c, 'ZERO WIDTH NON-JOINER'],
	[0x200d, 'ZERO WIDTH JOINER'],
	[0x2060, 'WORD JOINER'],
	[0xfeff, 'ZERO WIDTH NO-BREAK SPACE'],
]);

// Bidirectional and other formatting marks: invisible, and able to reorder what is displayed.
const INVISIBLE_FORMATTING = new Set([
	0xad, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2061, 0x2062, 0x2063, 0x2064,
	0x2066, 0x2067, 0x2068, 0x2069,
]);

const HARD_LENGTH_LIMIT = 4096;
const RECOPY_ADVICE = 'copy it again from the original source or type it by hand';

function codePointLabel(codePoint: number): string {
	return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

export function trimSurroundingWhitespace(raw: string): string {
	const codePoints = [...raw];
	let start = 0;
	let end = codePoints.length;
	while (start < end && TRIMMABLE.has(codePoints[start].codePointAt(0) ?? 0)) start++;
	while (end > start && TRIMMABLE.has(codePoints[end - 1].codePointAt(0) ?? 0)) end--;
	return codePoints.slice(start, end).join('');
}

export function screenText(raw: unknown, rules: ScreeningRules): TextScreening {
	if (typeof raw !== 'string') return { ok: false, problem: 'it is not text' };
	// Bounded before any per-character work, so a pasted document cannot stall a batch.
	if (raw.length > HARD_LENGTH_LIMIT)
		return { ok: false, problem: `it is far too long (${raw.length} characters)` };
	const text = trimSurroundingWhitespace(raw);
	if (text.length === 0) return { ok: false, problem: 'it is empty' };

	let position = 0;
	for (const character of text) {
		position++;
		const codePoint = character.codePointAt(0) ?? 0;
		const zeroWidth = ZERO_WIDTH_NAMES.get(codePoint);
		if (zeroWidth) {
			return {
				ok: false,
				problem:
					`it contains an invisible zero-width character (${codePointLabel(codePoint)} ${zeroWidth}) at position ${position}; ` +
					RECOPY_ADVICE,
			};
		}
		if (INVISIBLE_FORMATTING.has(codePoint)) {
			return {
				ok: false,
				problem: `it contains an invisible formatting character (${codePointLabel(codePoint)}) at position ${position}; ${RECOPY_ADVICE}`,
			};
		}
		if (TRIMMABLE.has(codePoint) && !(rules.allowInnerSpaces && codePoint === 0x20)) {
			return {
				ok: false,
				problem: `it contains a space or line break inside it (position ${position}); remove it`,
			};
		}
		if (codePoint < 0x20 || (codePoint >= 0x7f && codePoint <= 0x9f)) {
			return {
				ok: false,
				problem: `it contains an invisible control character (${codePointLabel(codePoint)}) at position ${position}`,
			};
		}
		if (codePoint > 0x7e) {
			return {
				ok: false,
				problem:
					`it contains the non-ASCII character "${character}" (${codePointLabel(codePoint)}) at position ${position}; ` +
					'only plain Latin letters, digits and punctuation are allowed, so this is probably a look-alike letter from another alphabet',
			};
		}
	}
	if (text.length > rules.maxLength)
		return {
			ok: false,
			problem: `it is too long (${text.length} characters; at most ${rules.maxLength})`,
		};
	return { ok: true, text };
}

/**
 * Screening of user-typed addresses and memos before any codec sees them.
 *
 * Surrounding whitespace is what copy-paste adds, so it is trimmed silently. In an address or an
 * XRP tag (screenText) everything else that is invisible or outside ASCII is refused: no such
 * format contains it, and a look-alike letter (Cyrillic "а" for Latin "a") or a zero-width joiner
 * is exactly how a clipboard hijacker or a bad copy makes a wrong address look right. Text written
 * for people, a TON comment, may use any alphabet (screenFreeText) but nothing invisible.
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

export interface FreeTextRules {
	/** The most UTF-8 bytes the text may take. */
	maxBytes: number;
}

const LOOK_ALIKE_SCRIPTS = [
	{ name: 'Latin', letter: /\p{Script=Latin}/u },
	{ name: 'Cyrillic', letter: /\p{Script=Cyrillic}/u },
	{ name: 'Greek', letter: /\p{Script=Greek}/u },
];
// Invisible in every font: format characters (zero-width, bidi), variation selectors, Hangul
// fillers, tag characters... (Unicode's Default_Ignorable_Code_Point covers them all).
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}]/u;
// Unassigned, private-use, or half of a broken surrogate pair: nothing a reader can check.
const UNREADABLE = /[\p{Cn}\p{Co}\p{Cs}]/u;
const ASCII_LETTER_OR_DIGIT = /^[A-Za-z0-9]$/;
const WORD = /[\p{L}\p{M}\p{N}]+/gu;

/**
 * Screening of text a person writes for a person, in any language: a TON comment. Letters of
 * every script, digits, punctuation, symbols and plain spaces are allowed. Refused: what cannot be
 * seen (invisible, control and unassigned characters, line breaks and other spaces), a stand-in
 * for a plain letter or digit (full-width "１", mathematical "𝐀", the Kelvin sign "K"), and a word
 * that mixes Latin, Cyrillic or Greek letters ("dep\u043esit" with a Cyrillic "о"), which is how
 * a look-alike letter hides. Whole words in one alphabet ("привет", "Invoice 42") pass.
 */
export function screenFreeText(raw: unknown, rules: FreeTextRules): TextScreening {
	if (typeof raw !== 'string') return { ok: false, problem: 'it is not text' };
	if (raw.length > HARD_LENGTH_LIMIT)
		return { ok: false, problem: `it is far too long (${raw.length} characters)` };
	const text = trimSurroundingWhitespace(raw);
	if (text.length === 0) return { ok: false, problem: 'it is empty' };
	let position = 0;
	let bytes = 0;
	for (const character of text) {
		position++;
		const codePoint = character.codePointAt(0) ?? 0;
		bytes += utf8Length(codePoint);
		const problem = freeTextCharacterProblem(character, codePoint, position);
		if (problem) return { ok: false, problem };
	}
	const mixed = mixedScriptWord(text);
	if (mixed) return { ok: false, problem: mixed };
	if (bytes > rules.maxBytes) {
		return {
			ok: false,
			problem: `it is too long (${bytes} bytes in UTF-8; at most ${rules.maxBytes}: a letter outside plain Latin takes 2 to 4 bytes)`,
		};
	}
	return { ok: true, text };
}

function freeTextCharacterProblem(
	character: string,
	codePoint: number,
	position: number,
): string | undefined {
	if (codePoint === 0x20) return undefined;
	const where = `${codePointLabel(codePoint)} at position ${position}`;
	if (TRIMMABLE.has(codePoint) || /\p{Z}/u.test(character))
		return `it contains a space or line break inside it that is not a plain space (${where}); use plain spaces only`;
	if (codePoint < 0x20 || (codePoint >= 0x7f && codePoint <= 0x9f))
		return `it contains an invisible control character (${where})`;
	if (INVISIBLE.test(character)) {
		const zeroWidth = ZERO_WIDTH_NAMES.get(codePoint);
		const what = zeroWidth
			? `zero-width character (${codePointLabel(codePoint)} ${zeroWidth}) at position ${position}`
			: `character (${where})`;
		return `it contains an invisible ${what}; ${RECOPY_ADVICE}`;
	}
	if (UNREADABLE.test(character))
		return `it contains an unassigned, private-use or broken character (${where})`;
	const plain = character.normalize('NFKC');
	if (codePoint > 0x7e && ASCII_LETTER_OR_DIGIT.test(plain))
		return `it contains "${character}" (${where}), a look-alike of the plain "${plain}"; type the plain character`;
	return undefined;
}

function mixedScriptWord(text: string): string | undefined {
	for (const [word] of text.matchAll(WORD)) {
		const scripts = LOOK_ALIKE_SCRIPTS.filter((script) =>
			[...word].some((character) => script.letter.test(character)),
		);
		if (scripts.length > 1) {
			return (
				`the word "${word}" mixes ${scripts.map((script) => script.name).join(' and ')} letters, ` +
				'which is how a look-alike letter hides; retype it in one alphabet'
			);
		}
	}
	return undefined;
}

function utf8Length(codePoint: number): number {
	if (codePoint < 0x80) return 1;
	if (codePoint < 0x800) return 2;
	return codePoint < 0x10000 ? 3 : 4;
}

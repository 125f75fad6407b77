/**
 * Base58 and Base58Check over an arbitrary 58-character alphabet.
 *
 * Arithmetic is done digit by digit on a Uint8Array (schoolbook base conversion), so no value
 * ever passes through a float and no BigInt is needed; inputs are address-sized, so the
 * quadratic cost is irrelevant.
 */

import { createHash } from 'crypto';

import { CHECKSUM_MISMATCH } from './family-check';

export const BITCOIN_ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
export const RIPPLE_ALPHABET = 'rpshnaf39wBUDNEGHJKLM4PQRST7VWXYZ2bcdeCg65jkm8oFqi1tuvAxyz';

export type Base58Decoded =
	{ ok: true; bytes: Uint8Array } | { ok: false; invalidCharacter: string; position: number };

export type Base58CheckDecoded =
	| { ok: true; payload: Uint8Array }
	| { ok: false; error: 'invalid-character'; invalidCharacter: string; position: number }
	| { ok: false; error: 'too-short' }
	| { ok: false; error: 'checksum-mismatch' };

const CHECKSUM_LENGTH = 4;
const digitTables = new Map<string, Int8Array>();

function digitTable(alphabet: string): Int8Array {
	let table = digitTables.get(alphabet);
	if (table) return table;
	if (alphabet.length !== 58) throw new RangeError('A base58 alphabet has exactly 58 characters');
	table = new Int8Array(128).fill(-1);
	for (let digit = 0; digit < 58; digit++) table[alphabet.charCodeAt(digit)] = digit;
	digitTables.set(alphabet, table);
	return table;
}

export function base58Decode(text: string, alphabet: string = BITCOIN_ALPHABET): Base58Decoded {
	const table = digitTable(alphabet);
	const zeroDigit = alphabet[0];
	let leadingZeros = 0;
	while (leadingZeros < text.length && text[leadingZeros] === zeroDigit) leadingZeros++;

	// Each base58 digit carries less than 8 bits, so `text.length` bytes always suffice.
	const work = new Uint8Array(text.length);
	let used = 0;
	for (let position = 0; position < text.length; position++) {
		const code = text.charCodeAt(position);
		const digit = code < 128 ? table[code] : -1;
		if (digit < 0) {
			return {
				ok: false,
				invalidCharacter: String.fromCodePoint(text.codePointAt(position) ?? code),
				position,
			};
		}
		let carry = digit;
		let index = work.length - 1;
		for (let step = 0; (carry !== 0 || step < used) && index >= 0; step++, index--) {
			carry += 58 * work[index];
			work[index] = carry & 0xff;
			carry >>= 8;
		}
		used = work.length - 1 - index;
	}

	let firstNonZero = 0;
	while (firstNonZero < work.length && work[firstNonZero] === 0) firstNonZero++;
	const bytes = new Uint8Array(leadingZeros + work.length - firstNonZero);
	bytes.set(work.subarray(firstNonZero), leadingZeros);
	return { ok: true, bytes };
}

export function base58Encode(bytes: Uint8Array, alphabet: string = BITCOIN_ALPHABET): string {
	digitTable(alphabet);
	let leadingZeros = 0;
	while (leadingZeros < bytes.length && bytes[leadingZeros] === 0) leadingZeros++;

	// log(256)/log(58) < 1.37, so two digits per byte is a safe integer-only upper bound.
	const digits = new Uint8Array(bytes.length * 2);
	let used = 0;
	for (let position = leadingZeros; position < bytes.length; position++) {
		let carry = bytes[position];
		let index = digits.length - 1;
		for (let step = 0; (carry !== 0 || step < used) && index >= 0; step++, index--) {
			carry += 256 * digits[index];
			digits[index] = carry % 58;
			carry = (carry - digits[index]) / 58;
		}
		used = digits.length - 1 - index;
	}

	let firstNonZero = 0;
	while (firstNonZero < digits.length && digits[firstNonZero] === 0) firstNonZero++;
	let text = alphabet[0].repeat(leadingZeros);
	for (let index = firstNonZero; index < digits.length; index++) text += alphabet[digits[index]];
	return text;
}

export function doubleSha256(bytes: Uint8Array): Uint8Array {
	return createHash('sha256').update(createHash('sha256').update(bytes).digest()).digest();
}

/** Verifies the 4-byte double-SHA-256 checksum and returns the payload without it. */
export function base58CheckDecode(
	text: string,
	alphabet: string = BITCOIN_ALPHABET,
): Base58CheckDecoded {
	const decoded = base58Decode(text, alphabet);
	if (!decoded.ok) {
		return {
			ok: false,
			error: 'invalid-character',
			invalidCharacter: decoded.invalidCharacter,
			position: decoded.position,
		};
	}
	const { bytes } = decoded;
	if (bytes.length <= CHECKSUM_LENGTH) return { ok: false, error: 'too-short' };
	const payload = bytes.subarray(0, bytes.length - CHECKSUM_LENGTH);
	const expected = doubleSha256(payload);
	for (let index = 0; index < CHECKSUM_LENGTH; index++) {
		if (bytes[payload.length + index] !== expected[index])
			return { ok: false, error: 'checksum-mismatch' };
	}
	return { ok: true, payload: payload.slice() };
}

export function base58CheckEncode(
	payload: Uint8Array,
	alphabet: string = BITCOIN_ALPHABET,
): string {
	const withChecksum = new Uint8Array(payload.length + CHECKSUM_LENGTH);
	withChecksum.set(payload);
	withChecksum.set(doubleSha256(payload).subarray(0, CHECKSUM_LENGTH), payload.length);
	return base58Encode(withChecksum, alphabet);
}

/** Plain-language clause for a failed Base58Check decode. */
export function base58CheckProblem(failure: Exclude<Base58CheckDecoded, { ok: true }>): string {
	switch (failure.error) {
		case 'invalid-character': {
			const shown = failure.invalidCharacter;
			const lookAlike = '0OIl'.includes(shown)
				? ' (these addresses never use 0, O, I or l, because they look alike)'
				: '';
			return (
				`it contains the character "${shown}" at position ${failure.position + 1}, ` +
				`which never appears in this kind of address${lookAlike}`
			);
		}
		case 'too-short':
			return 'it is far too short';
		case 'checksum-mismatch':
			return CHECKSUM_MISMATCH;
	}
}

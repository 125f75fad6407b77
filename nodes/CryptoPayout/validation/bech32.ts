/**
 * Bech32 (BIP-173) and Bech32m (BIP-350) strings, and native segwit addresses on top of them.
 *
 * The BCH-code polymod stays below 2^30, so plain 32-bit integer operations are exact here.
 */

import { CHECKSUM_MISMATCH } from './family-check';

export type Bech32Encoding = 'bech32' | 'bech32m';

export type Bech32Decoded =
	| { ok: true; hrp: string; words: number[]; encoding: Bech32Encoding }
	| { ok: false; problem: string; checksumMismatch?: true };

export type SegwitDecoded =
	| { ok: true; hrp: string; version: number; program: Uint8Array; encoding: Bech32Encoding }
	| { ok: false; problem: string };

export const BECH32_CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const BECH32M_CONSTANT = 0x2bc830a3;
const GENERATORS = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
const CHECKSUM_WORDS = 6;
const MAX_LENGTH = 90;

function polymod(values: number[]): number {
	let checksum = 1;
	for (const value of values) {
		const top = checksum >>> 25;
		checksum = ((checksum & 0x1ffffff) << 5) ^ value;
		for (let bit = 0; bit < 5; bit++) {
			if ((top >>> bit) & 1) checksum ^= GENERATORS[bit];
		}
	}
	return checksum;
}

function expandHrp(hrp: string): number[] {
	const high: number[] = [];
	const low: number[] = [];
	for (let index = 0; index < hrp.length; index++) {
		const code = hrp.charCodeAt(index);
		high.push(code >>> 5);
		low.push(code & 31);
	}
	return [...high, 0, ...low];
}

function encodingConstant(encoding: Bech32Encoding): number {
	return encoding === 'bech32' ? 1 : BECH32M_CONSTANT;
}

export function bech32Decode(text: string): Bech32Decoded {
	if (text.length > MAX_LENGTH)
		return {
			ok: false,
			problem: `it is too long (${text.length} characters; at most ${MAX_LENGTH})`,
		};
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		if (code < 33 || code > 126)
			return {
				ok: false,
				problem: `it contains a character outside printable ASCII at position ${index + 1}`,
			};
	}
	const lower = text.toLowerCase();
	if (lower !== text && text.toUpperCase() !== text) {
		return {
			ok: false,
			problem:
				'it mixes upper-case and lower-case letters; this format must be all lower-case (or all upper-case)',
		};
	}
	const separator = lower.lastIndexOf('1');
	if (separator < 1)
		return { ok: false, problem: 'it has no network prefix before the "1" separator' };
	if (lower.length - separator - 1 < CHECKSUM_WORDS)
		return { ok: false, problem: 'it is too short to carry a checksum' };

	const hrp = lower.slice(0, separator);
	const words: number[] = [];
	for (let index = separator + 1; index < lower.length; index++) {
		const word = BECH32_CHARSET.indexOf(lower[index]);
		if (word < 0) {
			return {
				ok: false,
				problem:
					`it contains the character "${text[index]}" at position ${index + 1}, ` +
					'which never appears in this format (it has no 1, b, i or o after the prefix)',
			};
		}
		words.push(word);
	}
	const residue = polymod([...expandHrp(hrp), ...words]);
	let encoding: Bech32Encoding;
	if (residue === 1) encoding = 'bech32';
	else if (residue === BECH32M_CONSTANT) encoding = 'bech32m';
	else return { ok: false, problem: CHECKSUM_MISMATCH, checksumMismatch: true };
	return { ok: true, hrp, words: words.slice(0, words.length - CHECKSUM_WORDS), encoding };
}

export function bech32Encode(hrp: string, words: number[], encoding: Bech32Encoding): string {
	const lowerHrp = hrp.toLowerCase();
	const values = [...expandHrp(lowerHrp), ...words, 0, 0, 0, 0, 0, 0];
	const residue = polymod(values) ^ encodingConstant(encoding);
	let text = `${lowerHrp}1`;
	for (const word of words) text += BECH32_CHARSET[word];
	for (let index = 0; index < CHECKSUM_WORDS; index++) {
		text += BECH32_CHARSET[(residue >>> (5 * (5 - index))) & 31];
	}
	return text;
}

/**
 * Regroups bits; with `pad` false it refuses leftover bits that are not zero padding shorter
 * than `fromBits`, which is what makes a segwit program decode to exactly one byte string.
 */
export function convertBits(
	values: ArrayLike<number>,
	fromBits: number,
	toBits: number,
	pad: boolean,
): number[] | undefined {
	let accumulator = 0;
	let bits = 0;
	const result: number[] = [];
	const maxValue = (1 << toBits) - 1;
	for (let index = 0; index < values.length; index++) {
		const value = values[index];
		if (value < 0 || value >> fromBits !== 0) return undefined;
		accumulator = ((accumulator << fromBits) | value) & 0xffffff;
		bits += fromBits;
		while (bits >= toBits) {
			bits -= toBits;
			result.push((accumulator >>> bits) & maxValue);
		}
	}
	if (pad) {
		if (bits > 0) result.push((accumulator << (toBits - bits)) & maxValue);
	} else if (bits >= fromBits || ((accumulator << (toBits - bits)) & maxValue) !== 0) {
		return undefined;
	}
	return result;
}

export function decodeSegwitAddress(text: string, allowedHrps: readonly string[]): SegwitDecoded {
	const decoded = bech32Decode(text);
	if (!decoded.ok) return decoded;
	const { hrp, words, encoding } = decoded;
	if (!allowedHrps.includes(hrp))
		return { ok: false, problem: `its prefix "${hrp}1" belongs to another network` };
	if (words.length === 0) return { ok: false, problem: 'it has no data after the prefix' };
	const version = words[0];
	if (version > 16)
		return {
			ok: false,
			problem: `its witness version (${version}) does not exist; valid versions are 0 to 16`,
		};
	const program = convertBits(words.slice(1), 5, 8, false);
	if (!program)
		return {
			ok: false,
			problem: 'its data has invalid padding, so it was not produced by a wallet',
		};
	if (program.length < 2 || program.length > 40) {
		return {
			ok: false,
			problem: `its witness program is ${program.length} bytes long; it must be 2 to 40 bytes`,
		};
	}
	if (version === 0 && program.length !== 20 && program.length !== 32) {
		return {
			ok: false,
			problem: `a version 0 witness program is 20 or 32 bytes, this one is ${program.length}`,
		};
	}
	// BIP-350: v0 keeps the original Bech32 constant, v1+ must use Bech32m; the other constant
	// is exactly what old or buggy software produces, so report it as a checksum problem.
	const expected: Bech32Encoding = version === 0 ? 'bech32' : 'bech32m';
	if (encoding !== expected) {
		const name = (variant: Bech32Encoding) => (variant === 'bech32' ? 'Bech32' : 'Bech32m');
		return {
			ok: false,
			problem: `the checksum does not match: it uses ${name(encoding)}, but a version ${version} address must use ${name(expected)}`,
		};
	}
	return { ok: true, hrp, version, program: Uint8Array.from(program), encoding };
}

/**
 * Bitcoin Cash addresses: CashAddr (`bitcoincash:q…` / `p…`, prefix optional in input) and the
 * legacy Base58Check form, which is byte-for-byte a Bitcoin address.
 *
 * The CashAddr checksum is a 40-bit BCH code, wider than a safe 32-bit bitwise operation, so
 * the polymod runs on BigInt.
 */

import { base58CheckDecode, base58CheckProblem } from './base58';
import { BECH32_CHARSET, convertBits } from './bech32';
import {
	accept,
	CHECKSUM_MISMATCH,
	FamilyCheck,
	hexOfByte,
	NetworkOptions,
	reject,
} from './family-check';

export type CashAddressType = 'p2pkh' | 'p2sh';

export type CashAddressDecoded =
	| { ok: true; prefix: string; type: CashAddressType; hash: Uint8Array }
	| { ok: false; problem: string };

const MAINNET_PREFIX = 'bitcoincash';
const TESTNET_PREFIX = 'bchtest';
const CHECKSUM_WORDS = 8;
const GENERATORS = [0x98f2bc8e61n, 0x79b76d99e2n, 0xf33e5fb3c4n, 0xae2eabe2a8n, 0x1e4f43e470n];
const HASH_SIZES = [20, 24, 28, 32, 40, 48, 56, 64];
const TYPE_BITS: Record<CashAddressType, number> = { p2pkh: 0, p2sh: 1 };

const LEGACY_WARNING =
	'this is the legacy address format, which is also a valid Bitcoin (BTC) address; make sure the recipient ' +
	'expects Bitcoin Cash (the current form starts with "bitcoincash:q" or "bitcoincash:p")';

function polymod(values: number[]): bigint {
	let checksum = 1n;
	for (const value of values) {
		const top = checksum >> 35n;
		checksum = ((checksum & 0x07ffffffffn) << 5n) ^ BigInt(value);
		for (let bit = 0; bit < 5; bit++) {
			if ((top >> BigInt(bit)) & 1n) checksum ^= GENERATORS[bit];
		}
	}
	return checksum ^ 1n;
}

function prefixWords(prefix: string): number[] {
	const words: number[] = [];
	for (let index = 0; index < prefix.length; index++) words.push(prefix.charCodeAt(index) & 31);
	words.push(0);
	return words;
}

export function encodeCashAddress(prefix: string, type: CashAddressType, hash: Uint8Array): string {
	const sizeCode = HASH_SIZES.indexOf(hash.length);
	if (sizeCode < 0) throw new RangeError(`No CashAddr size code for a ${hash.length}-byte hash`);
	const payload = new Uint8Array(hash.length + 1);
	payload[0] = (TYPE_BITS[type] << 3) | sizeCode;
	payload.set(hash, 1);
	const words = convertBits(payload, 8, 5, true) ?? [];
	const checksum = polymod([...prefixWords(prefix), ...words, 0, 0, 0, 0, 0, 0, 0, 0]);
	let text = `${prefix}:`;
	for (const word of words) text += BECH32_CHARSET[word];
	for (let index = 0; index < CHECKSUM_WORDS; index++) {
		text += BECH32_CHARSET[Number((checksum >> BigInt(5 * (CHECKSUM_WORDS - 1 - index))) & 31n)];
	}
	return text;
}

function decodeWithPrefix(prefix: string, body: string): CashAddressDecoded {
	const words: number[] = [];
	for (let index = 0; index < body.length; index++) {
		const word = BECH32_CHARSET.indexOf(body[index]);
		if (word < 0) {
			return {
				ok: false,
				problem: `it contains the character "${body[index]}", which never appears in a CashAddr address (no 1, b, i or o)`,
			};
		}
		words.push(word);
	}
	if (words.length <= CHECKSUM_WORDS) return { ok: false, problem: 'it is far too short' };
	if (polymod([...prefixWords(prefix), ...words]) !== 0n)
		return { ok: false, problem: CHECKSUM_MISMATCH };

	const payload = convertBits(words.slice(0, words.length - CHECKSUM_WORDS), 5, 8, false);
	if (!payload || payload.length < 2)
		return {
			ok: false,
			problem: 'its data has invalid padding, so it was not produced by a wallet',
		};
	const version = payload[0];
	const hash = Uint8Array.from(payload.slice(1));
	if (version & 0x80)
		return { ok: false, problem: `its version byte ${hexOfByte(version)} uses a reserved bit` };
	if (HASH_SIZES[version & 7] !== hash.length)
		return { ok: false, problem: 'its declared hash size does not match its length' };
	const typeBits = version >> 3;
	if (typeBits === 2 || typeBits === 3) {
		return {
			ok: false,
			problem:
				'it is a token-aware (CashTokens) address; ask the recipient for their regular Bitcoin Cash address (q… or p…)',
		};
	}
	if (typeBits > 3) return { ok: false, problem: `its address type ${typeBits} is not defined` };
	const type: CashAddressType = typeBits === 0 ? 'p2pkh' : 'p2sh';
	if (hash.length !== 20 && !(type === 'p2sh' && hash.length === 32)) {
		return {
			ok: false,
			problem: `it carries a ${hash.length}-byte hash, which no Bitcoin Cash wallet uses for this address type`,
		};
	}
	return { ok: true, prefix, type, hash };
}

export function decodeCashAddress(text: string, options: NetworkOptions): CashAddressDecoded {
	const lower = text.toLowerCase();
	if (lower !== text && text.toUpperCase() !== text) {
		return {
			ok: false,
			problem:
				'it mixes upper-case and lower-case letters; CashAddr must be all lower-case (or all upper-case)',
		};
	}
	const parts = lower.split(':');
	if (parts.length > 2) return { ok: false, problem: 'it contains more than one ":"' };
	if (parts.length === 2) {
		const [prefix, body] = parts;
		if (prefix === TESTNET_PREFIX && !options.testnet) {
			return {
				ok: false,
				problem:
					'it is a Bitcoin Cash testnet address (test coins have no value); use a mainnet address',
			};
		}
		if (prefix !== MAINNET_PREFIX && prefix !== TESTNET_PREFIX) {
			return {
				ok: false,
				problem: `its prefix "${prefix}:" is not Bitcoin Cash ("${MAINNET_PREFIX}:")`,
			};
		}
		return decodeWithPrefix(prefix, body);
	}
	// Without a prefix the checksum still commits to one, so try the networks we accept.
	const mainnet = decodeWithPrefix(MAINNET_PREFIX, lower);
	if (mainnet.ok || !options.testnet) return mainnet;
	const testnet = decodeWithPrefix(TESTNET_PREFIX, lower);
	return testnet.ok ? testnet : mainnet;
}

export function checkBitcoinCashAddress(text: string, options: NetworkOptions): FamilyCheck {
	if (/^[13mn2]/.test(text)) {
		const decoded = base58CheckDecode(text);
		if (!decoded.ok) return reject(base58CheckProblem(decoded));
		const { payload } = decoded;
		if (payload.length !== 21)
			return reject(
				`it decodes to ${payload.length} bytes, but a legacy Bitcoin Cash address has 21`,
			);
		const version = payload[0];
		if (version === 0x6f || version === 0xc4) {
			if (!options.testnet)
				return reject(
					'it is a Bitcoin Cash testnet address (test coins have no value); use a mainnet address',
				);
		} else if (version !== 0x00 && version !== 0x05) {
			return reject(`its version byte ${hexOfByte(version)} is not used by Bitcoin Cash addresses`);
		}
		return accept([LEGACY_WARNING]);
	}
	const decoded = decodeCashAddress(text, options);
	return decoded.ok ? accept() : reject(decoded.problem);
}

/**
 * TON addresses.
 *
 * User-friendly form: 48 characters of base64 or base64url encoding 36 bytes:
 *   flag (0x11 bounceable, 0x51 non-bounceable, +0x80 testnet-only) | workchain (0x00 or 0xff
 *   for -1) | 32-byte account hash | CRC16-XMODEM of the first 34 bytes, big-endian.
 * Raw form: `<workchain>:<64 hex>`, which carries no checksum at all.
 */

import {
	accept,
	bytesToHex,
	CHECKSUM_MISMATCH,
	FamilyCheck,
	hexOfByte,
	hexToBytes,
	NetworkOptions,
	NO_CHECKSUM_PREFIX,
	reject,
} from './family-check';

export type TonAddressDecoded =
	| {
			ok: true;
			form: 'friendly';
			workchain: number;
			hash: Uint8Array;
			bounceable: boolean;
			testnet: boolean;
	  }
	| { ok: true; form: 'raw'; workchain: number; hash: Uint8Array }
	| { ok: false; problem: string };

const FRIENDLY_LENGTH = 48;
const BOUNCEABLE_FLAG = 0x11;
const NON_BOUNCEABLE_FLAG = 0x51;
const TESTNET_FLAG = 0x80;
const BASE64_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function base64Digit(character: string): number {
	if (character === '+' || character === '-') return 62;
	if (character === '/' || character === '_') return 63;
	return BASE64_DIGITS.indexOf(character);
}

/** Decodes unpadded base64/base64url whose length is a multiple of 4; undefined on any other character. */
function decodeBase64(text: string): Uint8Array | undefined {
	const bytes = new Uint8Array((text.length >>> 2) * 3);
	for (let group = 0; group < text.length >>> 2; group++) {
		let bits = 0;
		for (let index = 0; index < 4; index++) {
			const digit = base64Digit(text[group * 4 + index]);
			if (digit < 0) return undefined;
			bits = (bits << 6) | digit;
		}
		bytes[group * 3] = (bits >>> 16) & 0xff;
		bytes[group * 3 + 1] = (bits >>> 8) & 0xff;
		bytes[group * 3 + 2] = bits & 0xff;
	}
	return bytes;
}

export function crc16Xmodem(bytes: Uint8Array): number {
	let crc = 0;
	for (const byte of bytes) {
		crc ^= byte << 8;
		for (let bit = 0; bit < 8; bit++)
			crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
	}
	return crc;
}

function decodeRaw(text: string): TonAddressDecoded {
	const parts = text.split(':');
	if (parts.length !== 2) return { ok: false, problem: 'a raw TON address has exactly one ":"' };
	const [workchainText, hashHex] = parts;
	if (workchainText !== '0' && workchainText !== '-1') {
		return {
			ok: false,
			problem: `its workchain "${workchainText}" is not in use; raw TON addresses start with "0:" or "-1:"`,
		};
	}
	const hash = hashHex.length === 64 ? hexToBytes(hashHex) : undefined;
	if (!hash)
		return {
			ok: false,
			problem: 'after the ":" a raw TON address has exactly 64 hexadecimal characters (0-9, a-f)',
		};
	return { ok: true, form: 'raw', workchain: workchainText === '0' ? 0 : -1, hash };
}

function decodeFriendly(text: string): TonAddressDecoded {
	const bytes = decodeBase64(text);
	if (!bytes) {
		const bad = [...text].find((character) => base64Digit(character) < 0) ?? '';
		return {
			ok: false,
			problem: `it contains the character "${bad}", which never appears in a TON address`,
		};
	}
	const crc = crc16Xmodem(bytes.subarray(0, 34));
	if (((bytes[34] << 8) | bytes[35]) !== crc) return { ok: false, problem: CHECKSUM_MISMATCH };
	const flag = bytes[0] & ~TESTNET_FLAG;
	if (flag !== BOUNCEABLE_FLAG && flag !== NON_BOUNCEABLE_FLAG) {
		return { ok: false, problem: `its flag byte ${hexOfByte(bytes[0])} is not a TON address flag` };
	}
	const workchainByte = bytes[1];
	if (workchainByte !== 0x00 && workchainByte !== 0xff) {
		return { ok: false, problem: `its workchain ${hexOfByte(workchainByte)} is not in use` };
	}
	return {
		ok: true,
		form: 'friendly',
		workchain: workchainByte === 0 ? 0 : -1,
		hash: bytes.slice(2, 34),
		bounceable: flag === BOUNCEABLE_FLAG,
		testnet: (bytes[0] & TESTNET_FLAG) !== 0,
	};
}

export function decodeTonAddress(text: string): TonAddressDecoded {
	if (text.includes(':')) return decodeRaw(text);
	if (text.length !== FRIENDLY_LENGTH) {
		return {
			ok: false,
			problem: `a TON address has ${FRIENDLY_LENGTH} characters, this one has ${text.length}`,
		};
	}
	return decodeFriendly(text);
}

/** `workchain:hash` in lower-case hex: the same account whatever form or flags it was written in. */
export function tonAccountKey(text: string): string | undefined {
	const decoded = decodeTonAddress(text);
	return decoded.ok ? `${decoded.workchain}:${bytesToHex(decoded.hash)}` : undefined;
}

export function checkTonAddress(text: string, options: NetworkOptions): FamilyCheck {
	const decoded = decodeTonAddress(text);
	if (!decoded.ok) return reject(decoded.problem);
	const warnings: string[] = [];
	if (decoded.form === 'raw') {
		warnings.push(
			`${NO_CHECKSUM_PREFIX}: the raw form (${decoded.workchain}:…) has no checksum, so a typo cannot be detected; ` +
				'prefer the user-friendly form (UQ…/EQ…)',
		);
	} else if (decoded.testnet && !options.testnet) {
		return reject(
			'it is a TON testnet address (test coins have no value); mainnet addresses start with "UQ" or "EQ"',
		);
	}
	if (decoded.workchain === -1) {
		warnings.push(
			'it is a masterchain (-1) address; wallets normally live in the basechain (0), so double-check it',
		);
	}
	return accept(warnings);
}

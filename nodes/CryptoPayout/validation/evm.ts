/**
 * EVM (Ethereum, BSC, Polygon, Arbitrum, …) addresses: `0x` + 40 hex digits, with the EIP-55
 * mixed-case checksum when the letters are mixed case.
 */

import { accept, CHECKSUM_MISMATCH, FamilyCheck, NO_CHECKSUM_PREFIX, reject } from './family-check';
import { keccak256 } from './keccak';

function asciiBytes(text: string): Uint8Array {
	const bytes = new Uint8Array(text.length);
	for (let index = 0; index < text.length; index++) bytes[index] = text.charCodeAt(index);
	return bytes;
}

/** Returns the EIP-55 form of 40 hex digits (any case), without the `0x`. */
export function eip55Checksum(hexDigits: string): string {
	const lower = hexDigits.toLowerCase();
	const hash = keccak256(asciiBytes(lower));
	let result = '';
	for (let index = 0; index < lower.length; index++) {
		const nibble = (hash[index >>> 1] >>> (index & 1 ? 0 : 4)) & 0x0f;
		result += nibble >= 8 ? lower[index].toUpperCase() : lower[index];
	}
	return result;
}

export function toChecksumAddress(address: string): string {
	return `0x${eip55Checksum(address.slice(2))}`;
}

/** Whether a well-formed EVM address carries an EIP-55 checksum (single-case ones carry none). */
export function hasEvmChecksum(address: string): boolean {
	const digits = address.slice(2);
	return eip55Checksum(digits) === digits;
}

export function checkEvmAddress(text: string): FamilyCheck {
	if (!/^0[xX]/.test(text)) {
		if (/^[0-9a-fA-F]{40}$/.test(text)) return reject('it is missing the "0x" at the start');
		return reject(
			'an EVM address starts with "0x" followed by 40 hexadecimal characters (0-9, a-f)',
		);
	}
	if (text[1] === 'X') return reject('it must start with a lower-case "0x", not "0X"');
	const digits = text.slice(2);
	const badDigit = digits.search(/[^0-9a-fA-F]/);
	if (badDigit >= 0) {
		return reject(
			`it contains "${digits[badDigit]}" at position ${badDigit + 3}; only 0-9 and a-f are allowed after "0x"`,
		);
	}
	if (digits.length === 64) {
		return reject(
			'it has 64 hex characters: that is a transaction hash or a private key, not an address (40 characters)',
		);
	}
	if (digits.length !== 40)
		return reject(`it has ${digits.length} characters after "0x"; an EVM address has exactly 40`);

	if (/^0+$/.test(digits))
		return reject('it is the zero address, which nobody controls: funds sent there are burned');
	if (eip55Checksum(digits) === digits) return accept();
	if (digits === digits.toLowerCase() || digits === digits.toUpperCase()) {
		// Single-case addresses predate EIP-55 and stay legal, but they carry no checksum. The
		// checksummed form is not offered: computed from a mistyped text it would vouch for the typo.
		const caseName = digits === digits.toLowerCase() ? 'lower-case' : 'upper-case';
		return accept([
			`${NO_CHECKSUM_PREFIX}: this address is all ${caseName}, so a typo cannot be detected; ` +
				'ask the recipient for the mixed-case (EIP-55) form their wallet shows, or compare every character with the source',
		]);
	}
	return reject(
		`${CHECKSUM_MISMATCH}; in this mixed-case form the capitalisation is the EIP-55 checksum`,
	);
}

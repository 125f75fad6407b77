/**
 * The result every per-network codec returns, before `address.ts` turns it into the public
 * `AddressCheck`. `problem` is a plain-language clause ("the checksum does not match, …") that
 * reads well after "This is not a valid X address: ".
 */

export type FamilyCheck =
	| { ok: true; warnings: string[]; embeddedTag?: string }
	/** `unspendable`: well formed, but nobody can spend from it (a burn or system address). */
	| { ok: false; problem: string; unspendable?: true };

export interface NetworkOptions {
	/** Also accept test-network forms (tb1…, bchtest:, kQ…, T… X-addresses, …). */
	testnet: boolean;
}

export const CHECKSUM_MISMATCH =
	'the checksum does not match, probably a typo (a wrong, missing or extra character)';

export const NO_CHECKSUM_PREFIX = 'no checksum';

export function accept(warnings: string[] = [], embeddedTag?: string): FamilyCheck {
	return embeddedTag === undefined ? { ok: true, warnings } : { ok: true, warnings, embeddedTag };
}

export function reject(problem: string): FamilyCheck {
	return { ok: false, problem };
}

export function hexOfByte(value: number): string {
	return `0x${value.toString(16).padStart(2, '0')}`;
}

export function bytesEqual(left: Uint8Array, right: Uint8Array): boolean {
	if (left.length !== right.length) return false;
	for (let index = 0; index < left.length; index++) {
		if (left[index] !== right[index]) return false;
	}
	return true;
}

export function bytesToHex(bytes: Uint8Array): string {
	let hex = '';
	for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
	return hex;
}

/** Returns undefined for odd length or any non-hex character, so callers never half-parse. */
export function hexToBytes(hex: string): Uint8Array | undefined {
	if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return undefined;
	const bytes = new Uint8Array(hex.length / 2);
	for (let index = 0; index < bytes.length; index++) {
		bytes[index] = parseInt(hex.slice(index * 2, index * 2 + 2), 16);
	}
	return bytes;
}

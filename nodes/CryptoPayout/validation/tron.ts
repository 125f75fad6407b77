/**
 * TRON addresses in their only user-facing form: Base58Check (Bitcoin alphabet) of 21 bytes,
 * version byte 0x41, which is why they all start with "T". The hex form (41…) is refused on
 * purpose: it is easy to confuse with an EVM address and has no checksum.
 */

import { base58CheckDecode, base58CheckProblem } from './base58';
import { accept, FamilyCheck, hexOfByte, reject } from './family-check';

const TRON_VERSION = 0x41;

export function checkTronAddress(text: string): FamilyCheck {
	if (/^(0x)?41[0-9a-fA-F]{40}$/.test(text)) {
		return reject(
			'this is the hex form of a TRON address; use the form that starts with "T" (it carries a checksum)',
		);
	}
	const decoded = base58CheckDecode(text);
	if (!decoded.ok) return reject(base58CheckProblem(decoded));
	const { payload } = decoded;
	if (payload.length !== 21)
		return reject(`it decodes to ${payload.length} bytes, but a TRON address has 21`);
	if (payload[0] !== TRON_VERSION) {
		return reject(
			`its version byte ${hexOfByte(payload[0])} is not TRON's (${hexOfByte(TRON_VERSION)}); TRON addresses start with "T"`,
		);
	}
	return accept();
}

/**
 * Solana addresses: a 32-byte public key written in Base58 (Bitcoin alphabet).
 *
 * There is NO checksum in a Solana address: any 32-byte value is a syntactically valid
 * address, so only the alphabet and the decoded length can be checked and a one-character
 * typo yields another valid address. Every accepted address carries a warning saying so.
 */

import { base58Decode, BITCOIN_ALPHABET } from './base58';
import { accept, FamilyCheck, NO_CHECKSUM_PREFIX, reject } from './family-check';

const KEY_LENGTH = 32;

export function checkSolanaAddress(text: string): FamilyCheck {
	if (text.length < 32 || text.length > 44) {
		return reject(`a Solana address has 32 to 44 characters, this one has ${text.length}`);
	}
	const decoded = base58Decode(text, BITCOIN_ALPHABET);
	if (!decoded.ok) {
		const lookAlike = '0OIl'.includes(decoded.invalidCharacter)
			? ' (Solana addresses never use 0, O, I or l, because they look alike)'
			: '';
		return reject(
			`it contains the character "${decoded.invalidCharacter}" at position ${decoded.position + 1}, ` +
				`which never appears in a Solana address${lookAlike}`,
		);
	}
	if (decoded.bytes.length !== KEY_LENGTH) {
		return reject(
			`it decodes to ${decoded.bytes.length} bytes, but a Solana address is exactly ${KEY_LENGTH}`,
		);
	}
	return accept([
		`${NO_CHECKSUM_PREFIX}: Solana addresses carry no checksum, so a typo cannot be detected; compare every character with the source`,
	]);
}

/**
 * XRP Ledger addresses: classic r-addresses and X-addresses (XLS-5d), both Base58Check in the
 * Ripple alphabet. An X-address packs the account id and an optional destination tag:
 *
 *   2-byte prefix (0x05 0x44 mainnet "X…", 0x04 0x93 testnet "T…") | 20-byte account id |
 *   flag (0 = no tag, 1 = 32-bit tag) | tag, 4 bytes little-endian | 4 reserved zero bytes
 */

import {
	base58CheckDecode,
	base58CheckEncode,
	base58CheckProblem,
	RIPPLE_ALPHABET,
} from './base58';
import { accept, FamilyCheck, NetworkOptions, reject } from './family-check';

export type XrpAddressDecoded =
	| { ok: true; kind: 'classic'; accountId: Uint8Array }
	| {
			ok: true;
			kind: 'x-address';
			accountId: Uint8Array;
			tag: string | undefined;
			testnet: boolean;
	  }
	| { ok: false; problem: string };

const ACCOUNT_VERSION = 0x00;
const FAMILY_SEED_VERSION = 0x21;
const ED25519_SEED_PREFIX = [0x01, 0xe1, 0x4b];
const X_MAINNET_PREFIX = [0x05, 0x44];
const X_TESTNET_PREFIX = [0x04, 0x93];
const X_PAYLOAD_LENGTH = 31;

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
	return prefix.every((byte, index) => bytes[index] === byte);
}

function allZero(bytes: Uint8Array): boolean {
	return bytes.every((byte) => byte === 0);
}

function decodeXAddressPayload(payload: Uint8Array): XrpAddressDecoded {
	const testnet = startsWith(payload, X_TESTNET_PREFIX);
	const accountId = payload.slice(2, 22);
	const flag = payload[22];
	const tagBytes = payload.subarray(23, 27);
	if (!allZero(payload.subarray(27, 31)))
		return { ok: false, problem: 'it uses the reserved 64-bit tag space, which is not supported' };
	if (flag === 0) {
		if (!allZero(tagBytes))
			return { ok: false, problem: 'it says "no tag" but still carries tag bytes' };
		return { ok: true, kind: 'x-address', accountId, tag: undefined, testnet };
	}
	if (flag !== 1) return { ok: false, problem: 'its tag flag is not supported' };
	let tag = 0n;
	for (let index = 3; index >= 0; index--) tag = (tag << 8n) | BigInt(tagBytes[index]);
	return { ok: true, kind: 'x-address', accountId, tag: tag.toString(), testnet };
}

export function decodeXrpAddress(text: string): XrpAddressDecoded {
	const decoded = base58CheckDecode(text, RIPPLE_ALPHABET);
	if (!decoded.ok) return { ok: false, problem: base58CheckProblem(decoded) };
	const { payload } = decoded;
	if (payload.length === 21 && payload[0] === ACCOUNT_VERSION) {
		return { ok: true, kind: 'classic', accountId: payload.slice(1) };
	}
	if (
		payload.length === X_PAYLOAD_LENGTH &&
		(startsWith(payload, X_MAINNET_PREFIX) || startsWith(payload, X_TESTNET_PREFIX))
	) {
		return decodeXAddressPayload(payload);
	}
	if (
		(payload.length === 17 && payload[0] === FAMILY_SEED_VERSION) ||
		(payload.length === 19 && startsWith(payload, ED25519_SEED_PREFIX))
	) {
		return {
			ok: false,
			problem:
				'this looks like an XRP SECRET KEY (seed), not an address: never share it; ask the recipient for their address (r… or X…)',
		};
	}
	return {
		ok: false,
		problem:
			'it is not an XRP account address (classic addresses start with "r", X-addresses with "X")',
	};
}

export function encodeClassicAddress(accountId: Uint8Array): string {
	const payload = new Uint8Array(21);
	payload[0] = ACCOUNT_VERSION;
	payload.set(accountId, 1);
	return base58CheckEncode(payload, RIPPLE_ALPHABET);
}

export function checkXrpAddress(text: string, options: NetworkOptions): FamilyCheck {
	const decoded = decodeXrpAddress(text);
	if (!decoded.ok) return reject(decoded.problem);
	// ACCOUNT_ZERO and ACCOUNT_ONE are well-known black holes: nobody holds their keys.
	const id = decoded.accountId;
	if (allZero(id.subarray(0, 19)) && (id[19] === 0 || id[19] === 1)) {
		return reject(
			'it is a special "black hole" account that nobody controls: funds sent there are lost',
		);
	}
	if (decoded.kind === 'classic') return accept();
	if (decoded.testnet && !options.testnet) {
		return reject(
			'it is an XRP testnet X-address (test coins have no value); mainnet X-addresses start with "X"',
		);
	}
	return accept([], decoded.tag);
}

/**
 * Address plausibility per network family, for Cregis `E0008 Address is invalid` and
 * `/api/v1/address/legal`. Shape checks only (character set, prefix, length): no checksums, so a
 * test can make up addresses, but a pasted address for the wrong chain family is still refused.
 * Kept here rather than imported from the node so the sandbox judges the node independently.
 */
import { addressFamily, type AddressFamily, type NetworkId } from './networks';

const BASE58 = '[1-9A-HJ-NP-Za-km-z]';
const BECH32 = '[02-9ac-hj-np-z]';

const FAMILY_PATTERNS: Record<AddressFamily, RegExp> = {
	bitcoin: new RegExp(`^(?:[13]${BASE58}{25,34}|bc1${BECH32}{8,87}|BC1[02-9AC-HJ-NP-Z]{8,87})$`),
	litecoin: new RegExp(`^(?:[LM3]${BASE58}{26,33}|ltc1${BECH32}{8,87})$`),
	dogecoin: new RegExp(`^[DA9]${BASE58}{25,34}$`),
	'bitcoin-cash': new RegExp(`^(?:(?:bitcoincash:)?[qp]${BECH32}{41}|[13]${BASE58}{25,34})$`),
	evm: /^0x[0-9a-fA-F]{40}$/,
	tron: new RegExp(`^T${BASE58}{33}$`),
	xrp: new RegExp(`^r${BASE58}{24,34}$`),
	// Raw form `0:<64 hex>` or the 48-character user-friendly base64(url) form.
	ton: /^(?:-?\d:[0-9a-fA-F]{64}|[A-Za-z0-9_+/-]{48})$/,
	solana: new RegExp(`^${BASE58}{32,44}$`),
};

export function isPlausibleAddress(address: string, network: NetworkId): boolean {
	return FAMILY_PATTERNS[addressFamily(network)].test(address);
}

/**
 * The sandbox Cregis project's own wallet addresses, one per chain_id: the `from_address` of every
 * payout, and the only addresses `/api/v1/address/inner` reports as belonging to the project.
 */
export const CREGIS_PROJECT_ADDRESSES: Readonly<Record<string, string>> = {
	'0': '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2',
	'2': 'LQ3B36Yv2rBTxdgAdYpU2UcEZsaNwXeATk',
	'3': 'DH5yaieqoZN36fDVciNyRueRGvGLR3mr7L',
	'5': 'bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a',
	'60': '0x5a0b54d5dc17e0aadc383d2db43b0a0d3e029c4c',
	'61': '0x5a0b54d5dc17e0aadc383d2db43b0a0d3e029c4c',
	'62': '0x5a0b54d5dc17e0aadc383d2db43b0a0d3e029c4c',
	'63': '0x5a0b54d5dc17e0aadc383d2db43b0a0d3e029c4c',
	'64': '0x5a0b54d5dc17e0aadc383d2db43b0a0d3e029c4c',
	'65': '0x5a0b54d5dc17e0aadc383d2db43b0a0d3e029c4c',
	'66': '0x5a0b54d5dc17e0aadc383d2db43b0a0d3e029c4c',
	'144': 'rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh',
	'195': 'TRsYEaEd1UbNsoXDza3jyJTnwavk6iWBdk',
	'1000': 'So11111111111111111111111111111111111111112',
	'2000': 'EQCD39VS5jcptHL8vMjEXrzGaRcCVYto7HUn4bpAOg8xqB2N',
	'2510': '0x5a0b54d5dc17e0aadc383d2db43b0a0d3e029c4c',
};

export function isProjectAddress(address: string, chainId: string): boolean {
	const own = CREGIS_PROJECT_ADDRESSES[chainId];
	if (own === undefined) return false;
	// EVM addresses are case-insensitive hex; everything else compares exactly.
	return own.startsWith('0x') ? own === address.toLowerCase() : own === address;
}

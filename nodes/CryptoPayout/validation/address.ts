/**
 * Public entry point of the offline address validation: one call per payout recipient, before
 * anything is sent. Every answer is a value (never an exception) whose `reason` is written for
 * a no-code operator.
 */

import { checkBitcoinCashAddress } from './cashaddr';
import { checkEvmAddress } from './evm';
import { FamilyCheck, NetworkOptions, reject } from './family-check';
import { checkSolanaAddress } from './solana';
import { systemAddressProblem } from './system-addresses';
import { screenText } from './text-safety';
import { checkTonAddress } from './ton';
import { checkTronAddress } from './tron';
import { checkUtxoAddress } from './utxo';
import { checkXrpAddress } from './xrp';

export type AddressFamily =
	'bitcoin' | 'litecoin' | 'dogecoin' | 'bitcoin-cash' | 'evm' | 'tron' | 'xrp' | 'ton' | 'solana';

export type AddressCheck =
	| { valid: true; address: string; warnings: string[]; embeddedTag?: string }
	| { valid: false; reason: string; looksLike?: AddressFamily[] };

export interface AddressValidationOptions {
	/** Also accept test-network forms (tb1…, bchtest:…, kQ…/0Q…, T… X-addresses, …). Default false. */
	testnet?: boolean;
}

export const ADDRESS_FAMILIES: readonly AddressFamily[] = [
	'bitcoin',
	'litecoin',
	'dogecoin',
	'bitcoin-cash',
	'evm',
	'tron',
	'xrp',
	'ton',
	'solana',
];

const FAMILY_NAMES: Record<AddressFamily, { name: string; article: 'a' | 'an' }> = {
	bitcoin: { name: 'Bitcoin (BTC)', article: 'a' },
	litecoin: { name: 'Litecoin (LTC)', article: 'a' },
	dogecoin: { name: 'Dogecoin (DOGE)', article: 'a' },
	'bitcoin-cash': { name: 'Bitcoin Cash (BCH)', article: 'a' },
	evm: { name: 'EVM (Ethereum/BSC/Polygon…)', article: 'an' },
	tron: { name: 'TRON', article: 'a' },
	xrp: { name: 'XRP', article: 'an' },
	ton: { name: 'TON', article: 'a' },
	solana: { name: 'Solana', article: 'a' },
};

// Longer than any address we accept (a 40-byte Bech32m program is 74 characters), so real
// addresses never hit it and decoders never see a pasted paragraph.
const MAX_ADDRESS_LENGTH = 128;

export function isAddressFamily(value: unknown): value is AddressFamily {
	return typeof value === 'string' && (ADDRESS_FAMILIES as readonly string[]).includes(value);
}

export function familyName(family: AddressFamily): string {
	return FAMILY_NAMES[family].name;
}

function describeFamilies(families: AddressFamily[]): string {
	const names = families.map(familyName);
	const list =
		names.length === 1
			? names[0]
			: `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
	return `${FAMILY_NAMES[families[0]].article} ${list}`;
}

function checkFamily(family: AddressFamily, text: string, options: NetworkOptions): FamilyCheck {
	// A codec bug must still come back as a refusal, never as a stack trace in the workflow.
	try {
		const check = checkFormat(family, text, options);
		if (!check.ok) return check;
		const unspendable = systemAddressProblem(family, text);
		return unspendable ? { ok: false, problem: unspendable, unspendable: true } : check;
	} catch {
		return reject('it could not be read as an address');
	}
}

function checkFormat(family: AddressFamily, text: string, options: NetworkOptions): FamilyCheck {
	switch (family) {
		case 'bitcoin':
		case 'litecoin':
		case 'dogecoin':
			return checkUtxoAddress(family, text, options);
		case 'bitcoin-cash':
			return checkBitcoinCashAddress(text, options);
		case 'evm':
			return checkEvmAddress(text);
		case 'tron':
			return checkTronAddress(text);
		case 'xrp':
			return checkXrpAddress(text, options);
		case 'ton':
			return checkTonAddress(text, options);
		case 'solana':
			return checkSolanaAddress(text);
	}
}

function screenAddress(rawAddress: unknown) {
	return screenText(rawAddress, { allowInnerSpaces: false, maxLength: MAX_ADDRESS_LENGTH });
}

/** Every family whose full validation (checksum included) accepts the address. */
export function detectAddressFamilies(
	address: string,
	options: AddressValidationOptions = {},
): AddressFamily[] {
	const screened = screenAddress(address);
	if (!screened.ok) return [];
	const networkOptions: NetworkOptions = { testnet: options.testnet === true };
	return ADDRESS_FAMILIES.filter((family) => checkFamily(family, screened.text, networkOptions).ok);
}

export function validateAddress(
	family: AddressFamily,
	rawAddress: string,
	options: AddressValidationOptions = {},
): AddressCheck {
	if (!isAddressFamily(family)) {
		return {
			valid: false,
			reason: `Unknown network "${String(family)}"; choose one of: ${ADDRESS_FAMILIES.join(', ')}.`,
		};
	}
	const label = familyName(family);
	const screened = screenAddress(rawAddress);
	if (!screened.ok) {
		if (screened.problem === 'it is empty')
			return { valid: false, reason: `No ${label} address was given (the field is empty).` };
		return { valid: false, reason: `This is not a valid ${label} address: ${screened.problem}.` };
	}
	const networkOptions: NetworkOptions = { testnet: options.testnet === true };
	const check = checkFamily(family, screened.text, networkOptions);
	if (check.ok) {
		const result: AddressCheck = { valid: true, address: screened.text, warnings: check.warnings };
		if (check.embeddedTag !== undefined) result.embeddedTag = check.embeddedTag;
		return result;
	}
	// A burn address is refused as what it is, even when another coin shares its format.
	if (check.unspendable)
		return { valid: false, reason: `This is not a valid ${label} address: ${check.problem}.` };
	const looksLike = ADDRESS_FAMILIES.filter(
		(other) => other !== family && checkFamily(other, screened.text, networkOptions).ok,
	);
	if (looksLike.length > 0) {
		return {
			valid: false,
			reason: `This is not a valid ${label} address; it looks like ${describeFamilies(looksLike)} address.`,
			looksLike,
		};
	}
	return { valid: false, reason: `This is not a valid ${label} address: ${check.problem}.` };
}

/**
 * Every check a Create Payout item must pass before anything is sent. Pure: no I/O, so the same
 * code serves the real send, Dry Run and "validate the whole batch first".
 */
import type { IDataObject } from 'n8n-workflow';

import { isLoopbackHost } from '../../shared/base-url';
import { PayoutFailure } from '../../shared/errors';
import { parseDecimalAmount } from '../../shared/decimal';
import { parseUrl } from '../../shared/once';
import type { PayoutProvider, ResolvedAsset, ValidatedPayout } from '../../providers/types';
import { validateAddress, type AddressCheck } from '../../validation/address';
import { hasEvmChecksum } from '../../validation/evm';
import { validateMemo } from '../../validation/memo';
import { isKnownTokenContract } from '../../validation/token-contracts';

export interface CreateInput {
	reference: unknown;
	address: unknown;
	amount: unknown;
	currency: unknown;
	network: unknown;
	memo: unknown;
	description: unknown;
	callbackUrl: unknown;
}

/** Checks the operator chooses in Create's Options. */
export interface CreateRules {
	/** Options → EVM Addresses Without Checksum: an all-lower/upper-case 0x address. */
	evmWithoutChecksum: 'refuse' | 'warn';
}

/** Typed or pasted by a person unless the operator says the sheet comes from a system. */
export const DEFAULT_CREATE_RULES: CreateRules = { evmWithoutChecksum: 'refuse' };

/** The rules from Create's Options collection (the option is fixed: no expressions). */
export function createRulesFrom(options: IDataObject): CreateRules {
	return { evmWithoutChecksum: options.evmAddressesWithoutChecksum === 'warn' ? 'warn' : 'refuse' };
}

const REFERENCE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._\-:#/@+]{0,63}$/;
const MAX_DESCRIPTION_LENGTH = 256;

function text(value: unknown, field: string): string {
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return value.trim();
	if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
	throw new PayoutFailure(
		'INVALID_' + field.toUpperCase(),
		`${field} must be text (got ${typeof value}).`,
		{ field },
	);
}

export function validateReference(value: unknown): string {
	const reference = text(value, 'reference');
	if (!reference) {
		throw new PayoutFailure(
			'REFERENCE_REQUIRED',
			'Reference is empty. Map a unique business ID (invoice number, row ID) so a payout can never be sent twice.',
			{
				field: 'reference',
			},
		);
	}
	if (!REFERENCE_PATTERN.test(reference)) {
		throw new PayoutFailure(
			'INVALID_REFERENCE',
			`Reference "${reference.slice(0, 80)}" must be 1–64 letters, digits or . _ - : # / @ + and start with a letter or digit.`,
			{ field: 'reference' },
		);
	}
	return reference;
}

function validateCallbackUrl(value: unknown): string | undefined {
	const url = text(value, 'callbackUrl');
	if (!url) return undefined;
	const parsed = parseUrl(url);
	const refuse = (message: string, description?: string) =>
		new PayoutFailure('INVALID_CALLBACK_URL', message, { field: 'callbackUrl', description });
	if (!parsed) throw refuse(`Callback URL "${url}" is not a URL.`);
	if (parsed.protocol === 'https:') return url;
	if (parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname)) return url;
	// A signed status callback in clear text can be read and replayed by anyone on the way.
	throw refuse(
		parsed.protocol === 'http:'
			? `Callback URL ${parsed.origin} uses plain http://; the provider's signed status callbacks must travel over https://.`
			: 'Callback URL must start with https://.',
		"Use the trigger's Production URL with https:// (set n8n's WEBHOOK_URL to its public https address). Plain http is accepted only for localhost.",
	);
}

export function validateCreateInput(
	provider: PayoutProvider,
	input: CreateInput,
	rules: CreateRules = DEFAULT_CREATE_RULES,
): ValidatedPayout {
	const reference = validateReference(input.reference);
	const asset = provider.resolveAsset(
		text(input.currency, 'currency'),
		text(input.network, 'network'),
	);

	const addressCheck = validateAddress(asset.network.family, text(input.address, 'address'));
	if (!addressCheck.valid) {
		throw new PayoutFailure('INVALID_ADDRESS', `Recipient address: ${addressCheck.reason}`, {
			field: 'address',
			description: `The address must be a ${asset.network.label} address for ${asset.label}.`,
		});
	}
	const contract = isKnownTokenContract(addressCheck.address);
	if (contract) {
		throw new PayoutFailure(
			'TOKEN_CONTRACT_ADDRESS',
			`Recipient address is the ${contract.symbol} token contract on ${contract.network}, not a wallet. Funds sent there are lost.`,
			{ field: 'address', description: 'Ask the recipient for their wallet address.' },
		);
	}
	const warnings = addressWarnings(asset, addressCheck, rules);

	const memoCheck = validateMemo(
		asset.network.family,
		text(input.memo, 'memo'),
		addressCheck.embeddedTag,
	);
	if (!memoCheck.valid) {
		throw new PayoutFailure('INVALID_MEMO', `Memo / Tag: ${memoCheck.reason}`, { field: 'memo' });
	}

	const amount = parseDecimalAmount(input.amount, asset.decimals, asset.label);

	const description = text(input.description, 'description');
	if (description.length > MAX_DESCRIPTION_LENGTH) {
		throw new PayoutFailure(
			'INVALID_DESCRIPTION',
			`Description is ${description.length} characters; at most ${MAX_DESCRIPTION_LENGTH}.`,
			{
				field: 'description',
			},
		);
	}

	const payout: ValidatedPayout = {
		asset,
		address: addressCheck.address,
		amount,
		memo: memoCheck.memo,
		description: description || undefined,
		callbackUrl: validateCallbackUrl(input.callbackUrl),
		reference,
		warnings,
	};
	provider.checkPayout?.(payout);
	return payout;
}

/**
 * The address checks' warnings, as sentences for the item and the hints; an EVM address without a
 * checksum is refused instead unless the operator chose to be warned.
 */
function addressWarnings(
	asset: ResolvedAsset,
	check: Extract<AddressCheck, { valid: true }>,
	rules: CreateRules,
): string[] {
	if (asset.network.family === 'evm' && !hasEvmChecksum(check.address)) {
		if (rules.evmWithoutChecksum === 'refuse') {
			throw new PayoutFailure(
				'ADDRESS_WITHOUT_CHECKSUM',
				`Recipient address ${check.address} is all ${check.address === check.address.toLowerCase() ? 'lower' : 'upper'} case, so it carries no checksum and a typo in it cannot be caught: a mistyped address is still a valid one, and the funds would be lost.`,
				{
					field: 'address',
					description:
						'Ask the recipient for the mixed-case (EIP-55) form their wallet shows, upper- and lower-case letters mixed; do not convert it yourself, a checksum computed from a mistyped address would vouch for the typo. If these addresses come from a system that stores them in lower case (an exchange API, a database), set Options → EVM Addresses Without Checksum to Send With a Warning.',
				},
			);
		}
	}
	return check.warnings.map((warning) => `Recipient address warning: ${warning}.`);
}

/**
 * Every check a Create Payout item must pass before anything is sent. Pure: no I/O, so the same
 * code serves the real send, Dry Run and "validate the whole batch first".
 */
import { PayoutFailure } from '../../shared/errors';
import { parseDecimalAmount } from '../../shared/decimal';
import { parseUrl } from '../../shared/once';
import type { PayoutProvider, ValidatedPayout } from '../../providers/types';
import { validateAddress } from '../../validation/address';
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
	if (!parsed)
		throw new PayoutFailure('INVALID_CALLBACK_URL', `Callback URL "${url}" is not a URL.`, {
			field: 'callbackUrl',
		});
	if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
		throw new PayoutFailure('INVALID_CALLBACK_URL', 'Callback URL must start with https://.', {
			field: 'callbackUrl',
		});
	}
	return url;
}

export function validateCreateInput(provider: PayoutProvider, input: CreateInput): ValidatedPayout {
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

	return {
		asset,
		address: addressCheck.address,
		amount,
		memo: memoCheck.memo,
		description: description || undefined,
		callbackUrl: validateCallbackUrl(input.callbackUrl),
		reference,
	};
}

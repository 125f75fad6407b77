import type { NormalizedPayout, ValidatedPayout } from './payout-model';

/** Builds the normalized item with every field present (null when unknown), in a fixed order. */
export function normalizedPayout(
	fields: Partial<NormalizedPayout> & Pick<NormalizedPayout, 'provider' | 'operation' | 'status'>,
): NormalizedPayout {
	return {
		status: fields.status,
		reference: fields.reference ?? null,
		error: fields.error ?? null,
		message: fields.message ?? null,
		payoutId: fields.payoutId ?? null,
		amount: fields.amount ?? null,
		currency: fields.currency ?? null,
		network: fields.network ?? null,
		address: fields.address ?? null,
		provider: fields.provider,
		operation: fields.operation,
		providerStatus: fields.providerStatus ?? null,
		memo: fields.memo ?? null,
		description: fields.description ?? null,
		txHash: fields.txHash ?? null,
		fee: fields.fee ?? null,
		createdAt: fields.createdAt ?? null,
		raw: fields.raw ?? null,
	};
}

/** Ids are strings everywhere: a number that reached us is safe (the parser keeps big ones as text). */
export function idText(value: unknown): string | null {
	if (typeof value === 'string' && value.trim() !== '') return value.trim();
	if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
	return null;
}

export const UNKNOWN_OUTCOME_MESSAGE =
	'The provider may or may not have created this payout (no clear answer arrived). Nothing was sent again. Check it with Get Payout or in the provider dashboard before paying this reference again.';

/** The normalized fields a Create item knows before the provider answers. */
export function createFields(providerId: string, payout: ValidatedPayout) {
	return {
		provider: providerId,
		operation: 'create',
		reference: payout.reference,
		currency: payout.asset.symbol,
		network: payout.asset.network.id,
		address: payout.address,
		amount: payout.amount.text,
		memo: payout.memo,
		description: payout.description,
	};
}

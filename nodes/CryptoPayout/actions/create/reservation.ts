/**
 * What a Create item holds while its payout is decided: its amount against Max Total Per
 * Currency and its reference claim. Taken together, settled once by what is known of the outcome.
 */
import type { ValidatedPayout } from '../../providers/types';
import type { BatchState } from '../batch-state';
import type { DuplicateReason } from './claims';

/**
 * - `sent`: created, or maybe created (unknown): the amount keeps counting, the claim stays.
 * - `duplicate`: the provider already has it: the amount is freed, the claim stays.
 */
export type KnownOutcome = 'sent' | 'duplicate';

export interface Reservation {
	/** The reference key claimed. */
	readonly key: string;
	/** `payoutId`: the provider's id of the payout (the earlier one for a duplicate), when known. */
	settle(outcome: KnownOutcome, payoutId?: string | null): void;
	/** Definitely not created: the amount and the reference are freed for a corrected run. */
	cancel(): Promise<void>;
}

export type ReservationResult =
	Reservation | { duplicate: DuplicateReason; key: string; earlierItem?: number };

export async function reservePayout(
	batch: BatchState,
	itemIndex: number,
	payout: ValidatedPayout,
): Promise<ReservationResult> {
	const { symbol } = payout.asset;
	const amount = payout.amount.text;
	batch.spending.reserve(symbol, amount);
	let verdict;
	try {
		verdict = await batch.claims.claim(itemIndex);
	} finally {
		// A claim that failed sent nothing: its amount no longer counts.
		if (!verdict) batch.spending.release(symbol, amount);
	}
	if (!verdict.claimed) {
		batch.spending.release(symbol, amount);
		return { duplicate: verdict.reason, key: verdict.key, earlierItem: verdict.earlierItem };
	}
	const { key } = verdict;
	return {
		key,
		settle(outcome, payoutId) {
			if (outcome === 'duplicate') batch.spending.release(symbol, amount);
			batch.claims.keep(key, payoutId);
		},
		async cancel() {
			batch.spending.release(symbol, amount);
			await batch.claims.release(key);
		},
	};
}

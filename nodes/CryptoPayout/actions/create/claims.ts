/**
 * "A reference is paid at most once", when items, executions and queue-mode workers run at the
 * same time. Two guards, each covering what the other cannot:
 *
 * - In this process: the reference is held (shared/key-holds) from before its claim until its
 *   outcome is known. The hold is a synchronous check-and-set, so it is exact: no timing assumed.
 * - Across processes sharing n8n's database: the reference is recorded in the processed-data
 *   store before it is sent. That store is read-modify-write without a lock, so a writer that
 *   read before our write and writes after it erases our entries. Each claim therefore carries a
 *   unique token; after a settle time we check the token is still there. A lost token means our
 *   claim was erased: we claim again, and whoever recorded the reference meanwhile has it. This
 *   holds as long as no writer takes longer than the settle time between its read and its write.
 *
 * Claims are made for chunks of items ahead of sending (one store call per chunk, the next chunk
 * claimed while this one sends), so the cost is per chunk, not per payout.
 */
import { randomUUID } from 'crypto';
import { sleep } from 'n8n-workflow';

import { PayoutFailure } from '../../shared/errors';
import { holdKey, isKeyHeld, releaseKey } from '../../shared/key-holds';
import type { ProcessedStore } from './processed-store';

/** Items per store call. Small enough that a crash strands few claims, large enough to amortize. */
export const CLAIM_CHUNK = 100;
/** Lost-update retries before an item fails unsent. */
const CLAIM_ATTEMPTS = 5;
/** The settle time is at least this many times the slowest store call seen (a busy database). */
const SLOW_CALL_FACTOR = 4;

export type DuplicateReason = 'earlier-item' | 'in-flight' | 'recorded';

/**
 * The references this process settled lately (sent, maybe sent, or found at the provider), with
 * the payout id when one is known. Memory only: it never decides whether a payout is sent (the
 * holds and n8n's store do); it fills in the earlier payout of a duplicate item, and Dry Run,
 * which may not write to n8n's store, reads it.
 */
const MAX_REMEMBERED_PAYOUTS = 10_000;
const recentPayouts = new Map<string, string | null>();

export function rememberPayout(key: string, payoutId: string | null | undefined): void {
	const known = payoutId ?? recentPayouts.get(key) ?? null;
	recentPayouts.delete(key);
	recentPayouts.set(key, known);
	if (recentPayouts.size > MAX_REMEMBERED_PAYOUTS) {
		const oldest = recentPayouts.keys().next();
		if (!oldest.done) recentPayouts.delete(oldest.value);
	}
}

/** The payout this process settled for `key` lately: `payoutId` null when its id is unknown. */
export function rememberedPayout(key: string): { payoutId: string | null } | undefined {
	return recentPayouts.has(key) ? { payoutId: recentPayouts.get(key) ?? null } : undefined;
}

/** Dry Run's look at a reference: what can be known without recording or holding anything. */
export interface ClaimInspection {
	key: string;
	/** An earlier item of this execution has the same reference. */
	earlierItem?: number;
	/** Another item or execution of this process is paying it right now. */
	inFlight: boolean;
	/** This process paid (or maybe paid) it lately. */
	remembered?: { payoutId: string | null };
}

export type ClaimVerdict =
	| { claimed: true; key: string }
	| { claimed: false; key: string; reason: DuplicateReason; earlierItem?: number };

export interface ClaimSource {
	/** The item's reference key; undefined for an item that is no Create or fails validation. */
	keyOf(itemIndex: number): Promise<string | undefined>;
}

export class ReferenceClaims {
	private readonly holder = randomUUID();

	private readonly chunks = new Map<number, Promise<Map<number, ClaimVerdict>>>();

	/** Every key this execution met, with the first item that had it. */
	private readonly firstItemOf = new Map<string, number>();

	/** Claimed by this execution, outcome not known yet. */
	private readonly unsettled = new Set<string>();

	private readonly tokens: string[] = [];

	/** Dry Run's inspections, one after another in item order (the first item of a key wins). */
	private inspections: Promise<unknown> = Promise.resolve();

	constructor(
		private readonly store: ProcessedStore,
		private readonly source: ClaimSource,
		private readonly itemCount: number,
		private readonly settleMs: number,
	) {}

	async claim(itemIndex: number): Promise<ClaimVerdict> {
		const chunk = Math.floor(itemIndex / CLAIM_CHUNK);
		const verdicts = this.chunk(chunk);
		// Claim the next chunk while this one sends; its failure reaches its own items.
		if ((chunk + 1) * CLAIM_CHUNK < this.itemCount) this.chunk(chunk + 1).catch(() => undefined);
		const verdict = (await verdicts).get(itemIndex);
		if (!verdict)
			throw new PayoutFailure(
				'CLAIM_MISSING',
				`Item ${itemIndex} has no reference claim, so nothing was sent.`,
			);
		return verdict;
	}

	/**
	 * Dry Run: what claim() would find in this process (an earlier item, a payout in flight, one
	 * paid lately), without writing to n8n's store or holding the key. n8n's store cannot be read
	 * without recording, so references recorded by earlier runs are not seen here. Undefined for an
	 * item without a reference key (no Create, invalid, or no credential to tell the account).
	 */
	async inspect(itemIndex: number): Promise<ClaimInspection | undefined> {
		const inspection = this.inspections.then(async () => {
			const key = await this.source.keyOf(itemIndex).catch(() => undefined);
			if (key === undefined) return undefined;
			const earlierItem = this.firstItemOf.get(key);
			if (earlierItem === undefined) this.firstItemOf.set(key, itemIndex);
			return { key, earlierItem, inFlight: isKeyHeld(key), remembered: rememberedPayout(key) };
		});
		this.inspections = inspection.catch(() => undefined);
		return await inspection;
	}

	/**
	 * The outcome is known (sent, unknown, or found at the provider): the record stays, and this
	 * process remembers the payout (its id when known) for later duplicates of the reference.
	 */
	keep(key: string, payoutId?: string | null): void {
		this.unsettled.delete(key);
		rememberPayout(key, payoutId);
		releaseKey(key, this.holder);
	}

	/** Definitely not sent: free the reference so a corrected run can pay it. */
	async release(key: string): Promise<void> {
		this.unsettled.delete(key);
		try {
			await this.store.remove([key]);
		} catch {
			// The claim stays recorded: a later run reports the reference duplicate, the safe side.
		} finally {
			releaseKey(key, this.holder);
		}
	}

	/** Frees what was claimed but never sent (the batch stopped early), and this run's tokens. */
	async finish(): Promise<void> {
		await Promise.allSettled(this.chunks.values());
		const stranded = [...this.unsettled];
		this.unsettled.clear();
		try {
			await this.store.remove([...stranded, ...this.tokens]);
		} catch {
			// Left-over claims only make a later run report those references duplicate.
		} finally {
			for (const key of stranded) releaseKey(key, this.holder);
		}
	}

	private chunk(index: number): Promise<Map<number, ClaimVerdict>> {
		let verdicts = this.chunks.get(index);
		if (!verdicts) {
			verdicts = this.claimChunk(index);
			this.chunks.set(index, verdicts);
		}
		return verdicts;
	}

	private async claimChunk(chunk: number): Promise<Map<number, ClaimVerdict>> {
		const verdicts = new Map<number, ClaimVerdict>();
		const toRecord = new Map<string, number>();
		const end = Math.min(this.itemCount, (chunk + 1) * CLAIM_CHUNK);
		for (let itemIndex = chunk * CLAIM_CHUNK; itemIndex < end; itemIndex++) {
			const key = await this.source.keyOf(itemIndex).catch(() => undefined);
			if (key === undefined) continue;
			const earlierItem = this.firstItemOf.get(key);
			if (earlierItem !== undefined) {
				verdicts.set(itemIndex, { claimed: false, key, reason: 'earlier-item', earlierItem });
				continue;
			}
			this.firstItemOf.set(key, itemIndex);
			if (holdKey(key, this.holder) !== undefined) {
				verdicts.set(itemIndex, { claimed: false, key, reason: 'in-flight' });
				continue;
			}
			toRecord.set(key, itemIndex);
		}
		if (toRecord.size === 0) return verdicts;
		let recordedBefore: Set<string>;
		try {
			recordedBefore = await this.recordConfirmed([...toRecord.keys()]);
		} catch (error) {
			// Not known to be ours: never remove (it may be someone else's record), just let go.
			for (const key of toRecord.keys()) releaseKey(key, this.holder);
			throw error instanceof PayoutFailure
				? error
				: new PayoutFailure(
						'CLAIM_FAILED',
						`Could not claim the references, so nothing was sent: ${String(error)}`,
					);
		}
		for (const [key, itemIndex] of toRecord) {
			if (recordedBefore.has(key)) {
				releaseKey(key, this.holder);
				verdicts.set(itemIndex, { claimed: false, key, reason: 'recorded' });
			} else {
				this.unsettled.add(key);
				verdicts.set(itemIndex, { claimed: true, key });
			}
		}
		return verdicts;
	}

	/** Records the keys and confirms the record survived; returns the keys someone had recorded. */
	private async recordConfirmed(keys: string[]): Promise<Set<string>> {
		const recordedBefore = new Set<string>();
		let pending = keys;
		for (let attempt = 1; attempt <= CLAIM_ATTEMPTS; attempt++) {
			const token = `claim-token:${this.holder}:${attempt}`;
			this.tokens.push(token);
			// The token goes last: a store trimmed to maxEntries drops the keys before it.
			const processed = await this.store.record([...pending, token]);
			for (const key of pending) if (processed.has(key)) recordedBefore.add(key);
			pending = pending.filter((key) => !processed.has(key));
			if (this.settleMs <= 0 || pending.length === 0) return recordedBefore;
			await sleep(Math.max(this.settleMs, SLOW_CALL_FACTOR * this.store.slowestCallMs));
			if ((await this.store.record([token])).has(token)) return recordedBefore;
		}
		throw new PayoutFailure(
			'CLAIM_NOT_CONFIRMED',
			`n8n's processed-data store lost this execution's reference claims ${CLAIM_ATTEMPTS} times in a row (other executions wrote the same workflow record at the same moment), so nothing was sent.`,
			{
				kind: 'configuration',
				description:
					'Run the items again; they were not sent. If it repeats, run fewer executions of this workflow at once.',
			},
		);
	}
}

/**
 * "A reference is paid at most once", when items, executions, workflows, providers and queue-mode
 * workers meet it at the same time. Claims are planned for chunks of items, in item order, ahead
 * of sending (the next chunk is planned while this one sends); each step decides what it can:
 *
 * 1. an earlier row of this batch has the reference (compared case-insensitively);
 * 2. this process holds it right now (shared/key-holds: a synchronous check-and-set, exact, no
 *    timing assumed) or settled it lately (recent-payouts), whichever workflow or provider;
 * 3. the provider's own records have it (OxaPay's payout history);
 * 4. the registry has it: n8n's processed-data record of this workflow, or the payout ledger;
 * 5. its amount would take the execution's total above Max Total Per Currency.
 *
 * Dry Run plans the same way and writes nothing: no hold, no record, the registry only read where
 * it can be. So Dry Run and the real run agree on every verdict they can both know.
 */
import { randomUUID } from 'crypto';

import type { NormalizedPayout, ValidatedPayout } from '../../providers/types';
import type { PayoutAccount } from '../../shared/account';
import { PayoutFailure } from '../../shared/errors';
import { holdKey, isKeyHeld, releaseKey } from '../../shared/key-holds';
import type {
	ClaimRegistry,
	EarlierPayout,
	RegistryClaim,
	RegistryVerdict,
	SettledClaim,
} from './claim-registry';
import { recentPayout, rememberPayout } from './recent-payouts';
import { referenceKeyOf, type ReferenceKey } from './reference-key';
import type { SpendingCap } from './spending-cap';

/** Items per planning step. Small enough that a crash strands few claims, large enough to amortize. */
export const CLAIM_CHUNK = 100;
/**
 * Chunks planned ahead of the one sending: their claims and settle waits overlap its sending. A
 * process that dies strands at most (PLAN_AHEAD + 1) × CLAIM_CHUNK claims (never paid twice;
 * Release Reference or the ledger's in-doubt list settles them).
 */
const PLAN_AHEAD = 3;

export type DuplicateReason =
	'earlier-item' | 'in-flight' | 'paid-here' | 'provider-has-it' | 'recorded';

export type ClaimVerdict =
	| { kind: 'claimed'; key: ReferenceKey }
	| {
			kind: 'duplicate';
			key: ReferenceKey;
			/** The account paying now: the earlier payout's id is shown only when it is the same. */
			account: string;
			reason: DuplicateReason;
			earlierItem?: number;
			earlier?: EarlierPayout;
			/** The provider's own record of it (OxaPay history), when that is how it was found. */
			providerPayout?: NormalizedPayout;
	  }
	/** Not sent, and nothing recorded: over a limit, agent not allowed, a failed read or claim. */
	| { kind: 'refused'; error: unknown };

/** What the planner needs from the batch. */
export interface ClaimSource {
	/** The item's validated payout, or undefined when it failed validation (its run says why). */
	payoutOf(itemIndex: number): ValidatedPayout | undefined;
	account(): Promise<PayoutAccount>;
	/** Throws when this payout may not be made at all (an AI agent without permission). */
	assertMayPay(payout: ValidatedPayout): void;
	/** The provider's record of an earlier payout with this reference (a read). */
	findAtProvider(itemIndex: number, payout: ValidatedPayout): Promise<NormalizedPayout | undefined>;
	readonly providerId: string;
	readonly workflowId: string;
}

interface Candidate extends RegistryClaim {
	providerPayout?: NormalizedPayout;
}

export class ReferenceClaims {
	private readonly holder = randomUUID();

	private readonly chunks = new Map<number, Promise<Map<number, ClaimVerdict>>>();

	/** Per chunk: settled once it is planned. A registry that counts limits is asked chunk after chunk. */
	private readonly planned = new Map<number, Promise<void>>();

	/** Every key this execution met, with the first item that had it. */
	private readonly firstItemOf = new Map<string, number>();

	/** Claimed by this execution, outcome not known yet. */
	private readonly unsettled = new Map<number, Candidate>();

	constructor(
		private readonly source: ClaimSource,
		private readonly registry: ClaimRegistry,
		private readonly spending: SpendingCap,
		private readonly itemCount: number,
		private readonly dryRun: boolean,
	) {}

	/** Dry Run: the registry it could not read without recording (n8n's processed data), if any. */
	get unreadRecord(): string | undefined {
		return this.registryUnread ? this.registry.name : undefined;
	}

	private registryUnread = false;

	/** The paying account's key, once the first chunk is planned. */
	private accountKey = '';

	/** The item's verdict; plans its chunk (and the next one, ahead) on first ask. */
	async verdict(itemIndex: number): Promise<ClaimVerdict> {
		const chunk = Math.floor(itemIndex / CLAIM_CHUNK);
		const verdicts = this.chunk(chunk);
		// Plan ahead, so the next chunks' claims (and their settle waits) overlap this one's sending.
		for (let ahead = 1; ahead <= PLAN_AHEAD; ahead++)
			if ((chunk + ahead) * CLAIM_CHUNK < this.itemCount)
				this.chunk(chunk + ahead).catch(() => undefined);
		const verdict = (await verdicts).get(itemIndex);
		if (!verdict)
			throw new PayoutFailure(
				'CLAIM_MISSING',
				`Item ${itemIndex} has no reference claim, so nothing was sent.`,
			);
		return verdict;
	}

	/** The outcome is known: the claim stays, the process remembers it. Returns a warning, if any. */
	async settle(itemIndex: number, outcome: SettledClaim): Promise<string | undefined> {
		const claim = this.unsettled.get(itemIndex);
		if (!claim) return undefined;
		this.unsettled.delete(itemIndex);
		if (outcome.status === 'duplicate') this.releaseAmount(claim.payout);
		rememberPayout(claim.key.id, {
			provider: this.source.providerId,
			account: this.accountKey,
			payoutId: outcome.payoutId,
			outcome: outcome.status,
			workflowId: this.source.workflowId,
		});
		releaseKey(claim.key.id, this.holder);
		try {
			await this.registry.settle(claim.key, outcome);
			return undefined;
		} catch (error) {
			return `The outcome could not be written to ${this.registry.name} (${String((error as Error)?.message ?? error).slice(0, 200)}); the reference stays claimed there.`;
		}
	}

	/** Definitely not sent: frees the amount and the reference for a corrected run. */
	async release(itemIndex: number): Promise<void> {
		const claim = this.unsettled.get(itemIndex);
		if (!claim) return;
		this.unsettled.delete(itemIndex);
		this.releaseAmount(claim.payout);
		try {
			await this.registry.release([claim.key]);
		} catch {
			// The claim stays recorded: a later run reports the reference duplicate, the safe side.
		} finally {
			releaseKey(claim.key.id, this.holder);
		}
	}

	/** Frees what was claimed but never sent (the batch stopped early or was cancelled). */
	async finish(): Promise<void> {
		await Promise.allSettled(this.chunks.values());
		const stranded = [...this.unsettled.values()];
		this.unsettled.clear();
		try {
			if (stranded.length) await this.registry.release(stranded.map((claim) => claim.key));
			await this.registry.finish();
		} catch {
			// Left-over claims only make a later run report those references duplicate.
		} finally {
			for (const claim of stranded) releaseKey(claim.key.id, this.holder);
		}
	}

	private releaseAmount(payout: ValidatedPayout): void {
		if (!this.registry.countsLimits) this.spending.release(payout.asset.symbol, payout.amount.text);
	}

	private chunk(index: number): Promise<Map<number, ClaimVerdict>> {
		let verdicts = this.chunks.get(index);
		if (!verdicts) {
			verdicts = this.planChunk(index);
			this.chunks.set(index, verdicts);
		}
		return verdicts;
	}

	private async planChunk(chunk: number): Promise<Map<number, ClaimVerdict>> {
		const previousPlanned = this.planned.get(chunk - 1);
		let done!: () => void;
		this.planned.set(chunk, new Promise<void>((resolve) => (done = resolve)));
		try {
			return await this.planChunkAfter(chunk, previousPlanned);
		} finally {
			done();
		}
	}

	private async planChunkAfter(
		chunk: number,
		previousPlanned: Promise<void> | undefined,
	): Promise<Map<number, ClaimVerdict>> {
		const verdicts = new Map<number, ClaimVerdict>();
		const end = Math.min(this.itemCount, (chunk + 1) * CLAIM_CHUNK);
		let account: PayoutAccount;
		try {
			account = await this.source.account();
			this.accountKey = account.key;
		} catch (error) {
			for (let itemIndex = chunk * CLAIM_CHUNK; itemIndex < end; itemIndex++)
				verdicts.set(itemIndex, { kind: 'refused', error });
			return verdicts;
		}
		const candidates: Candidate[] = [];
		for (let itemIndex = chunk * CLAIM_CHUNK; itemIndex < end; itemIndex++) {
			const payout = this.source.payoutOf(itemIndex);
			if (!payout) continue;
			const verdict = this.planInMemory(itemIndex, payout, account);
			if (verdict) verdicts.set(itemIndex, verdict);
			else
				candidates.push({
					itemIndex,
					payout,
					key: referenceKeyOf(account.namespace, payout.reference),
				});
		}
		const found = await this.lookUpAtProvider(candidates, verdicts);
		// A limit over a period is counted by the registry as it is asked: rows first come first.
		if (this.registry.countsLimits) await previousPlanned;
		let registryVerdicts: Array<RegistryVerdict | undefined>;
		try {
			const recorded = this.dryRun
				? await this.registry.inspect(found)
				: await this.registry.claim(found);
			if (!recorded) this.registryUnread = true;
			registryVerdicts = recorded ?? found.map(() => undefined);
		} catch (error) {
			this.letGo(found);
			const failure = new PayoutFailure(
				'CLAIM_FAILED',
				`Could not claim the references, so nothing was sent: ${String((error as Error)?.message ?? error).slice(0, 300)}`,
				{ kind: 'configuration' },
			);
			for (const candidate of found)
				verdicts.set(candidate.itemIndex, {
					kind: 'refused',
					error: error instanceof PayoutFailure ? error : failure,
				});
			return verdicts;
		}
		// The cap is counted in row order: the previous chunk decides first.
		await this.chunks.get(chunk - 1)?.then(
			() => undefined,
			() => undefined,
		);
		await this.decide(found, registryVerdicts, verdicts);
		return verdicts;
	}

	/** Steps 1 and 2: this batch and this process. Undefined when the reference is still free. */
	private planInMemory(
		itemIndex: number,
		payout: ValidatedPayout,
		account: PayoutAccount,
	): ClaimVerdict | undefined {
		try {
			// An AI agent may always Dry Run: it sends nothing.
			if (!this.dryRun) this.source.assertMayPay(payout);
		} catch (error) {
			return { kind: 'refused', error };
		}
		const key = referenceKeyOf(account.namespace, payout.reference);
		const duplicate = { kind: 'duplicate' as const, key, account: account.key };
		const earlierItem = this.firstItemOf.get(key.id);
		if (earlierItem !== undefined) return { ...duplicate, reason: 'earlier-item', earlierItem };
		this.firstItemOf.set(key.id, itemIndex);
		const held = this.dryRun ? isKeyHeld(key.id) : holdKey(key.id, this.holder) !== undefined;
		if (held) return { ...duplicate, reason: 'in-flight' };
		const recent = recentPayout(key.id);
		if (!recent) return undefined;
		if (!this.dryRun) releaseKey(key.id, this.holder);
		return {
			...duplicate,
			reason: 'paid-here',
			earlier: {
				provider: recent.provider,
				account: recent.account,
				payoutId: recent.payoutId,
				status: recent.outcome,
				workflowId: recent.workflowId,
			},
		};
	}

	/** Step 3: the provider's own records (a read). A failed read refuses the item unsent. */
	private async lookUpAtProvider(
		candidates: Candidate[],
		verdicts: Map<number, ClaimVerdict>,
	): Promise<Candidate[]> {
		const looked: Candidate[] = [];
		for (const candidate of candidates) {
			try {
				const providerPayout = await this.source.findAtProvider(
					candidate.itemIndex,
					candidate.payout,
				);
				looked.push({ ...candidate, providerPayout });
			} catch (error) {
				this.letGo([candidate]);
				verdicts.set(candidate.itemIndex, { kind: 'refused', error });
			}
		}
		return looked;
	}

	/** Steps 4 and 5, in item order. */
	private async decide(
		candidates: Candidate[],
		registryVerdicts: Array<RegistryVerdict | undefined>,
		verdicts: Map<number, ClaimVerdict>,
	): Promise<void> {
		const overCap: Candidate[] = [];
		for (const [index, candidate] of candidates.entries()) {
			const { itemIndex, key, payout, providerPayout } = candidate;
			const registered = registryVerdicts[index];
			if (registered && !registered.claimed) {
				this.letGo([candidate]);
				verdicts.set(
					itemIndex,
					registered.reason === 'limit'
						? {
								kind: 'refused',
								error: new PayoutFailure('SPENDING_CAP_EXCEEDED', registered.message, {
									field: 'amount',
									description:
										'The limit counts every execution of this workflow in that period, in the payout ledger. Raise Max Total Per Currency if this is intended; otherwise these rows wait for the period to pass.',
								}),
							}
						: {
								kind: 'duplicate',
								key,
								account: this.accountKey,
								reason: 'recorded',
								earlier: registered.earlier,
								providerPayout,
							},
				);
				continue;
			}
			if (providerPayout) {
				verdicts.set(itemIndex, {
					kind: 'duplicate',
					key,
					account: this.accountKey,
					reason: 'provider-has-it',
					providerPayout,
				});
				if (!this.dryRun) {
					this.unsettled.set(itemIndex, candidate);
					await this.settle(itemIndex, {
						status: 'duplicate',
						payoutId: providerPayout.payoutId,
						providerStatus: providerPayout.providerStatus,
					});
				}
				continue;
			}
			const failure = this.registry.countsLimits
				? undefined
				: this.spending.reserve(payout.asset.symbol, payout.amount.text);
			if (failure) {
				overCap.push(candidate);
				verdicts.set(itemIndex, { kind: 'refused', error: failure });
				continue;
			}
			if (!this.dryRun) this.unsettled.set(itemIndex, candidate);
			verdicts.set(itemIndex, { kind: 'claimed', key });
		}
		if (overCap.length && !this.dryRun) {
			try {
				await this.registry.release(overCap.map((candidate) => candidate.key));
			} catch {
				// Stays recorded: a later run reports these references duplicate, the safe side.
			}
			this.letGo(overCap);
		}
	}

	/** Lets go of the holds (never of a record: it may be someone else's). */
	private letGo(candidates: Candidate[]): void {
		if (this.dryRun) return;
		for (const candidate of candidates) releaseKey(candidate.key.id, this.holder);
	}
}

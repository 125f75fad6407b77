/**
 * Claims recorded in n8n's processed-data store, shared by queue-mode workers through n8n's
 * database. That store is read-modify-write without a lock, so a writer that read before our
 * write and writes after it erases our entries. Each claim therefore carries a unique token;
 * after a settle time we check the token is still there. A lost token means our claim was erased:
 * we claim again, and whoever recorded the reference meanwhile has it. This holds as long as no
 * writer takes longer than the settle time between its read and its write (the README says so).
 */
import { randomUUID } from 'crypto';
import { sleep } from 'n8n-workflow';

import { PayoutFailure } from '../../shared/errors';
import type { ClaimRegistry, RegistryClaim, RegistryVerdict } from './claim-registry';
import type { ProcessedStore } from './processed-store';
import type { ReferenceKey } from './reference-key';

/** Lost-update retries before the claims fail unsent. */
const CLAIM_ATTEMPTS = 5;
/** The settle time is at least this many times the slowest store call seen (a busy database). */
const SLOW_CALL_FACTOR = 4;

/** The processed-data entry of a reference claim. */
export const entryOf = (key: ReferenceKey) => `ref:${key.id}`;

export class ProcessedDataRegistry implements ClaimRegistry {
	readonly countsLimits = false;

	readonly name = "n8n's record of this workflow's earlier runs";

	private readonly holder = randomUUID();

	private readonly tokens: string[] = [];

	constructor(
		private readonly store: ProcessedStore,
		private readonly settleMs: number,
	) {}

	async claim(claims: RegistryClaim[]): Promise<RegistryVerdict[]> {
		const recordedBefore = await this.recordConfirmed(claims.map((claim) => entryOf(claim.key)));
		return claims.map((claim) =>
			recordedBefore.has(entryOf(claim.key))
				? { claimed: false, reason: 'recorded' }
				: { claimed: true },
		);
	}

	/** n8n's store has no read-only call: its record is read only by claiming. */
	async inspect(): Promise<undefined> {
		return undefined;
	}

	/** The claim already says "submitted": nothing to add. */
	async settle(): Promise<void> {}

	async release(keys: ReferenceKey[]): Promise<void> {
		await this.store.remove(keys.map(entryOf));
	}

	async finish(): Promise<void> {
		await this.store.remove(this.tokens);
	}

	/** Records the entries and confirms the record survived; returns those someone had recorded. */
	private async recordConfirmed(entries: string[]): Promise<Set<string>> {
		const recordedBefore = new Set<string>();
		let pending = entries;
		for (let attempt = 1; attempt <= CLAIM_ATTEMPTS; attempt++) {
			const token = `claim-token:${this.holder}:${attempt}`;
			this.tokens.push(token);
			// The token goes last: a store trimmed to maxEntries drops the entries before it.
			const processed = await this.store.record([...pending, token]);
			for (const entry of pending) if (processed.has(entry)) recordedBefore.add(entry);
			pending = pending.filter((entry) => !processed.has(entry));
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

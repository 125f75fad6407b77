/**
 * The node's access to n8n's processed-data store (the one Remove Duplicates uses, shared by
 * queue-mode workers through the database). Every call of this process for one workflow goes
 * through one lane, so the store's read-modify-write never overlaps with itself here.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { PayoutFailure } from '../../shared/errors';
import { inLane } from '../../shared/serial-lanes';

const SCOPE = 'workflow';
const OPTIONS = { mode: 'entries' as const };

/** Two first-ever inserts at once: the primary key refuses the second, and nothing was written. */
const FIRST_INSERT_CONFLICT = /UNIQUE constraint failed|duplicate key value|ER_DUP_ENTRY/i;
const CONFLICT_RETRIES = 4;

export class ProcessedStore {
	private readonly lane: string;

	/** The slowest call so far, in ms: a bound on how long this store takes between read and write. */
	slowestCallMs = 0;

	constructor(private readonly ctx: IExecuteFunctions) {
		this.lane = `processed-data:${ctx.getWorkflow().id ?? ''}`;
	}

	/** Records `keys`; returns those that were already recorded (by anyone, at any time). */
	async record(keys: string[]): Promise<Set<string>> {
		for (let attempt = 0; ; attempt++) {
			const outcome = await inLane(
				this.lane,
				async () =>
					await this.timed(
						async () => await this.ctx.helpers.checkProcessedAndRecord(keys, SCOPE, OPTIONS),
					),
			).then(
				(result) => ({ processed: new Set(result.processed.map(String)) }),
				(error: unknown) => ({ error }),
			);
			if ('processed' in outcome) return outcome.processed;
			// Another process created the workflow's record first: the row exists now, so the
			// retry takes the update path. Any other error is not retried: it may have written.
			const message = String((outcome.error as Error)?.message ?? outcome.error);
			if (attempt >= CONFLICT_RETRIES || !FIRST_INSERT_CONFLICT.test(message))
				throw storeFailure(message);
			await sleep(5 + attempt * 20);
		}
	}

	async remove(keys: string[]): Promise<void> {
		if (keys.length === 0) return;
		await inLane(
			this.lane,
			async () =>
				await this.timed(async () => await this.ctx.helpers.removeProcessed(keys, SCOPE, OPTIONS)),
		);
	}

	/** Measured inside the lane, so waiting for this process's own earlier calls does not count. */
	private async timed<T>(call: () => Promise<T>): Promise<T> {
		const started = Date.now();
		try {
			return await call();
		} finally {
			this.slowestCallMs = Math.max(this.slowestCallMs, Date.now() - started);
		}
	}
}

function storeFailure(message: string): PayoutFailure {
	return new PayoutFailure(
		'CLAIM_FAILED',
		`Could not record the references in n8n's processed-data store (${message.slice(0, 200)}), so nothing was sent.`,
		{
			kind: 'configuration',
			description:
				"Check n8n's database, then run the items again. If a reference now shows as duplicate although it was never paid, check the provider dashboard.",
		},
	);
}

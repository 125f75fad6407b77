/**
 * Batch plumbing: a bounded worker pool (never one promise per item, so memory stays flat in the
 * batch size) and a pacer shared by every request of an execution.
 */
import { sleep } from 'n8n-workflow';

/**
 * Runs `task(0..count-1)` with at most `concurrency` in flight. After the first failure, or once
 * `stopped()` says so, no new task starts; those in flight finish, then the failure of the lowest
 * index is thrown.
 */
export async function forEachBounded(
	count: number,
	concurrency: number,
	task: (index: number) => Promise<void>,
	stopped: () => boolean = () => false,
): Promise<void> {
	let next = 0;
	const failures: Array<{ index: number; error: unknown }> = [];
	const worker = async () => {
		while (failures.length === 0 && next < count && !stopped()) {
			const index = next++;
			try {
				await task(index);
			} catch (error) {
				failures.push({ index, error });
			}
		}
	};
	const workers = Math.max(1, Math.min(concurrency, count));
	await Promise.all(Array.from({ length: workers }, worker));
	if (failures.length > 0)
		throw failures.reduce((lowest, entry) => (entry.index < lowest.index ? entry : lowest)).error;
}

/**
 * Spaces request starts to at most `requestsPerSecond` (0 = no cap), and lets one 429 hold back
 * the whole batch until its Retry-After has passed, instead of every worker hitting the limit.
 */
export class RequestPacer {
	private nextStart = 0;

	private pausedUntil = 0;

	private readonly intervalMs: number;

	constructor(requestsPerSecond: number) {
		this.intervalMs = requestsPerSecond > 0 ? 1000 / requestsPerSecond : 0;
	}

	async acquire(): Promise<void> {
		for (;;) {
			const now = Date.now();
			if (this.pausedUntil > now) {
				await sleep(this.pausedUntil - now);
				continue;
			}
			const start = Math.max(now, this.nextStart);
			this.nextStart = start + this.intervalMs;
			if (start > now) await sleep(start - now);
			// A 429 that arrived while this request waited for its slot holds it back too.
			if (this.pausedUntil <= Date.now()) return;
		}
	}

	pause(ms: number): void {
		this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
	}
}

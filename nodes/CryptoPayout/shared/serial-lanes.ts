/**
 * Runs tasks of one lane one after another, in the order they were queued, across every
 * execution of this process. n8n's processed-data store reads a whole record, awaits, and writes
 * it back, so two overlapping calls on one workflow lose each other's entries (or collide on the
 * first insert); queued in one lane, this process's calls never overlap.
 */
const tails = new Map<string, Promise<void>>();

export async function inLane<T>(lane: string, task: () => Promise<T>): Promise<T> {
	const previous = tails.get(lane) ?? Promise.resolve();
	const run = previous.then(task);
	const tail = run.then(
		() => undefined,
		() => undefined,
	);
	tails.set(lane, tail);
	try {
		return await run;
	} finally {
		// The last task of a lane removes it, so idle workflows leave nothing behind.
		if (tails.get(lane) === tail) tails.delete(lane);
	}
}

/**
 * The n8n processes of an instance (instance.ts): `n8n start` (the editor, the REST API, the
 * webhooks) and `n8n worker` (queue mode), each a process group, with bounded readiness waits.
 */
import { http, killGroup, sleep, stopBackground, tail, type Background } from './processes';

/** A running n8n process (main or worker). */
export class N8nProcess {
	constructor(
		protected readonly state: Background,
		readonly name: string,
		protected readonly startTimeoutMs: number,
	) {}

	get pid(): number | undefined {
		return this.state.exited ? undefined : this.state.child.pid;
	}

	get exited(): boolean {
		return this.state.exited;
	}

	/** Resolves when the process has exited. */
	exitedPromise(): Promise<void> {
		if (this.state.exited) return Promise.resolve();
		return new Promise((resolve) => this.state.child.once('close', () => resolve()));
	}

	/** Its output so far. */
	get output(): string {
		return this.state.output;
	}

	/** The output a failure message shows: which process, and its last lines. */
	describe(lines = 30): string {
		return `${this.name}${this.exited ? ' (exited)' : ''}\n${tail(this.output, lines)}`;
	}

	async stop(timeoutMs = 30_000): Promise<void> {
		await stopBackground(this.state, timeoutMs);
	}

	/** `kill -9`, as a crash or the OOM killer: SIGKILL to its process group, no shutdown of any kind. */
	async kill(timeoutMs = 10_000): Promise<void> {
		killGroup(this.state.child, 'SIGKILL');
		const deadline = Date.now() + timeoutMs;
		while (!this.state.exited && Date.now() < deadline) await sleep(50);
		if (!this.state.exited) throw new Error(`${this.name} did not exit after SIGKILL`);
	}
}

/** `n8n start`: the editor, the REST API and the webhooks. */
export class N8nMain extends N8nProcess {
	/** Seconds from the start until the editor answered (after waitReady()). */
	startSeconds = 0;
	private readonly startedAt = Date.now();

	constructor(
		state: Background,
		name: string,
		/** http://127.0.0.1:PORT */
		readonly base: string,
		startTimeoutMs: number,
	) {
		super(state, name, startTimeoutMs);
	}

	get port(): number {
		return Number(new URL(this.base).port);
	}

	/** A production webhook's URL: <base>/webhook/<path>. */
	webhookUrl(webhookPath: string): string {
		return `${this.base}/webhook/${webhookPath}`;
	}

	/** Waits until `/healthz/readiness` answers 200 and `/rest/settings` is served. */
	async waitReady(): Promise<void> {
		await this.waitFor('the editor', async () => {
			const ready = await http('GET', `${this.base}/healthz/readiness`, { timeoutMs: 5_000 });
			if (ready.status !== 200) return false;
			return (
				(await http('GET', `${this.base}/rest/settings`, { timeoutMs: 10_000 })).status === 200
			);
		});
		this.startSeconds = (Date.now() - this.startedAt) / 1000;
	}

	/**
	 * Polls `probe` every 500 ms until it is true, within the start limit counted from `from` (the
	 * process start by default); a probe that throws is "not yet". Returns the seconds since `from`.
	 * Fails with the log's tail when n8n exits or time is up.
	 */
	async waitFor(
		what: string,
		probe: () => Promise<boolean>,
		{ from = this.startedAt }: { from?: number } = {},
	): Promise<number> {
		while (Date.now() - from < this.startTimeoutMs && !this.exited) {
			try {
				if (await probe()) return (Date.now() - from) / 1000;
			} catch {
				/* not listening yet */
			}
			await sleep(500);
		}
		throw new Error(
			`${this.exited ? 'n8n start exited' : `${what} was not ready within ${this.startTimeoutMs / 1000} s after n8n start`}\n${tail(this.output, 40)}`,
		);
	}
}

/** `n8n worker` (queue mode). */
export class N8nWorker extends N8nProcess {
	constructor(
		state: Background,
		name: string,
		readonly healthUrl: string,
		startTimeoutMs: number,
	) {
		super(state, name, startTimeoutMs);
	}

	/** Whether its `/healthz/readiness` answers 200 now. */
	async isReady(): Promise<boolean> {
		try {
			return (await http('GET', this.healthUrl, { timeoutMs: 3_000 })).status === 200;
		} catch {
			return false;
		}
	}
}

/** Waits until every worker's health check answers 200, within the start limit from `startedAt`. */
export async function waitForWorkers(
	workers: N8nWorker[],
	startedAt: number,
	timeoutMs: number,
): Promise<number> {
	const pending = new Set(workers);
	while (Date.now() - startedAt < timeoutMs) {
		for (const worker of [...pending]) {
			if (worker.exited) throw new Error(`${worker.name} exited\n${tail(worker.output, 30)}`);
			if (await worker.isReady()) pending.delete(worker);
		}
		if (pending.size === 0) return (Date.now() - startedAt) / 1000;
		await sleep(500);
	}
	throw new Error(
		`workers not ready within ${timeoutMs / 1000} s: ${[...pending].map((worker) => `${worker.name}\n${tail(worker.output, 15)}`).join('\n')}`,
	);
}

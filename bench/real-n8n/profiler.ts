/**
 * V8's CPU profiler in the running `n8n start`, one profile per batch: n8n runs with
 * `--inspect=127.0.0.1:<port>` (the kit's `nodeArgs`), and this connects to its inspector over
 * loopback (Chrome DevTools Protocol, Profiler domain: the same samples `--cpu-prof` writes, but
 * started and stopped around one batch, so start-up and other batches are not in it).
 *
 * Profiling costs the process CPU of its own (one sample every 250 µs): runs with --profile are
 * for where the time goes, not for the bench's figures.
 */
import { writeFileSync } from 'node:fs';
import type { Profiler } from 'node:inspector';
import path from 'node:path';

import { profileText, summarizeProfile, type ProfileSummary } from '../cpu-profile';

const SAMPLING_INTERVAL_US = 250;

export class InspectorProfiler {
	private nextId = 1;
	private readonly pending = new Map<
		number,
		{ resolve: (value: unknown) => void; reject: (error: Error) => void }
	>();

	private constructor(private readonly socket: WebSocket) {
		socket.addEventListener('message', (event) => {
			const message = JSON.parse(String(event.data)) as {
				id?: number;
				result?: unknown;
				error?: { message: string };
			};
			const waiting = message.id === undefined ? undefined : this.pending.get(message.id);
			if (!waiting) return;
			this.pending.delete(message.id!);
			if (message.error) waiting.reject(new Error(message.error.message));
			else waiting.resolve(message.result);
		});
	}

	/** Connects to the inspector of the process listening on 127.0.0.1:port. */
	static async connect(port: number): Promise<InspectorProfiler> {
		const targets = (await (
			await fetch(`http://127.0.0.1:${port}/json/list`, { signal: AbortSignal.timeout(10_000) })
		).json()) as Array<{ webSocketDebuggerUrl: string }>;
		if (!targets[0]) throw new Error(`no inspector target on 127.0.0.1:${port}`);
		const socket = new WebSocket(targets[0].webSocketDebuggerUrl);
		await new Promise<void>((resolve, reject) => {
			socket.addEventListener('open', () => resolve(), { once: true });
			socket.addEventListener('error', () => reject(new Error('inspector connection failed')), {
				once: true,
			});
		});
		const profiler = new InspectorProfiler(socket);
		await profiler.send('Profiler.enable');
		await profiler.send('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
		return profiler;
	}

	private async send<T>(method: string, params: object = {}): Promise<T> {
		const id = this.nextId++;
		const reply = new Promise<unknown>((resolve, reject) => {
			this.pending.set(id, { resolve, reject });
			setTimeout(() => {
				if (this.pending.delete(id)) reject(new Error(`inspector: ${method} got no answer`));
			}, 120_000).unref();
		});
		this.socket.send(JSON.stringify({ id, method, params }));
		return (await reply) as T;
	}

	async start(): Promise<void> {
		await this.send('Profiler.start');
	}

	async stop(): Promise<Profiler.Profile> {
		return (await this.send<{ profile: Profiler.Profile }>('Profiler.stop')).profile;
	}

	close(): void {
		this.socket.close();
	}
}

/** Profiles `body` (one batch), writes `<dir>/<label>.cpuprofile` and `<label>.txt`, returns the summary. */
export async function profiled<T>(
	profiler: InspectorProfiler | undefined,
	dir: string | undefined,
	label: string,
	payouts: number,
	body: () => Promise<T>,
): Promise<{ result: T; summary?: ProfileSummary }> {
	if (!profiler || !dir) return { result: await body() };
	await profiler.start();
	const outcome = await body().then(
		(value) => ({ value }),
		(error: unknown) => ({ error }),
	);
	const profile = await profiler.stop();
	if ('error' in outcome) throw outcome.error;
	writeFileSync(path.join(dir, `${label}.cpuprofile`), JSON.stringify(profile));
	const summary = summarizeProfile(profile, { payouts, top: 30 });
	writeFileSync(path.join(dir, `${label}.txt`), profileText(summary, label) + '\n');
	return { result: outcome.value, summary };
}

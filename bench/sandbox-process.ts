/** The sandbox gateway (bench/sandbox-child.ts) as a child process, driven over IPC. */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';

import type { Provider, SandboxUrls } from './common';
import type { SandboxCommand, SandboxRequest } from './sandbox-child';

export interface SandboxCounts {
	ledger: Record<Provider, number>;
	requests: Record<string, number>;
	/** The sandbox process's CPU time since the last reset. */
	cpuUs: number;
}

export class SandboxProcess {
	private nextId = 0;

	private readonly pending = new Map<number, (value: unknown) => void>();

	private constructor(
		private readonly child: ChildProcess,
		readonly urls: SandboxUrls,
	) {
		child.on('message', (message: { id?: number; result?: unknown }) => {
			if (message.id === undefined) return;
			this.pending.get(message.id)?.(message.result);
			this.pending.delete(message.id);
		});
	}

	/** `record`: the sandbox keeps every request it receives, for requests(). */
	static async start({ record = false } = {}): Promise<SandboxProcess> {
		const child = fork(path.join(__dirname, 'sandbox-child.js'), record ? ['--record'] : [], {
			stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
		});
		const urls = await new Promise<SandboxUrls>((resolve, reject) => {
			child.once('error', reject);
			child.once('exit', (code) =>
				reject(new Error(`The sandbox process exited (${code}) before it was ready`)),
			);
			child.once('message', (message: SandboxUrls & { ready?: boolean }) => resolve(message));
		});
		child.removeAllListeners('exit');
		child.on('exit', (code) => {
			if (code !== 0) console.error(`The sandbox process exited with code ${code}`);
		});
		return new SandboxProcess(child, urls);
	}

	private async call<T>(
		command: SandboxCommand extends infer C
			? C extends { id: number }
				? Omit<C, 'id'>
				: never
			: never,
	): Promise<T> {
		const id = ++this.nextId;
		return await new Promise<T>((resolve) => {
			this.pending.set(id, resolve as (value: unknown) => void);
			this.child.send({ ...command, id });
		});
	}

	/** The sandbox process's pid (for reading its CPU time from /proc). */
	get pid(): number | undefined {
		return this.child.pid;
	}

	async reset() {
		await this.call({ cmd: 'reset' });
	}

	async latency(ms: number) {
		await this.call({ cmd: 'latency', ms });
	}

	async counts() {
		return await this.call<SandboxCounts>({ cmd: 'ledger' });
	}

	/** Every request since the last reset (a sandbox started with `record` only). */
	async requests() {
		return await this.call<SandboxRequest[]>({ cmd: 'requests' });
	}

	/** Stops the sandbox; returns the CPU time (µs) the sandbox process used over its life, if it said. */
	async close(): Promise<number | undefined> {
		if (this.child.exitCode !== null) return undefined;
		const reply = await Promise.race([
			this.call<{ cpuUs: number }>({ cmd: 'close' }),
			new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 2000)),
		]);
		if (this.child.exitCode === null) this.child.kill();
		return reply?.cpuUs;
	}
}

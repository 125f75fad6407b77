/**
 * Child processes for the kit: every one in its own process group, stopped by group (SIGTERM, then
 * SIGKILL), every wait bounded. n8n can outlive a plain SIGTERM while it drains and leaves its
 * task-runner child behind, so nothing here signals a single pid.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import net from 'node:net';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function tail(text: string, lines = 25): string {
	return text.split('\n').slice(-lines).join('\n');
}

/** A free TCP port on 127.0.0.1 (free when asked; the caller binds it soon after). */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

/** Whether 127.0.0.1:port can be bound now. */
export function portIsFree(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

const children = new Set<ChildProcess>();
const exitHooks: Array<() => void> = [];

function alive(child: ChildProcess): boolean {
	return child.exitCode === null && child.signalCode === null;
}

export function killGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): void {
	if (!alive(child) || child.pid === undefined) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		try {
			child.kill(signal);
		} catch {
			/* gone */
		}
	}
}

/** A synchronous step for process exit, after the children are killed (e.g. removing a temp cluster). */
export function onExit(hook: () => void): void {
	exitHooks.push(hook);
}

/** Kills every process group the kit started, then runs the exit hooks (newest first). */
export function stopEverything(): void {
	for (const child of children) killGroup(child, 'SIGKILL');
	children.clear();
	while (exitHooks.length > 0) {
		try {
			exitHooks.pop()!();
		} catch {
			/* best effort */
		}
	}
}

let handlersInstalled = false;
/**
 * On exit and on SIGINT/SIGTERM/SIGHUP: stop everything. `onSignal` replaces the default for the
 * signals (kill, exit 130), e.g. to let n8n close its database first.
 */
export function stopEverythingOnExit(onSignal?: (signal: NodeJS.Signals) => void): void {
	if (!handlersInstalled) process.on('exit', stopEverything);
	handlersInstalled = true;
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		process.removeAllListeners(signal);
		process.on(signal, () => {
			if (onSignal) return onSignal(signal);
			stopEverything();
			process.exit(130);
		});
	}
}

export interface RunResult {
	/** The exit code; 124 when the timeout killed it. */
	code: number;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
	timedOut: boolean;
	ms: number;
}

export interface RunOptions {
	env?: NodeJS.ProcessEnv;
	cwd?: string;
	timeoutMs: number;
	input?: string;
	/** Let its stderr through to this process's stderr (progress of a long install) instead of keeping it. */
	passStderr?: boolean;
}

/** Runs a command to completion in its own process group; the group is killed after timeoutMs. */
export function run(command: string, argv: string[], options: RunOptions): Promise<RunResult> {
	return new Promise((resolve) => {
		const started = Date.now();
		const child = spawn(command, argv, {
			cwd: options.cwd,
			env: options.env,
			detached: true,
			stdio: ['pipe', 'pipe', options.passStderr ? 'inherit' : 'pipe'],
		});
		children.add(child);
		let stdout = '';
		let stderr = '';
		let timedOut = false;
		child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		const timer = setTimeout(() => {
			timedOut = true;
			killGroup(child, 'SIGKILL');
		}, options.timeoutMs);
		child.on('error', (error) => (stderr += String(error)));
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			children.delete(child);
			resolve({
				code: timedOut ? 124 : (code ?? 128),
				signal,
				stdout,
				stderr,
				timedOut,
				ms: Date.now() - started,
			});
		});
		child.stdin!.on('error', () => {});
		child.stdin!.end(options.input ?? '');
	});
}

/** A long-running process: its output is appended to a log file and kept in memory. */
export interface Background {
	readonly child: ChildProcess;
	/** Everything it printed so far (up to `keepOutput` characters). */
	output: string;
	exited: boolean;
}

export function startBackground(
	command: string,
	argv: string[],
	options: { env?: NodeJS.ProcessEnv; cwd?: string; logFile?: string; keepOutput?: number },
): Background {
	const child = spawn(command, argv, {
		cwd: options.cwd,
		env: options.env,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	children.add(child);
	const keep = options.keepOutput ?? Infinity;
	const state: Background = { child, output: '', exited: false };
	const append = (chunk: Buffer | string) => {
		const text = chunk.toString();
		if (state.output.length < keep) state.output += text;
		if (options.logFile) appendFileSync(options.logFile, text);
	};
	child.stdout!.on('data', append);
	child.stderr!.on('data', append);
	child.on('error', (error) => append(`\n${error}\n`));
	child.on('close', () => {
		state.exited = true;
		children.delete(child);
	});
	return state;
}

/** SIGTERM to the group, then SIGKILL after timeoutMs; resolves once it has exited. */
export async function stopBackground(
	state: Background | undefined,
	timeoutMs = 30_000,
): Promise<void> {
	if (!state || state.exited) return;
	killGroup(state.child, 'SIGTERM');
	const deadline = Date.now() + timeoutMs;
	while (!state.exited && Date.now() < deadline) await sleep(200);
	if (!state.exited) {
		killGroup(state.child, 'SIGKILL');
		const hard = Date.now() + 10_000;
		while (!state.exited && Date.now() < hard) await sleep(100);
	}
}

export interface HttpReply {
	status: number;
	text: string;
	json: unknown;
	headers: Headers;
}

/** One loopback HTTP request; `body` is sent as JSON unless it is already a string. */
export async function http(
	method: string,
	url: string,
	options: { body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<HttpReply> {
	const { body, headers = {}, timeoutMs = 15_000 } = options;
	const response = await fetch(url, {
		method,
		headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
		signal: AbortSignal.timeout(timeoutMs),
	});
	const text = await response.text();
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: response.status, text, json, headers: response.headers };
}

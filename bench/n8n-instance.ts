/**
 * A real n8n instance for the benchmark (bench/real-n8n.ts): the n8n CLI installed by
 * e2e/install-n8n.sh, a fresh N8N_USER_FOLDER with the packed package installed the way n8n installs
 * community packages, its SQLite database, `n8n start` in regular mode on 127.0.0.1, and the CPU
 * time of its process from /proc.
 *
 * Every child is started in its own process group and stopped by group (SIGTERM, then SIGKILL);
 * every wait is bounded. Nothing listens anywhere but 127.0.0.1.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
	appendFileSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';

import { sleep } from './common';

// ---------------------------------------------------------------------------------------------
// Processes

const children = new Set<ChildProcess>();

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

/** Kills every process group this module started (on exit, on a signal, on the watchdog). */
export function killAllChildren(): void {
	for (const child of children) killGroup(child, 'SIGKILL');
	children.clear();
}

export interface RunResult {
	code: number;
	stdout: string;
	stderr: string;
	timedOut: boolean;
	ms: number;
}

/** Runs a command to completion in its own process group; the group is killed after timeoutMs. */
export function runCommand(
	command: string,
	argv: string[],
	options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs: number },
): Promise<RunResult> {
	return new Promise((resolve) => {
		const started = Date.now();
		const child = spawn(command, argv, {
			cwd: options.cwd,
			env: options.env,
			detached: true,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		children.add(child);
		let stdout = '';
		let stderr = '';
		let timedOut = false;
		child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		const timer = setTimeout(() => {
			timedOut = true;
			killGroup(child, 'SIGKILL');
		}, options.timeoutMs);
		child.on('error', (error) => (stderr += String(error)));
		child.on('close', (code) => {
			clearTimeout(timer);
			children.delete(child);
			resolve({
				code: timedOut ? 124 : (code ?? 128),
				stdout,
				stderr,
				timedOut,
				ms: Date.now() - started,
			});
		});
	});
}

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

export function tail(text: string, lines = 25): string {
	return text.split('\n').slice(-lines).join('\n');
}

// ---------------------------------------------------------------------------------------------
// CPU time from /proc (user + system, all threads, in µs)

let clockTicks: number | undefined;
function ticksPerSecond(): number {
	if (clockTicks === undefined) {
		try {
			clockTicks =
				Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8', timeout: 5_000 }).trim()) ||
				100;
		} catch {
			clockTicks = 100;
		}
	}
	return clockTicks;
}

/** Fields of /proc/<pid>/stat after the command name: [0] = state (field 3), [2] = pgrp, [11] = utime, [12] = stime. */
function statFields(pid: number): string[] | undefined {
	try {
		const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
		return text
			.slice(text.lastIndexOf(')') + 2)
			.trim()
			.split(/\s+/);
	} catch {
		return undefined;
	}
}

/** user + system CPU time of one process (every thread, living or exited), in µs; undefined if it is gone. */
export function processCpuUs(pid: number): number | undefined {
	const fields = statFields(pid);
	if (!fields) return undefined;
	return ((Number(fields[11]) + Number(fields[12])) * 1e6) / ticksPerSecond();
}

/** CPU time of every living process in a process group, in µs (the group's leader included). */
export function groupCpuUs(pgid: number): number {
	let total = 0;
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		const fields = statFields(Number(entry));
		if (fields && Number(fields[2]) === pgid)
			total += ((Number(fields[11]) + Number(fields[12])) * 1e6) / ticksPerSecond();
	}
	return total;
}

/** Busy and total CPU time of the whole machine so far, in seconds (/proc/stat). */
export function machineCpuSeconds(): { busy: number; total: number } | undefined {
	try {
		const fields = readFileSync('/proc/stat', 'utf8')
			.split('\n')[0]
			.trim()
			.split(/\s+/)
			.slice(1)
			.map(Number);
		const [user, nice, system, idle, iowait = 0, irq = 0, softirq = 0, steal = 0] = fields;
		const busy = user + nice + system + irq + softirq + steal;
		const hz = ticksPerSecond();
		return { busy: busy / hz, total: (busy + idle + iowait) / hz };
	} catch {
		return undefined;
	}
}

// ---------------------------------------------------------------------------------------------
// The n8n instance

export interface N8nInstanceOptions {
	/** The install folder from e2e/install-n8n.sh (holds node_modules/n8n). */
	n8nDir: string;
	/** The Node that runs n8n (n8n 2.41 needs Node 24). */
	node: string;
	log: (text: string) => void;
	cliTimeoutMs?: number;
	startTimeoutMs?: number;
}

export interface ExecutionRow {
	id: number;
	status: string;
	mode: string;
	startedAt: string | null;
	stoppedAt: string | null;
	/** `resultData.error.message` of a failed run. */
	error?: string;
	/** The run's `resultData.runData`, parsed (flatted). */
	runData: Record<
		string,
		Array<{
			startTime: number;
			executionTime: number;
			executionStatus?: string;
			data?: { main?: Array<Array<{ json: Record<string, unknown> }>> };
		}>
	>;
}

export class N8nInstance {
	readonly work: string;
	readonly home: string;
	readonly n8nBin: string;
	readonly version: string;
	port = 0;
	private server?: { child: ChildProcess; output: string; exited: boolean };
	private readonly cliTimeoutMs: number;
	private readonly startTimeoutMs: number;

	constructor(private readonly options: N8nInstanceOptions) {
		this.n8nBin = path.join(options.n8nDir, 'node_modules', 'n8n', 'bin', 'n8n');
		if (!existsSync(this.n8nBin))
			throw new Error(`${this.n8nBin} is missing: run bash e2e/install-n8n.sh first`);
		this.version = (
			JSON.parse(
				readFileSync(path.join(options.n8nDir, 'node_modules', 'n8n', 'package.json'), 'utf8'),
			) as { version: string }
		).version;
		this.work = mkdtempSync(path.join(os.tmpdir(), 'crypto-payout-bench-n8n-'));
		this.home = path.join(this.work, 'home');
		mkdirSync(path.join(this.home, '.n8n', 'nodes'), { recursive: true });
		this.cliTimeoutMs = options.cliTimeoutMs ?? 180_000;
		this.startTimeoutMs = options.startTimeoutMs ?? 180_000;
	}

	get databaseFile(): string {
		return path.join(this.home, '.n8n', 'database.sqlite');
	}

	get pid(): number | undefined {
		return this.server && !this.server.exited ? this.server.child.pid : undefined;
	}

	get baseUrl(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	/** A clean environment: no proxy variables, no telemetry, everything on 127.0.0.1, SQLite, regular mode. */
	env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
		return {
			PATH: `${path.dirname(this.options.node)}:${process.env.PATH ?? ''}`,
			HOME: process.env.HOME ?? this.home,
			LANG: process.env.LANG ?? 'C.UTF-8',
			TMPDIR: process.env.TMPDIR ?? os.tmpdir(),
			N8N_USER_FOLDER: this.home,
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_LOG_LEVEL: 'info',
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			DB_TYPE: 'sqlite',
			EXECUTIONS_MODE: 'regular',
			...extra,
		};
	}

	async cli(argv: string[]): Promise<RunResult> {
		const env = this.env({ N8N_RUNNERS_BROKER_PORT: String(await freePort()) });
		const result = await runCommand(this.options.node, [this.n8nBin, ...argv], {
			env,
			cwd: this.work,
			timeoutMs: this.cliTimeoutMs,
		});
		if (result.code !== 0) {
			throw new Error(
				`n8n ${argv[0]} exited ${result.code}${result.timedOut ? ' (timed out)' : ''}\n${tail(result.stdout + result.stderr)}`,
			);
		}
		return result;
	}

	/** The packed tarball into .n8n/nodes, as n8n installs a community package. */
	async installPackage(tarball: string, packageName: string): Promise<void> {
		const nodesDir = path.join(this.home, '.n8n', 'nodes');
		writeFileSync(
			path.join(nodesDir, 'package.json'),
			JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2),
		);
		const result = await runCommand(
			'npm',
			[
				'install',
				'--omit=peer',
				'--legacy-peer-deps',
				'--no-audit',
				'--no-fund',
				'--loglevel=error',
				tarball,
			],
			{
				cwd: nodesDir,
				env: {
					...process.env,
					PATH: `${path.dirname(this.options.node)}:${process.env.PATH ?? ''}`,
				},
				timeoutMs: 180_000,
			},
		);
		if (result.code !== 0)
			throw new Error(`npm install of ${tarball} exited ${result.code}\n${tail(result.stderr)}`);
		const installed = path.join(nodesDir, 'node_modules', packageName);
		if (!existsSync(path.join(installed, 'package.json')))
			throw new Error(`${packageName} is not in .n8n/nodes/node_modules`);
		if (existsSync(path.join(installed, 'node_modules', 'n8n-workflow')))
			throw new Error('n8n-workflow was installed next to the package');
	}

	async importJson(
		kind: 'credentials' | 'workflow',
		name: string,
		data: unknown,
	): Promise<RunResult> {
		const file = path.join(this.work, `${name}.json`);
		writeFileSync(file, JSON.stringify(data, null, 2));
		return await this.cli([`import:${kind}`, `--input=${file}`]);
	}

	/** Opens n8n's SQLite database (WAL: reading while n8n runs is safe). */
	db(readOnly: boolean): DatabaseSync {
		return new DatabaseSync(this.databaseFile, { readOnly });
	}

	/**
	 * Publishes imported workflows the way `n8n publish:workflow --id=<id>` does
	 * (WorkflowRepository.publishVersion: `active = true, activeVersionId = versionId` after checking
	 * that the version exists in workflow_history), in one transaction instead of one n8n CLI start
	 * (~6 s) per workflow. Only before `n8n start`: a running n8n would not notice.
	 */
	publishWorkflows(ids: string[]): void {
		if (this.pid) throw new Error('publishWorkflows: n8n is running');
		const db = this.db(false);
		try {
			db.exec('BEGIN');
			for (const id of ids) {
				const workflow = db
					.prepare('SELECT versionId, isArchived FROM workflow_entity WHERE id = ?')
					.get(id) as { versionId: string; isArchived: number } | undefined;
				if (!workflow) throw new Error(`publish: workflow ${id} not found`);
				if (workflow.isArchived) throw new Error(`publish: workflow ${id} is archived`);
				const version = db
					.prepare('SELECT versionId FROM workflow_history WHERE workflowId = ? AND versionId = ?')
					.get(id, workflow.versionId);
				if (!version)
					throw new Error(
						`publish: version ${workflow.versionId} of ${id} not in workflow_history`,
					);
				db.prepare('UPDATE workflow_entity SET active = 1, activeVersionId = ? WHERE id = ?').run(
					workflow.versionId,
					id,
				);
			}
			db.exec('COMMIT');
		} catch (error) {
			db.exec('ROLLBACK');
			throw error;
		} finally {
			db.close();
		}
	}

	/** Columns of a table, for checking that a direct write matches the schema n8n's migrations made. */
	tableColumns(table: string): string[] {
		const db = this.db(true);
		try {
			return (db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map(
				(column) => column.name,
			);
		} finally {
			db.close();
		}
	}

	/** `n8n start` (regular mode, SQLite) on a free 127.0.0.1 port; resolves once /healthz/readiness answers 200. */
	async start(): Promise<void> {
		this.port = await freePort();
		const env = this.env({
			N8N_PORT: String(this.port),
			N8N_HOST: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			WEBHOOK_URL: `${this.baseUrl}/`,
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			N8N_SECURE_COOKIE: 'false',
		});
		const logFile = path.join(this.work, 'n8n-start.log');
		const child = spawn(this.options.node, [this.n8nBin, 'start'], {
			cwd: this.work,
			env,
			detached: true,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		children.add(child);
		const server = { child, output: '', exited: false };
		this.server = server;
		const append = (chunk: Buffer) => {
			const text = chunk.toString();
			if (server.output.length < 1_000_000) server.output += text;
			appendFileSync(logFile, text);
		};
		child.stdout!.on('data', append);
		child.stderr!.on('data', append);
		child.on('close', () => {
			server.exited = true;
			children.delete(child);
		});
		const started = Date.now();
		while (Date.now() - started < this.startTimeoutMs && !server.exited) {
			try {
				const response = await fetch(`${this.baseUrl}/healthz/readiness`, {
					signal: AbortSignal.timeout(5_000),
				});
				if (response.status === 200) {
					this.options.log(
						`n8n ${this.version} started (pid ${child.pid}, port ${this.port}) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
					);
					return;
				}
			} catch {
				/* not listening yet */
			}
			await sleep(300);
		}
		throw new Error(
			`${server.exited ? 'n8n start exited' : `n8n start not ready within ${this.startTimeoutMs / 1000} s`}\n${tail(server.output, 40)}`,
		);
	}

	/** The n8n log so far (for error messages). */
	output(): string {
		return this.server?.output ?? '';
	}

	async stop(timeoutMs = 30_000): Promise<void> {
		const server = this.server;
		if (!server || server.exited) return;
		killGroup(server.child, 'SIGTERM');
		const deadline = Date.now() + timeoutMs;
		while (!server.exited && Date.now() < deadline) await sleep(200);
		if (!server.exited) {
			killGroup(server.child, 'SIGKILL');
			const hard = Date.now() + 10_000;
			while (!server.exited && Date.now() < hard) await sleep(100);
		}
	}

	/** The highest execution id so far (0 if none). */
	lastExecutionId(): number {
		const db = this.db(true);
		try {
			return Number(
				(
					db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM execution_entity').get() as {
						id: number;
					}
				).id,
			);
		} finally {
			db.close();
		}
	}

	/**
	 * Waits (bounded) until an execution of the workflow newer than `afterId` has finished and its
	 * data is saved, then returns it with its runData parsed.
	 */
	async waitForExecution(
		workflowId: string,
		afterId: number,
		timeoutMs: number,
	): Promise<ExecutionRow> {
		const flatted = createRequire(
			path.join(this.options.n8nDir, 'node_modules', 'n8n', 'package.json'),
		)('flatted') as { parse: (text: string) => unknown };
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			const db = this.db(true);
			let row:
				| {
						id: number;
						status: string;
						mode: string;
						startedAt: string | null;
						stoppedAt: string | null;
						data: string | null;
				  }
				| undefined;
			try {
				row = db
					.prepare(
						`SELECT e.id AS id, e.status AS status, e.mode AS mode, e.startedAt AS startedAt, e.stoppedAt AS stoppedAt, d.data AS data
						 FROM execution_entity e LEFT JOIN execution_data d ON d.executionId = e.id
						 WHERE e.workflowId = ? AND e.id > ? AND e.stoppedAt IS NOT NULL
						   AND e.status NOT IN ('new', 'running', 'waiting')
						 ORDER BY e.id LIMIT 1`,
					)
					.get(workflowId, afterId) as typeof row;
			} finally {
				db.close();
			}
			if (row && row.data) {
				const data = flatted.parse(row.data) as {
					resultData?: { runData?: ExecutionRow['runData']; error?: { message?: string } };
				};
				return {
					id: Number(row.id),
					status: row.status,
					mode: row.mode,
					startedAt: row.startedAt,
					stoppedAt: row.stoppedAt,
					error: data.resultData?.error?.message,
					runData: data.resultData?.runData ?? {},
				};
			}
			if (!this.pid)
				throw new Error(
					`n8n exited while waiting for an execution of ${workflowId}\n${tail(this.output(), 40)}`,
				);
			await sleep(100);
		}
		throw new Error(
			`no finished execution of ${workflowId} after #${afterId} within ${timeoutMs / 1000} s`,
		);
	}

	removeWorkFolder(): void {
		rmSync(this.work, { recursive: true, force: true });
	}
}

// ---------------------------------------------------------------------------------------------
// n8n's processed-data store, written directly (packages/cli/src/deduplication/deduplication-helper.ts)

/** One stored entry as n8n makes it: `createHash('md5').update(value.toString()).digest('base64')`. */
export function processedEntry(value: string): string {
	return createHash('md5').update(value).digest('base64');
}

/**
 * n8n's timestamp columns on SQLite: `datetime` with default STRFTIME('%Y-%m-%d %H:%M:%f', 'NOW'),
 * i.e. UTC 'YYYY-MM-DD HH:MM:SS.SSS'.
 */
export function sqliteTimestamp(date = new Date()): string {
	return date.toISOString().replace('T', ' ').replace('Z', '');
}

/**
 * The row `checkProcessedAndRecord(items, 'workflow', ..., { mode: 'entries' })` keeps for a
 * workflow: primary key (workflowId, context ''), `value` = TypeORM simple-json =
 * JSON.stringify({ mode: 'entries', data: [entry, …] }) in a TEXT column.
 */
export function seedProcessedData(db: DatabaseSync, workflowId: string, entries: string[]): void {
	const now = sqliteTimestamp();
	db.prepare('DELETE FROM processed_data WHERE workflowId = ? AND context = ?').run(workflowId, '');
	db.prepare(
		'INSERT INTO processed_data (workflowId, context, value, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?)',
	).run(workflowId, '', JSON.stringify({ mode: 'entries', data: entries }), now, now);
}

export interface ProcessedRow {
	value: string;
	createdAt: string;
	updatedAt: string;
	typeofValue: string;
}

export function readProcessedData(db: DatabaseSync, workflowId: string): ProcessedRow | undefined {
	return db
		.prepare(
			'SELECT value, createdAt, updatedAt, typeof(value) AS typeofValue FROM processed_data WHERE workflowId = ? AND context = ?',
		)
		.get(workflowId, '') as ProcessedRow | undefined;
}

/**
 * One n8n: an install (install.ts) with a user folder holding this package as a community package,
 * in regular mode (SQLite) or queue mode (Postgres + Redis, main and workers). Its CLI imports
 * credentials and workflows, publishes and executes them; `n8n start` and `n8n worker` run as
 * process groups; its database is read from outside (database.ts).
 *
 *   const n8n = new N8nInstance({ install: await installN8n('2.41.1'), work: makeWorkFolder('x-') });
 *   await n8n.installPackage(tarball);
 *   await n8n.importCredentials(await sandbox.credentials());
 *   await n8n.importWorkflows([workflow]);
 *   const { run } = await n8n.execute(workflow.id);          // or: await n8n.publish(id); await n8n.start()
 *   await n8n.stopAll();
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {
	PostgresDatabase,
	type Execution,
	type ExecutionQuery,
	type N8nDatabase,
} from './database';
import type { N8nInstall } from './install';
import { installCommunityPackage, PACKAGE_NAME } from './community-package';
import { mainEnvironment, n8nEnvironment, workerEnvironment } from './environment';
import { N8nMain, N8nWorker, type N8nProcess } from './n8n-process';
import {
	freePort,
	run,
	sleep,
	startBackground,
	tail,
	type Background,
	type RunResult,
} from './processes';
import type { CredentialJson } from './sandbox';
import type { QueueServices } from './services';
import { SqliteDatabase } from './sqlite';
import {
	DOCKER_FILES_FOLDER,
	loadWorkflow,
	parseRun,
	type RunJson,
	type WorkflowJson,
} from './workflow-json';

/** A fresh folder in the system's temp folder. */
export function makeWorkFolder(prefix: string): string {
	return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface N8nInstanceOptions {
	install: N8nInstall;
	/** This instance's folder: CLI input files, and by default the user folder, files and logs. */
	work: string;
	/** N8N_USER_FOLDER (n8n appends /.n8n); default <work>/home. */
	home?: string;
	/** n8n's file folder (N8N_RESTRICT_FILE_ACCESS_TO); default <work>/files. */
	files?: string;
	/** Where process logs go; default <work>. */
	logs?: string;
	/** One key for every process from the first command on (queue-mode workers need it). */
	encryptionKey?: string;
	/** Queue mode on these services; regular mode (SQLite) without. */
	queue?: QueueServices;
	/** Limit per CLI command (E2E_CLI_TIMEOUT_MS, 180 s). */
	cliTimeoutMs?: number;
	/** Limit for `n8n start` and workers to be ready (E2E_START_TIMEOUT_MS, 180 s). */
	startTimeoutMs?: number;
}

export interface ExecuteResult extends RunResult {
	/** The run JSON it printed (undefined when there is none). */
	run: RunJson | undefined;
}

export class N8nInstance {
	readonly install: N8nInstall;
	readonly work: string;
	readonly home: string;
	readonly files: string;
	readonly logs: string;
	readonly queue?: QueueServices;
	readonly database: N8nDatabase;
	readonly cliTimeoutMs: number;
	readonly startTimeoutMs: number;
	readonly encryptionKey?: string;
	private readonly processes = new Set<N8nProcess>();

	constructor(options: N8nInstanceOptions) {
		this.install = options.install;
		this.work = options.work;
		this.home = options.home ?? path.join(options.work, 'home');
		this.files = options.files ?? path.join(options.work, 'files');
		this.logs = options.logs ?? options.work;
		this.queue = options.queue;
		this.encryptionKey = options.encryptionKey;
		this.cliTimeoutMs = options.cliTimeoutMs ?? Number(process.env.E2E_CLI_TIMEOUT_MS ?? 180_000);
		this.startTimeoutMs =
			options.startTimeoutMs ?? Number(process.env.E2E_START_TIMEOUT_MS ?? 180_000);
		for (const dir of [this.work, path.join(this.home, '.n8n', 'nodes'), this.files, this.logs])
			mkdirSync(dir, { recursive: true });
		this.database = this.queue
			? new PostgresDatabase(this.queue.postgres, this.install.dir)
			: new SqliteDatabase(path.join(this.home, '.n8n', 'database.sqlite'), this.install.dir);
	}

	get mode(): 'regular' | 'queue' {
		return this.queue ? 'queue' : 'regular';
	}

	/** The SQLite database (regular mode only), for the reads and writes only SQLite offers. */
	get sqlite(): SqliteDatabase {
		if (!(this.database instanceof SqliteDatabase)) throw new Error('not on SQLite (queue mode)');
		return this.database;
	}

	/** The installed package's folder in the user folder. */
	get packageDir(): string {
		return path.join(this.home, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME);
	}

	/** The environment of every n8n process of this instance (environment.ts), plus `extra`. */
	env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
		return { ...n8nEnvironment(this), ...extra };
	}

	/** One CLI command, with its own task-broker port (two at once would clash on 5679). */
	async cli(argv: string[], { timeoutMs = this.cliTimeoutMs } = {}): Promise<RunResult> {
		const env = this.env({ N8N_RUNNERS_BROKER_PORT: String(await freePort()) });
		return await run(this.install.node, [this.install.bin, ...argv], {
			env,
			cwd: this.work,
			timeoutMs,
		});
	}

	/** cli(), failing with its output when it exits non-zero. */
	private async cliOrFail(argv: string[], what: string): Promise<RunResult> {
		const result = await this.cli(argv);
		if (result.code !== 0)
			throw new Error(
				`${what} exited ${result.code}${result.timedOut ? ' (timed out)' : ''}\n${tail(result.stdout + result.stderr)}`,
			);
		return result;
	}

	/** What `n8n --version` prints. */
	async n8nVersion(): Promise<string> {
		return (await this.cli(['--version'], { timeoutMs: 60_000 })).stdout.trim();
	}

	/** The packed package into this user folder, as n8n installs a community package (community-package.ts). */
	async installPackage(tarball: string, packageName = PACKAGE_NAME): Promise<string> {
		return await installCommunityPackage({
			home: this.home,
			tarball,
			nodeBinDir: this.install.nodeBinDir,
			packageName,
		});
	}

	/** `n8n import:credentials`; `data` as plain objects is encrypted with the instance key. */
	async importCredentials(credentials: CredentialJson[]): Promise<RunResult> {
		const file = path.join(this.work, 'credentials.json');
		writeFileSync(file, JSON.stringify(credentials));
		return await this.cliOrFail(['import:credentials', `--input=${file}`], 'import:credentials');
	}

	/**
	 * `n8n import:workflow` of one or more workflows in one CLI call. `activeFromJson`: let the
	 * import activate them as their JSON says (queue mode allows it; regular mode needs publish()).
	 */
	async importWorkflows(
		workflows: WorkflowJson | WorkflowJson[],
		{ activeFromJson = false } = {},
	): Promise<RunResult> {
		const list = Array.isArray(workflows) ? workflows : [workflows];
		const ids = list.map((workflow) => workflow.id);
		const file = path.join(this.work, `workflow-${ids.join('+').slice(0, 200)}.json`);
		writeFileSync(file, JSON.stringify(workflows, null, 2));
		const flags = activeFromJson ? ['--activeState=fromJson'] : [];
		return await this.cliOrFail(
			['import:workflow', `--input=${file}`, ...flags],
			`import:workflow ${ids.join(', ')}`,
		);
	}

	/** A workflow file of the repository, reading its CSV files from this instance's file folder. */
	workflow(relativePath: string, substitutions: Record<string, string> = {}): WorkflowJson {
		return loadWorkflow(relativePath, {
			[DOCKER_FILES_FOLDER]: `${this.files}/`,
			...substitutions,
		});
	}

	/** Activates an imported workflow: `publish:workflow` (2.x), else the classic active flag. */
	async publish(id: string): Promise<RunResult> {
		const published = await this.cli(['publish:workflow', `--id=${id}`]);
		if (published.code === 0) return published;
		const activated = await this.cli(['update:workflow', `--id=${id}`, '--active=true']);
		if (activated.code !== 0)
			throw new Error(
				`could not activate workflow ${id}\n${tail(published.stdout + published.stderr + activated.stdout + activated.stderr)}`,
			);
		return activated;
	}

	/** `n8n execute --id=<id> --rawOutput`: starts at its Manual Trigger; runs in this process even in queue mode. */
	async execute(id: string): Promise<ExecuteResult> {
		const result = await this.cli(['execute', `--id=${id}`, '--rawOutput']);
		return { ...result, run: parseRun(result.stdout) };
	}

	/**
	 * `n8n start` on 127.0.0.1:port (default a free one). Unless `wait` is false, resolves once the
	 * editor answers (`/healthz/readiness` 200, `/rest/settings` served). Its log is <logs>/<name>.log.
	 * `nodeArgs` go to the Node running n8n, before bin/n8n: `--cpu-prof`, `--inspect=127.0.0.1:PORT`…
	 */
	async start({
		port,
		name = 'n8n-start',
		wait = true,
		nodeArgs = [],
	}: { port?: number; name?: string; wait?: boolean; nodeArgs?: string[] } = {}): Promise<N8nMain> {
		const listen = port ?? (await freePort());
		const base = `http://127.0.0.1:${listen}`;
		const env = this.env({
			...mainEnvironment(listen, await freePort()),
			N8N_EVENTBUS_LOGWRITER_LOGFULLPATH: path.join(this.logs, `events-${name}.log`),
		});
		const main = new N8nMain(
			this.spawn(['start'], env, name, nodeArgs),
			name,
			base,
			this.startTimeoutMs,
		);
		this.processes.add(main);
		if (wait) await main.waitReady();
		return main;
	}

	/** `n8n worker --concurrency=N` (queue mode), with its own broker and health-check ports. */
	async startWorker({
		name,
		concurrency,
	}: {
		name: string;
		concurrency: number;
	}): Promise<N8nWorker> {
		const healthPort = await freePort();
		const env = this.env({
			...workerEnvironment(healthPort, await freePort()),
			N8N_EVENTBUS_LOGWRITER_LOGFULLPATH: path.join(this.logs, `events-${name}.log`),
		});
		const worker = new N8nWorker(
			this.spawn(['worker', `--concurrency=${concurrency}`], env, name),
			name,
			`http://127.0.0.1:${healthPort}/healthz/readiness`,
			this.startTimeoutMs,
		);
		this.processes.add(worker);
		return worker;
	}

	private spawn(
		argv: string[],
		env: NodeJS.ProcessEnv,
		name: string,
		nodeArgs: string[] = [],
	): Background {
		return startBackground(this.install.node, [...nodeArgs, this.install.bin, ...argv], {
			env,
			cwd: this.work,
			logFile: path.join(this.logs, `${name}.log`),
			keepOutput: 4_000_000,
		});
	}

	/** Executions of a workflow, read from the database (SQLite or Postgres). */
	async executions(workflowId: string, query?: ExecutionQuery): Promise<Execution[]> {
		return await this.database.executions(workflowId, query);
	}

	/**
	 * Waits (bounded) until an execution of the workflow newer than `afterId` has finished and its
	 * data is saved; fails early when `main` exits.
	 */
	async waitForExecution(
		workflowId: string,
		afterId: number,
		{ timeoutMs, main }: { timeoutMs: number; main?: N8nMain },
	): Promise<Execution> {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			const [execution] = await this.database.executions(workflowId, {
				afterId,
				finished: true,
				withData: true,
			});
			if (execution) return execution;
			if (main?.exited)
				throw new Error(
					`n8n exited while waiting for an execution of ${workflowId}\n${tail(main.output, 40)}`,
				);
			await sleep(100);
		}
		throw new Error(
			`no finished execution of ${workflowId} after #${afterId} within ${timeoutMs / 1000} s`,
		);
	}

	/** Stops every n8n process of this instance (by process group). */
	async stopAll(): Promise<void> {
		await Promise.all([...this.processes].map((child) => child.stop()));
		this.processes.clear();
	}

	removeWorkFolder(): void {
		rmSync(this.work, { recursive: true, force: true });
	}
}

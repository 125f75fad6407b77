/**
 * What the ledger checks run on: queue mode (the kit's throw-away Postgres + Redis, `n8n start`
 * and two workers) with the ledger in a schema of the Postgres n8n itself runs on, the
 * credentials and webhook workflows of workflows.ts imported and active; and what every check is
 * given (LedgerRun).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';

import {
	installCommunityPackage,
	N8nInstance,
	postgresUrl,
	startQueueServices,
	waitForWorkers,
	type N8nInstall,
	type N8nMain,
	type N8nWorker,
	type Postgres,
	type QueueServices,
	type SandboxGateway,
	type SandboxUrls,
} from '../kit';
import type { Reporter } from '../runner';
import { waitForHooks } from '../webhook-batch';
import { ledgerCredentials, LEDGER_SCHEMA, type Hook, type Hooks } from './workflows';

/** What every check gets. */
export interface LedgerRun {
	reporter: Reporter;
	sandbox: SandboxGateway;
	postgres: Postgres;
	hooks: Hooks;
	ledgerUrl: string;
	/** The sandbox's latency for every check but the kill. */
	latencyMs: number;
	/** The table printed at the end. */
	numbers: NumbersRow[];
}

export interface NumbersRow {
	mode: string;
	what: string;
	payouts: string;
	paidTwice: number;
	items: string;
	peak?: number;
	perWorker?: string;
	seconds: number;
}

/** n8n in queue mode with its workers at one --concurrency. */
export interface Mode {
	label: string;
	short: 'Q1' | 'Q5';
	concurrency: number;
	n8n: N8nInstance;
	main: N8nMain;
	workers: N8nWorker[];
}

export const modeLabel = (concurrency: number) =>
	`queue mode, 2 workers --concurrency=${concurrency}`;

const hookProbes = (hooks: Hook[]) =>
	hooks.map((hook) => ({ label: hook.workflow.id, path: hook.path }));

/** Postgres + Redis, credentials and workflows imported and active, main + 2 workers ready. */
export async function startStack(options: {
	install: N8nInstall;
	tarball: string;
	work: string;
	logs: string;
	encryptionKey: string;
	urls: SandboxUrls;
	withLedger: boolean;
	hooks: Hook[];
	concurrency: number;
	/** Told as soon as they exist, so a failed start still stops them. */
	onServices: (services: QueueServices) => void;
	onInstance: (n8n: N8nInstance) => void;
}): Promise<{ mode: Mode; ledgerUrl: string; described: string }> {
	const began = Date.now();
	const home = path.join(options.work, 'home');
	mkdirSync(path.join(home, '.n8n', 'nodes'), { recursive: true });
	// The package installs while Postgres starts.
	const [services] = await Promise.all([
		startQueueServices({ work: options.work, logs: options.logs }).then((started) => {
			options.onServices(started);
			return started;
		}),
		installCommunityPackage({
			home,
			tarball: options.tarball,
			nodeBinDir: options.install.nodeBinDir,
		}),
	]);
	const { postgres, redis } = services;
	const ledgerUrl = postgresUrl(postgres);
	const n8n = new N8nInstance({
		install: options.install,
		work: options.work,
		home,
		logs: options.logs,
		encryptionKey: options.encryptionKey,
		queue: services,
	});
	options.onInstance(n8n);
	const installed = Date.now();
	await n8n.importCredentials(ledgerCredentials(options.urls, options.withLedger ? ledgerUrl : ''));
	const workflows = options.hooks.map((entry) => entry.workflow);
	await n8n.importWorkflows(workflows, { activeFromJson: true });
	const rows = await postgres.query(
		`SELECT id FROM workflow_entity WHERE "activeVersionId" IS NOT NULL AND id IN (${workflows.map((workflow) => `'${workflow.id}'`).join(',')})`,
	);
	const active = new Set(rows.map(([id]) => id));
	for (const workflow of workflows) if (!active.has(workflow.id)) await n8n.publish(workflow.id);
	const t0 = Date.now();
	const main = await n8n.start({ name: 'ledger-main', wait: false });
	const mode: Mode = {
		label: modeLabel(options.concurrency),
		short: options.concurrency === 1 ? 'Q1' : 'Q5',
		concurrency: options.concurrency,
		n8n,
		main,
		workers: await startWorkers(n8n, options.concurrency),
	};
	const workersReady = await waitForWorkers(mode.workers, t0, n8n.startTimeoutMs);
	const hooksReady = await waitForHooks(main, hookProbes(options.hooks), t0);
	const seconds = (from: number, to: number) => ((to - from) / 1000).toFixed(1);
	const described = `${postgres.version} on 127.0.0.1:${postgres.port} (n8n's database; the ledger in its schema ${LEDGER_SCHEMA}), Redis ${redis.version}; Postgres + Redis + the package ${seconds(began, installed)} s, migrations + imports ${seconds(installed, t0)} s, workers ready after ${workersReady.toFixed(1)} s, ${options.hooks.length} webhooks 200 after ${hooksReady.toFixed(1)} s`;
	return { mode, ledgerUrl, described };
}

export async function startWorkers(n8n: N8nInstance, concurrency: number): Promise<N8nWorker[]> {
	const workers: N8nWorker[] = [];
	for (const suffix of ['a', 'b'])
		workers.push(await n8n.startWorker({ name: `worker-c${concurrency}${suffix}`, concurrency }));
	return workers;
}

/** The same main with two new workers at another --concurrency (the old ones stopped or killed). */
export async function switchWorkers(mode: Mode, concurrency: number, hooks: Hook[]): Promise<Mode> {
	await Promise.all(mode.workers.map((worker) => worker.stop()));
	const t0 = Date.now();
	const next: Mode = {
		...mode,
		label: modeLabel(concurrency),
		short: concurrency === 1 ? 'Q1' : 'Q5',
		concurrency,
		workers: await startWorkers(mode.n8n, concurrency),
	};
	await waitForWorkers(next.workers, t0, mode.n8n.startTimeoutMs);
	await waitForHooks(next.main, hookProbes(hooks), t0);
	return next;
}

/**
 * The layouts the concurrency checks run in: regular mode (`n8n start` on SQLite), and queue mode
 * (a throw-away Postgres + Redis, main + 2 workers at --concurrency=1, then the workers restarted
 * at --concurrency=5). Each is set up by the kit, proven ready by a real execution per webhook,
 * then measured by checks.ts.
 */
import {
	N8nInstance,
	startQueueServices,
	waitForWorkers,
	type N8nInstall,
	type N8nWorker,
	type QueueServices,
	type WorkflowJson,
} from '../kit';
import { runMatrix, type ConcurrencyContext, type Mode } from './checks';
import { waitForHooks } from '../webhook-batch';
import { PROVIDERS } from './measure';

/** Where every part's n8n lives: one user folder (package installed once), one encryption key. */
export interface Layout {
	install: N8nInstall;
	work: string;
	home: string;
	logs: string;
	encryptionKey: string;
	workflows: WorkflowJson[];
}

export interface PartOptions {
	/** Which parts run: regular, queue, queue5. */
	parts: string[];
	/** When the concurrency run began, and after how many seconds queue5 is skipped. */
	runStarted: number;
	queue5AfterS: number;
	timings: Record<string, number>;
}

const providerHooks = () =>
	PROVIDERS.map((provider) => ({ label: provider.label, path: provider.hookPath }));

export async function regularPart(context: ConcurrencyContext, layout: Layout): Promise<void> {
	const n8n = new N8nInstance({ ...layout });
	const label = 'regular mode (n8n start, SQLite)';
	let mode: Mode | undefined;
	try {
		const ready = await context.reporter.check(
			`${label}: webhook workflows imported and published, every webhook answers 200`,
			async () => {
				await n8n.importCredentials(await context.sandbox.credentials());
				await n8n.importWorkflows(layout.workflows);
				for (const workflow of layout.workflows) await n8n.publish(workflow.id);
				const main = await n8n.start({ name: 'regular-main', wait: false });
				mode = { label, short: 'R', n8n, main, workers: [] };
				const seconds = await waitForHooks(main, providerHooks());
				return `n8n start answered both webhooks with 200 after ${seconds.toFixed(1)} s`;
			},
		);
		if (ready && mode) await runMatrix(context, mode);
	} finally {
		await n8n.stopAll();
	}
}

const queueLabel = (concurrency: number) =>
	`queue mode (Postgres, Redis, main + 2 workers --concurrency=${concurrency})`;

async function startWorkers(n8n: N8nInstance, names: string[], concurrency: number) {
	const workers: N8nWorker[] = [];
	for (const name of names) workers.push(await n8n.startWorker({ name, concurrency }));
	return workers;
}

export async function queueParts(
	context: ConcurrencyContext,
	layout: Layout,
	options: PartOptions,
): Promise<void> {
	const { check, report } = context.reporter;
	const startedAt = Date.now();
	let services: QueueServices | undefined;
	let n8n: N8nInstance | undefined;
	let mode: Mode | undefined;
	try {
		const ready = await check(
			`${queueLabel(1)}: started from scratch, webhook workflows active, every webhook answers 200`,
			async () => {
				services = await startQueueServices({ work: layout.work, logs: layout.logs });
				const { postgres, redis } = services;
				const described = `${postgres.version} on 127.0.0.1:${postgres.port}, Redis ${redis.version} on 127.0.0.1:${redis.port}`;
				n8n = new N8nInstance({ ...layout, queue: services });
				const imported = await n8n.importCredentials(await context.sandbox.credentials());
				// Queue mode lets the import activate the workflows (their JSON says "active": true).
				await n8n.importWorkflows(layout.workflows, { activeFromJson: true });
				const rows = await postgres.query(
					`SELECT id, "activeVersionId" FROM workflow_entity WHERE id IN (${layout.workflows.map((workflow) => `'${workflow.id}'`).join(',')})`,
				);
				const active = rows.filter(([, versionId]) => versionId).map(([id]) => id);
				for (const workflow of layout.workflows)
					if (!active.includes(workflow.id)) await n8n.publish(workflow.id);
				const t0 = Date.now();
				const main = await n8n.start({ name: 'queue-main', wait: false });
				const workers = await startWorkers(n8n, ['worker-1', 'worker-2'], 1);
				mode = { label: queueLabel(1), short: 'Q1', n8n, main, workers };
				const workersReady = await waitForWorkers(workers, t0, n8n.startTimeoutMs);
				const seconds = await waitForHooks(main, providerHooks(), t0);
				return `${described}; migrations + imports ${((t0 - startedAt) / 1000).toFixed(1)} s (first command ${(imported.ms / 1000).toFixed(1)} s); workers ready after ${workersReady.toFixed(1)} s, both webhooks 200 after ${seconds.toFixed(1)} s`;
			},
		);
		if (!ready || !mode || !n8n) return;
		options.timings['queue setup'] = (Date.now() - startedAt) / 1000;
		const t1 = Date.now();
		if (options.parts.includes('queue')) await runMatrix(context, mode);
		options.timings['queue --concurrency=1 checks'] = (Date.now() - t1) / 1000;

		if (!options.parts.includes('queue5')) return;
		const mode5: Mode = { ...mode, label: queueLabel(5), short: 'Q5', workers: [] };
		const age = (Date.now() - options.runStarted) / 1000;
		if (age > options.queue5AfterS) {
			report(
				'PENDING',
				`${mode5.label}: simultaneous executions in one worker process`,
				`not run: the concurrency run is already ${age.toFixed(0)} s old (E2E_CONCURRENCY_QUEUE5_AFTER_S=${options.queue5AfterS})`,
			);
			return;
		}
		const t2 = Date.now();
		const instance = n8n;
		const restarted = await check(
			`${mode5.label}: workers restarted with --concurrency=5`,
			async () => {
				await Promise.all(mode!.workers.map((worker) => worker.stop()));
				const t0 = Date.now();
				mode5.workers = await startWorkers(instance, ['worker-5a', 'worker-5b'], 5);
				const seconds = await waitForWorkers(mode5.workers, t0, instance.startTimeoutMs);
				// A real execution through the new workers.
				await waitForHooks(mode5.main, providerHooks(), t0);
				return `ready after ${seconds.toFixed(1)} s`;
			},
		);
		if (restarted) await runMatrix(context, mode5, { firstBatch: false });
		options.timings['queue --concurrency=5 checks'] = (Date.now() - t2) / 1000;
	} finally {
		await n8n?.stopAll();
		await services?.stop();
	}
}

/**
 * What the ledger checks run on: queue mode (the kit's throw-away Postgres + Redis, `n8n start`
 * and two workers), the sandbox with a second OxaPay key and a second Cregis project, four
 * credentials (two accounts per provider) that all point at one payout ledger, a schema in the
 * Postgres n8n itself runs on, and the webhook workflows the checks call.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';

import { SANDBOX_CREGIS, SANDBOX_OXAPAY_KEY } from '../../sandbox';
import {
	installCommunityPackage,
	loadWorkflow,
	N8nInstance,
	startQueueServices,
	waitForWorkers,
	type CredentialJson,
	type N8nInstall,
	type N8nMain,
	type N8nWorker,
	type Postgres,
	type QueueServices,
	type SandboxGateway,
	type SandboxUrls,
	type WorkflowJson,
} from '../kit';
import type { Reporter } from '../runner';
import { callHook } from './batches';

/** The ledger's schema in n8n's own database ("the PostgreSQL that queue mode already runs"). */
export const LEDGER_SCHEMA = 'crypto_payout';

/** A paying account: which provider, which credential (all four share the ledger). */
export interface Payer {
	short: 'OX1' | 'OX2' | 'CG1' | 'CG2';
	provider: 'oxapay' | 'cregis';
	credential: { type: string; id: string; name: string };
	data: (urls: SandboxUrls) => Record<string, string>;
}

/** The sandbox's second accounts: obviously fake. */
export const SECOND_OXAPAY_KEY = 'sandbox-oxapay-payout-key-0002';
export const SECOND_CREGIS = {
	pid: '1382528827410002',
	apiKey: 'e2e-second-cregis-project-key-02',
};

const oxapay = (short: Payer['short'], id: string, apiKey: string): Payer => ({
	short,
	provider: 'oxapay',
	credential: { type: 'oxaPayApi', id, name: `OxaPay ${short} (sandbox, ledger)` },
	data: (urls) => ({ apiKey, baseUrl: urls.oxapayBaseUrl }),
});
const cregis = (short: Payer['short'], id: string, project: { pid: string; apiKey: string }) =>
	({
		short,
		provider: 'cregis',
		credential: { type: 'cregisApi', id, name: `Cregis ${short} (sandbox, ledger)` },
		data: (urls) => ({
			baseUrl: urls.cregisBaseUrl,
			projectId: project.pid,
			apiKey: project.apiKey,
		}),
	}) satisfies Payer;

export const PAYERS = {
	OX1: oxapay('OX1', 'cpxLedgerOxaPay1', SANDBOX_OXAPAY_KEY),
	OX2: oxapay('OX2', 'cpxLedgerOxaPay2', SECOND_OXAPAY_KEY),
	CG1: cregis('CG1', 'cpxLedgerCregis1', SANDBOX_CREGIS),
	CG2: cregis('CG2', 'cpxLedgerCregis2', SECOND_CREGIS),
} satisfies Record<string, Payer>;

/** The credentials, each with the ledger URL and schema (or, for the proof run, an empty URL). */
export function ledgerCredentials(urls: SandboxUrls, ledgerUrl: string): CredentialJson[] {
	return Object.values(PAYERS).map((payer) => ({
		...payer.credential,
		data: { ...payer.data(urls), ledgerUrl, ledgerSchema: LEDGER_SCHEMA },
	}));
}

/** One webhook workflow: Webhook (replies with every item) → Split Out body.rows → Crypto Payout. */
export interface Hook {
	workflow: WorkflowJson;
	path: string;
	payer: Payer;
}

let hookCount = 0;
function hook(id: string, payer: Payer, parameters: Record<string, unknown>): Hook {
	const path = `cpx-ledger-${id.replace(/^cpxLedger/, '').toLowerCase()}`;
	const workflow = loadWorkflow('e2e/workflows/webhook-batch.json', {
		__ID__: id,
		__PROVIDER__: payer.provider,
		__PATH__: path,
		__WEBHOOK_ID__: `7a2d3b63-1d2f-4e7c-8b1f-${String(++hookCount).padStart(12, '0')}`,
		__CRED_TYPE__: payer.credential.type,
		__CRED_ID__: payer.credential.id,
		__CRED_NAME__: payer.credential.name,
	});
	const node = workflow.nodes.find((entry) => entry.name === 'Crypto Payout')!;
	node.parameters = { provider: payer.provider, ...parameters };
	workflow.name = `e2e ledger: ${id}`;
	return { workflow, path, payer };
}

const rowFields = {
	operation: 'create',
	reference: '={{ $json.reference }}',
	address: '={{ $json.address }}',
	amount: '={{ $json.amount }}',
	currency: '={{ $json.currency }}',
	network: '={{ $json.network }}',
	memo: '={{ $json.memo }}',
	description: '={{ $json.description }}',
};

/**
 * Queue Mode Safety Wait 20 s on every Create: with a ledger it must not be paid (the claims are
 * decided by the unique key). The proof run without a ledger keeps n8n's default instead, the
 * fair comparison (20 s per execution would only make it slow).
 */
const createOptions = (withLedger: boolean) => ({
	concurrency: 8,
	...(withLedger ? { claimSettleMs: 20_000 } : {}),
});
const daily = { maxTotalPerCurrency: { limits: [{ currency: 'USDT', maxTotal: '100' }] } };
const reference = (operation: string, extra: Record<string, unknown> = {}) => ({
	operation,
	reference: '={{ $json.reference }}',
	...extra,
});

export function ledgerHooks(withLedger: boolean) {
	const create = (id: string, payer: Payer, more: Record<string, unknown> = {}) =>
		hook(id, payer, { ...rowFields, options: { ...createOptions(withLedger), ...more } });
	return {
		create: {
			OX1: create('cpxLedgerPayOX1', PAYERS.OX1),
			OX2: create('cpxLedgerPayOX2', PAYERS.OX2),
			CG1: create('cpxLedgerPayCG1', PAYERS.CG1),
			CG2: create('cpxLedgerPayCG2', PAYERS.CG2),
		},
		// One workflow per mode: a rolling 24 h counts every earlier execution of its workflow.
		limit: {
			Q1: create('cpxLedgerLimitQ1', PAYERS.OX1, { ...daily, limitPeriod: 'rolling24h' }),
			Q5: create('cpxLedgerLimitQ5', PAYERS.CG1, { ...daily, limitPeriod: 'rolling24h' }),
		},
		find: {
			oxapay: hook('cpxLedgerFindOX1', PAYERS.OX1, reference('findReference')),
			cregis: hook('cpxLedgerFindCG1', PAYERS.CG1, reference('findReference')),
		},
		resolve: {
			oxapay: hook('cpxLedgerResolveOX1', PAYERS.OX1, reference('resolveReference')),
			cregis: hook(
				'cpxLedgerResolveCG1',
				PAYERS.CG1,
				reference('resolveReference', { resendToSettle: true }),
			),
		},
		release: hook(
			'cpxLedgerReleaseOX1',
			PAYERS.OX1,
			reference('releaseReference', { inDoubtAfterMinutes: 1 }),
		),
	};
}
export type Hooks = ReturnType<typeof ledgerHooks>;

export const allHooks = (hooks: Hooks): Hook[] => [
	...Object.values(hooks.create),
	...Object.values(hooks.limit),
	...Object.values(hooks.find),
	...Object.values(hooks.resolve),
	hooks.release,
];

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

/** Waits until every webhook answers a real execution (an empty batch) with 200. */
export async function waitForHooks(main: N8nMain, hooks: Hook[], from: number): Promise<number> {
	const pending = new Set(hooks);
	let last = '';
	try {
		return await main.waitFor(
			'every webhook answering 200',
			async () => {
				for (const entry of [...pending]) {
					// Bounded: a probe sent while n8n is still registering its webhooks is sent again.
					const probe = await callHook(main.webhookUrl(entry.path), [], 20_000);
					last = `${entry.workflow.id}: ${probe.status} ${probe.text.slice(0, 120)}`;
					if (probe.status === 200 && probe.items?.length === 0) pending.delete(entry);
				}
				return pending.size === 0;
			},
			{ from },
		);
	} catch (error) {
		throw new Error(`(last probe ${last}) ${error instanceof Error ? error.message : error}`);
	}
}

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
	const ledgerUrl = `postgres://${postgres.user}:${encodeURIComponent(postgres.password)}@${postgres.host}:${postgres.port}/${postgres.database}`;
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
	const hooksReady = await waitForHooks(main, options.hooks, t0);
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
	await waitForHooks(next.main, hooks, t0);
	return next;
}

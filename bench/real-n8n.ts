/**
 * The real-n8n part of `npm run bench` (bench/run.sh): the packed package installed into an n8n
 * 2.41.1 user folder, `n8n start` in regular mode with SQLite on 127.0.0.1, the sandbox gateway in
 * its own process on 127.0.0.1 with 50 ms latency. See bench/README.md, "Real n8n".
 *
 *   node .build/bench/real-n8n.js --n8n-dir .cache/n8n/2.41.1 [--scale 0.1] [--package-dir DIR]
 *                                  [--out NAME.json] [--code-label TEXT]
 *
 * A. Concurrency in n8n: 1,000 payouts, Concurrency 8, both providers, Map Automatically and
 *    expressions: the Crypto Payout node's executionTime from the saved execution, its ratio to
 *    the floor N·L/C, and CPU per payout of the n8n process (/proc, idle baseline subtracted).
 * B. Claim cost vs history size: the workflow's processed_data row pre-seeded with 0 / 10,000 /
 *    100,000 entries before `n8n start`, 200 payouts per size: wall and CPU per payout, ratio vs 0.
 *
 * Writes bench/results/real-n8n-latest.json (full run) or real-n8n-scaled.tmp.json (--scale < 1).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { SANDBOX_CREGIS, SANDBOX_OXAPAY_KEY } from '../sandbox';
import {
	fmt,
	lpad,
	pad,
	PROVIDERS,
	REPO_ROOT,
	requestsText,
	rows,
	runId,
	sleep,
	type Provider,
} from './common';
import {
	groupCpuUs,
	killAllChildren,
	machineCpuSeconds,
	N8nInstance,
	processCpuUs,
	processedEntry,
	readProcessedData,
	runCommand,
	seedProcessedData,
	tail,
	type ExecutionRow,
} from './n8n-instance';
import { SandboxProcess } from './sandbox-process';

// ---------------------------------------------------------------------------------------------
// Configuration

function argument(name: string): string | undefined {
	const index = process.argv.indexOf(`--${name}`);
	return index > 0 ? process.argv[index + 1] : undefined;
}

const SCALE = Number(argument('scale') ?? process.env.BENCH_SCALE ?? '1');
if (!(SCALE > 0 && SCALE <= 1)) throw new Error('--scale must be in (0, 1]');
const scaled = (n: number) => Math.max(1, Math.round(n * SCALE));
const N8N_DIR = path.resolve(
	argument('n8n-dir') ?? path.join(REPO_ROOT, '.cache', 'n8n', '2.41.1'),
);
const KEEP = process.env.BENCH_N8N_KEEP === '1';
/**
 * Every payout workflow starts with its processed_data row present and empty ({mode:'entries',
 * data:[]}), as after a first run: the steady state of a workflow that pays regularly. With
 * BENCH_N8N_EMPTY_ROWS=0 the rows of the 0-entry workflows are left absent, so the first claims
 * insert the row (n8n's store rejects a second concurrent insert with SQLITE_CONSTRAINT).
 */
const EMPTY_ROWS = process.env.BENCH_N8N_EMPTY_ROWS !== '0';
/** The package to pack: this checkout by default; another tree (e.g. `git archive` of a commit, built) for a before/after. */
const PACKAGE_DIR = path.resolve(
	argument('package-dir') ?? process.env.BENCH_N8N_PACKAGE_DIR ?? REPO_ROOT,
);
/** The results file name in bench/results/ (default real-n8n-latest.json, or real-n8n-scaled.tmp.json when scaled). */
const OUT = argument('out') ?? (SCALE === 1 ? 'real-n8n-latest.json' : 'real-n8n-scaled.tmp.json');
const CODE_LABEL = argument('code-label');

const CONFIG = {
	latencyMs: 50,
	concurrency: 8,
	/** Warm-up per workflow shape (provider × mapping), on its own workflows, before anything is timed. */
	warmup: 40,
	partA: { payouts: scaled(1000) },
	partB: {
		payouts: scaled(200),
		historySizes: [0, scaled(10_000), scaled(100_000)],
		mapping: 'auto' as Mapping,
	},
	/** n8n's CPU while nothing runs, measured twice (before A and before B) and subtracted. */
	idleBaselineMs: 4_000,
};
const TARGETS = { partAMinFloorFraction: 0.9 };
/** Hard stop for the whole part; every step below has its own bound too. */
const WATCHDOG_MS = 12 * 60_000;
const WEBHOOK_TIMEOUT_MS = 300_000;
const EXECUTION_SAVE_TIMEOUT_MS = 60_000;
const NODE_NAME = 'Crypto Payout';
const EXPECTED_STATUS: Record<Provider, string> = { oxapay: 'processing', cregis: 'pending' };

type Mapping = 'expr' | 'auto';
const MAPPINGS: readonly Mapping[] = ['auto', 'expr'];
const MAPPING_LABEL: Record<Mapping, string> = { auto: 'Map Automatically', expr: 'expressions' };

const started = Date.now();
const log = (text: string) =>
	console.error(`[n8n ${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${text}`);

// ---------------------------------------------------------------------------------------------
// Workflows: Webhook (POST, answers when the last node is done, no data) → Split Out body.rows → Crypto Payout

const CREDENTIALS = {
	oxapay: { type: 'oxaPayApi', id: 'cpxBenchOxaPay01', name: 'OxaPay (bench sandbox)' },
	cregis: { type: 'cregisApi', id: 'cpxBenchCregis01', name: 'Cregis (bench sandbox)' },
} as const;

interface BenchWorkflow {
	id: string;
	path: string;
	provider?: Provider;
	mapping?: Mapping;
	json: Record<string, unknown>;
}

/** A stable UUID-shaped id from a string (webhookId and node ids must look like UUIDs). */
function uuidFrom(text: string): string {
	const hex = createHash('md5').update(text).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function payoutParameters(provider: Provider, mapping: Mapping): Record<string, unknown> {
	const options = { concurrency: CONFIG.concurrency, requestsPerSecond: 0 };
	if (mapping === 'auto')
		return { provider, operation: 'create', mappingMode: 'autoMapInputData', options };
	// Every Create field mapped from the item, as in test/engine/fixtures.ts createParameters().
	const fields = [
		'reference',
		'address',
		'amount',
		'currency',
		'network',
		'memo',
		'description',
		'callbackUrl',
	];
	return {
		provider,
		operation: 'create',
		...Object.fromEntries(fields.map((field) => [field, `={{ $json.${field} }}`])),
		options,
	};
}

function workflow(id: string, provider?: Provider, mapping?: Mapping): BenchWorkflow {
	const webhookPath = `cpx-bench-${id.toLowerCase()}`;
	const nodes: Array<Record<string, unknown>> = [
		{
			id: uuidFrom(`${id}:webhook`),
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2.1,
			position: [0, 0],
			webhookId: uuidFrom(`${id}:webhookId`),
			parameters: {
				httpMethod: 'POST',
				path: webhookPath,
				responseMode: 'lastNode',
				responseData: 'noData',
				options: {},
			},
		},
		{
			id: uuidFrom(`${id}:split`),
			name: 'Split Out',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			position: [220, 0],
			parameters: { fieldToSplitOut: 'body.rows', include: 'noOtherFields', options: {} },
		},
	];
	const connections: Record<string, unknown> = {
		Webhook: { main: [[{ node: 'Split Out', type: 'main', index: 0 }]] },
	};
	if (provider && mapping) {
		const credential = CREDENTIALS[provider];
		nodes.push({
			id: uuidFrom(`${id}:payout`),
			name: NODE_NAME,
			type: 'n8n-nodes-crypto-payout.cryptoPayout',
			typeVersion: 1,
			position: [440, 0],
			parameters: payoutParameters(provider, mapping),
			credentials: { [credential.type]: { id: credential.id, name: credential.name } },
		});
		connections['Split Out'] = { main: [[{ node: NODE_NAME, type: 'main', index: 0 }]] };
	}
	return {
		id,
		path: webhookPath,
		provider,
		mapping,
		json: {
			id,
			name: `Bench ${id}`,
			active: false,
			nodes,
			connections,
			settings: { executionOrder: 'v1' },
		},
	};
}

const P = { oxapay: 'Oxa', cregis: 'Crg' } as const;
const M = { auto: 'Auto', expr: 'Expr' } as const;
const WORKFLOWS = {
	warm: Object.fromEntries(
		PROVIDERS.flatMap((p) =>
			MAPPINGS.map((m) => [`${p}-${m}`, workflow(`cpxBw${P[p]}${M[m]}`, p, m)]),
		),
	),
	partA: Object.fromEntries(
		PROVIDERS.flatMap((p) =>
			MAPPINGS.map((m) => [`${p}-${m}`, workflow(`cpxBa${P[p]}${M[m]}`, p, m)]),
		),
	),
	feed: workflow('cpxBfeedOnly'),
	partB: Object.fromEntries(
		PROVIDERS.flatMap((p) =>
			CONFIG.partB.historySizes.map((size) => [
				`${p}-${size}`,
				workflow(`cpxBb${P[p]}${M[CONFIG.partB.mapping]}${size}`, p, CONFIG.partB.mapping),
			]),
		),
	),
};
const ALL_WORKFLOWS: BenchWorkflow[] = [
	...Object.values(WORKFLOWS.warm),
	...Object.values(WORKFLOWS.partA),
	WORKFLOWS.feed,
	...Object.values(WORKFLOWS.partB),
];

// ---------------------------------------------------------------------------------------------
// One timed batch

interface Batch {
	workflowId: string;
	provider: Provider | null;
	items: number;
	executionId: number;
	/** The Crypto Payout node's executionTime in the saved run (ms); for the feed-only workflow, Split Out's. */
	nodeWallMs: number;
	/** execution_entity stoppedAt − startedAt (ms). */
	executionWallMs: number | null;
	/** From sending the webhook request to its answer (responseMode lastNode), ms. */
	webhookRoundTripMs: number;
	/** The measurement window: request sent → the execution is saved in the database, ms. */
	windowMs: number;
	/** n8n's main process CPU (user + sys, /proc/<pid>/stat) over the window, raw, µs. */
	n8nCpuUs: number;
	/** The idle baseline's share of that window, µs (subtracted below). */
	idleCpuUs: number;
	/** (n8nCpuUs − idleCpuUs) / items. */
	cpuUsPerPayout: number;
	/** Other processes of n8n's process group (the task runner) over the window, µs. */
	otherGroupCpuUs: number;
	sandboxCpuUsPerPayout: number;
	requests: Record<string, number>;
	accepted: number;
	webhookRetries: number;
}

let idleCpuUsPerSecond = 0;
let sandbox: SandboxProcess;
let instance: N8nInstance;

async function postWebhook(
	target: BenchWorkflow,
	body: string,
): Promise<{ status: number; text: string; retries: number }> {
	// While n8n registers its webhooks it answers 404/503 without starting anything: retry, bounded.
	const deadline = Date.now() + 60_000;
	let retries = 0;
	for (;;) {
		const response = await fetch(`${instance.baseUrl}/webhook/${target.path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body,
			signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
		});
		const text = await response.text();
		if ((response.status === 404 || response.status === 503) && Date.now() < deadline) {
			retries++;
			await sleep(500);
			continue;
		}
		return { status: response.status, text, retries };
	}
}

function nodeOutput(execution: ExecutionRow, nodeName: string) {
	const runs = execution.runData[nodeName];
	const last = runs?.[runs.length - 1];
	return { run: last, items: (last?.data?.main?.[0] ?? []).map((item) => item.json) };
}

async function runBatch(target: BenchWorkflow, count: number, label: string): Promise<Batch> {
	const provider = target.provider ?? null;
	await sandbox.reset();
	await sandbox.latency(CONFIG.latencyMs);
	// Fresh references every run (the node never pays a reference twice); built before timing.
	const body = JSON.stringify({ rows: rows(provider ?? 'oxapay', runId(`n8n${label}`), count) });
	const before = instance.lastExecutionId();
	const pid = instance.pid;
	if (!pid) throw new Error('n8n is not running');
	const cpu0 = processCpuUs(pid)!;
	const group0 = groupCpuUs(pid);
	const t0 = performance.now();
	const reply = await postWebhook(target, body);
	const webhookRoundTripMs = performance.now() - t0;
	const execution = await instance.waitForExecution(target.id, before, EXECUTION_SAVE_TIMEOUT_MS);
	const windowMs = performance.now() - t0;
	const cpu1 = processCpuUs(pid);
	const group1 = groupCpuUs(pid);
	if (cpu1 === undefined)
		throw new Error(`n8n exited during ${label}\n${tail(instance.output(), 40)}`);
	const counts = await sandbox.counts();

	const nodeName = provider ? NODE_NAME : 'Split Out';
	const { run, items } = nodeOutput(execution, nodeName);
	const problem = (text: string) =>
		new Error(
			`${label} (${target.id}, execution #${execution.id}, status ${execution.status}, webhook ${reply.status} ${reply.text.slice(0, 200)}): ${text}`,
		);
	if (execution.status !== 'success' || !run) {
		throw problem(
			`the run did not succeed${execution.error ? `: ${execution.error}` : ''}; nodes run: ${Object.keys(execution.runData).join(', ')}`,
		);
	}
	if (items.length !== count)
		throw problem(`${nodeName} gave ${items.length} items, expected ${count}`);
	let accepted = count;
	if (provider) {
		const good = items.filter((item) => item.status === EXPECTED_STATUS[provider] && item.payoutId);
		accepted = good.length;
		if (accepted !== count) {
			const other = items.find(
				(item) => !(item.status === EXPECTED_STATUS[provider] && item.payoutId),
			);
			throw problem(
				`${accepted}/${count} accepted; first other: ${JSON.stringify(other).slice(0, 400)}`,
			);
		}
		if (counts.ledger[provider] !== count)
			throw problem(
				`the sandbox ledger has ${counts.ledger[provider]} ${provider} payouts, expected ${count}`,
			);
	}
	const idleCpuUs = (idleCpuUsPerSecond * windowMs) / 1000;
	const n8nCpuUs = cpu1 - cpu0;
	const executionWallMs =
		execution.startedAt && execution.stoppedAt
			? Date.parse(`${execution.stoppedAt}Z`) - Date.parse(`${execution.startedAt}Z`)
			: null;
	return {
		workflowId: target.id,
		provider,
		items: count,
		executionId: execution.id,
		nodeWallMs: run.executionTime,
		executionWallMs: Number.isFinite(executionWallMs) ? executionWallMs : null,
		webhookRoundTripMs,
		windowMs,
		n8nCpuUs,
		idleCpuUs,
		cpuUsPerPayout: (n8nCpuUs - idleCpuUs) / count,
		otherGroupCpuUs: group1 - group0 - n8nCpuUs,
		sandboxCpuUsPerPayout: counts.cpuUs / count,
		requests: counts.requests,
		accepted,
		webhookRetries: reply.retries,
	};
}

async function measureIdle(): Promise<number> {
	const pid = instance.pid!;
	const cpu0 = processCpuUs(pid)!;
	const t0 = performance.now();
	await sleep(CONFIG.idleBaselineMs);
	const cpu1 = processCpuUs(pid)!;
	return ((cpu1 - cpu0) * 1000) / (performance.now() - t0);
}

// ---------------------------------------------------------------------------------------------
// The processed_data rows

interface StoreRow {
	contexts: string[];
	/** Entries in the workflow-scope row (context '') after the runs; null if there is none. */
	entries: number | null;
	/** Whether the row is in the shape the seed used: TEXT JSON {mode:'entries', data:[base64 md5]}, timestamps 'YYYY-MM-DD HH:MM:SS.SSS'. */
	shape: string;
	/** Whether the seeded entries are still the first ones, in order (n8n read the seeded row and appended to it). */
	seedKept?: boolean;
}

function storeRow(workflowId: string, seeded?: string[]): StoreRow {
	const db = instance.db(true);
	try {
		const contexts = (
			db
				.prepare('SELECT context FROM processed_data WHERE workflowId = ?')
				.all(workflowId) as Array<{ context: string }>
		).map((row) => row.context);
		const row = readProcessedData(db, workflowId);
		if (!row) return { contexts, entries: null, shape: 'no workflow-scope row' };
		const value = JSON.parse(row.value) as { mode?: string; data?: unknown };
		const data = Array.isArray(value.data) ? (value.data as string[]) : [];
		const timestamp = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/;
		const shape = [
			`value ${row.typeofValue}`,
			`keys ${Object.keys(value).join(',')}`,
			`mode ${value.mode}`,
			`entries ${data.every((entry) => /^[A-Za-z0-9+/]{22}==$/.test(entry)) ? 'base64-md5' : 'OTHER'}`,
			`timestamps ${timestamp.test(row.createdAt) && timestamp.test(row.updatedAt) ? 'YYYY-MM-DD HH:MM:SS.SSS' : `OTHER (${row.createdAt})`}`,
		].join('; ');
		const result: StoreRow = {
			contexts,
			entries: Array.isArray(value.data) ? data.length : null,
			shape,
		};
		if (seeded)
			result.seedKept =
				seeded.length <= data.length && seeded.every((entry, index) => data[index] === entry);
		return result;
	} finally {
		db.close();
	}
}

// ---------------------------------------------------------------------------------------------
// Report

interface PartARun extends Batch {
	floorMs: number;
	floorFraction: number;
	cpuModelFraction: number;
	store: StoreRow;
}
interface PartBRun extends Batch {
	historyEntries: number;
	wallMsPerPayout: number;
	wallRatioVsEmpty: number;
	cpuRatioVsEmpty: number;
	store: StoreRow;
	/** Claims that did not end up in the row: payouts − (entries after − seeded). Lost updates of the read-modify-write. */
	unrecordedClaims: number | null;
}

function table(
	a: Record<string, PartARun>,
	feed: Batch | undefined,
	b: Record<string, PartBRun>,
	info: Record<string, unknown>,
	seedShape: string,
	n8nShape: StoreRow | undefined,
	code: ReturnType<typeof measuredCode>,
): string {
	const lines: string[] = [];
	const cols = PROVIDERS.flatMap((p) => MAPPINGS.map((m) => `${p}-${m}`));
	let width = 12;
	const row = (label: string, values: string[], note = '') =>
		lines.push(`${pad(label, 44)}${values.map((v) => lpad(v, width)).join('')}   ${note}`);
	const c = CONFIG;
	lines.push(
		`Crypto Payout node in real n8n ${instance.version} (n8n start, SQLite, regular mode)${SCALE !== 1 ? ` (SCALED ×${SCALE})` : ''}`,
	);
	lines.push('');
	lines.push(
		`A. ${c.partA.payouts} payouts @ ${c.latencyMs} ms, Concurrency ${c.concurrency}, floor N·L/C = ${fmt((c.partA.payouts * c.latencyMs) / c.concurrency / 1000)} s`,
	);
	row(
		'',
		cols.map((key) => key.replace('-auto', ' auto').replace('-expr', ' expr')),
	);
	row(
		'speed ÷ floor speed (floor / node time)',
		cols.map((k) => fmt(a[k]?.floorFraction, 3)),
		`target ≥ ${TARGETS.partAMinFloorFraction.toFixed(2)}`,
	);
	row(
		'node executionTime s',
		cols.map((k) => fmt(a[k] && a[k].nodeWallMs / 1000)),
	);
	row(
		'execution stoppedAt − startedAt s',
		cols.map((k) =>
			fmt(a[k]?.executionWallMs !== null && a[k] ? a[k].executionWallMs! / 1000 : undefined),
		),
	);
	row(
		'webhook round trip s',
		cols.map((k) => fmt(a[k] && a[k].webhookRoundTripMs / 1000)),
	);
	row(
		'n8n CPU µs/payout (idle subtracted)',
		cols.map((k) => fmt(a[k]?.cpuUsPerPayout, 0)),
	);
	row(
		'  minus feed only (µs/row, below)',
		cols.map((k) => fmt(a[k] && feed ? a[k].cpuUsPerPayout - feed.cpuUsPerPayout : undefined, 0)),
		'(for reading)',
	);
	row(
		'model L ÷ (L + C × CPU per payout)',
		cols.map((k) => fmt(a[k]?.cpuModelFraction, 3)),
		'(see README)',
	);
	row(
		'sandbox CPU µs/payout',
		cols.map((k) => fmt(a[k]?.sandboxCpuUsPerPayout, 0)),
	);
	row(
		'claims recorded in processed_data',
		cols.map((k) => (a[k]?.store.entries ?? '—').toString()),
		`of ${c.partA.payouts}`,
	);
	for (const k of cols)
		if (a[k]?.provider)
			lines.push(
				`   ${k} requests seen by the sandbox: ${requestsText(a[k].requests, a[k].provider!)}`,
			);
	if (feed) {
		lines.push(
			`   feed only (Webhook → Split Out, ${feed.items} rows, no payout node): n8n CPU ${fmt(feed.cpuUsPerPayout, 0)} µs/row, execution ${fmt(feed.executionWallMs !== null ? feed.executionWallMs / 1000 : undefined)} s — included in the CPU figures above`,
		);
	}
	lines.push(
		`   idle baseline: n8n used ${fmt(idleCpuUsPerSecond / 1000, 1)} ms CPU per second while nothing ran`,
	);

	lines.push('');
	lines.push(
		`B. claim cost vs history size: ${c.partB.payouts} payouts per size @ ${c.latencyMs} ms, Concurrency ${c.concurrency}, ${MAPPING_LABEL[c.partB.mapping]}`,
	);
	const sizes = c.partB.historySizes;
	const bcols = PROVIDERS.flatMap((p) => sizes.map((s) => `${p}-${s}`));
	width = 14;
	row(
		'entries in the row before the run',
		bcols.map((k) => k.replace('-', ' ')),
	);
	row(
		'wall ms/payout (node executionTime / N)',
		bcols.map((k) => fmt(b[k]?.wallMsPerPayout, 2)),
	);
	row(
		'  ÷ same at 0 entries',
		bcols.map((k) => fmt(b[k]?.wallRatioVsEmpty, 2)),
	);
	row(
		'n8n CPU µs/payout (idle subtracted)',
		bcols.map((k) => fmt(b[k]?.cpuUsPerPayout, 0)),
	);
	row(
		'  ÷ same at 0 entries',
		bcols.map((k) => fmt(b[k]?.cpuRatioVsEmpty, 2)),
	);
	row(
		'speed ÷ floor speed',
		bcols.map((k) =>
			fmt(b[k] && (c.partB.payouts * c.latencyMs) / c.concurrency / b[k].nodeWallMs, 3),
		),
	);
	row(
		'entries after the run',
		bcols.map((k) => (b[k]?.store.entries ?? '—').toString()),
	);
	row(
		'claims not in the row (lost updates)',
		bcols.map((k) => (b[k]?.unrecordedClaims ?? '—').toString()),
	);
	row(
		'seeded entries kept, in order',
		bcols.map((k) =>
			b[k] ? (b[k].store.seedKept === undefined ? 'n/a' : b[k].store.seedKept ? 'yes' : 'NO') : '—',
		),
	);
	width = 12;
	lines.push(`   seeded row:       ${seedShape}`);
	lines.push(`   row n8n wrote (A): ${n8nShape ? n8nShape.shape : '—'}`);
	const unused = Object.values(b).filter(
		(run) =>
			run.historyEntries > 0 &&
			(run.store.seedKept === false || run.store.contexts.some((context) => context !== '')),
	);
	if (unused.length) {
		lines.push(
			`   WARNING    the node did not use the seeded workflow-scope row for ${unused.map((run) => run.workflowId).join(', ')} (contexts ${[...new Set(unused.flatMap((run) => run.store.contexts))].join(' | ')}): part B does not measure its store`,
		);
	}

	lines.push('');
	lines.push(
		`Code: ${code.label ?? `${code.commit.slice(0, 12)}${code.uncommittedChangesInNodesOrCredentials ? ' + uncommitted changes in nodes/ or credentials/' : ''}`} (npm pack of ${code.packageDir === '.' ? 'this checkout' : code.packageDir})`,
	);
	lines.push('');
	lines.push('Machine');
	const machine = info as {
		cpuModel: string;
		cores: number;
		node: string;
		loadAverage1m: { start: number; end: number };
		otherProcessesCpuShare: number;
	};
	lines.push(`   CPU        ${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}`);
	lines.push(
		`   load avg   ${machine.loadAverage1m.start} at start, ${machine.loadAverage1m.end} at end (1 min)`,
	);
	lines.push(
		`   others     ${Number.isFinite(machine.otherProcessesCpuShare) ? `${(machine.otherProcessesCpuShare * 100).toFixed(1)} %` : 'unknown'} of the machine's CPU went to other processes while n8n ran`,
	);
	if (machine.otherProcessesCpuShare > 0.1)
		lines.push(
			'   WARNING    the machine was busy with other work: wall times and ratios are skewed; run again when it is idle.',
		);
	return lines.join('\n');
}

/** Which code was packed: the package dir, and its git commit and state when it is a checkout (read-only git). */
function measuredCode() {
	const git = (...args: string[]) =>
		execFileSync('git', args, {
			cwd: PACKAGE_DIR,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'ignore'],
			timeout: 10_000,
		}).trim();
	let commit = 'unknown (not a git checkout)';
	let uncommitted: boolean | null = null;
	try {
		if (path.resolve(git('rev-parse', '--show-toplevel')) === PACKAGE_DIR) {
			commit = git('rev-parse', 'HEAD');
			uncommitted = git('status', '--porcelain', '--', 'nodes', 'credentials') !== '';
		}
	} catch {
		/* not a checkout */
	}
	return {
		packageDir: PACKAGE_DIR === REPO_ROOT ? '.' : path.relative(REPO_ROOT, PACKAGE_DIR),
		commit,
		uncommittedChangesInNodesOrCredentials: uncommitted,
		label: CODE_LABEL ?? null,
	};
}

function machineInfo() {
	let cpuinfo = '';
	try {
		cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
	} catch {
		/* not Linux */
	}
	return {
		cpuModel:
			/^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown',
		cores: os.availableParallelism(),
		node: process.version,
		os: `${os.type()} ${os.release()} ${os.arch()}`,
		totalMemoryMB: Math.round(os.totalmem() / (1024 * 1024)),
		loadAverage1m: { start: Math.round(os.loadavg()[0] * 100) / 100, end: NaN },
		otherProcessesCpuShare: NaN,
	};
}

// ---------------------------------------------------------------------------------------------

async function main() {
	const watchdog = setTimeout(() => {
		console.error(
			`bench (real n8n): still running after ${WATCHDOG_MS / 60_000} minutes; giving up`,
		);
		killAllChildren();
		process.exit(2);
	}, WATCHDOG_MS);
	watchdog.unref();
	const info = machineInfo();
	const measured = measuredCode();
	const code = (() => {
		try {
			return JSON.parse(readFileSync(path.join(PACKAGE_DIR, 'package.json'), 'utf8')) as {
				name: string;
				version: string;
			};
		} catch {
			return { name: 'n8n-nodes-crypto-payout', version: '?' };
		}
	})();

	instance = new N8nInstance({ n8nDir: N8N_DIR, node: process.execPath, log });
	log(`work folder ${instance.work}`);
	sandbox = await SandboxProcess.start();
	log(
		`sandbox gateway (own process, pid ${sandbox.pid}) on ${sandbox.urls.url}, latency ${CONFIG.latencyMs} ms per reply`,
	);

	const partA: Record<string, PartARun> = {};
	const partB: Record<string, PartBRun> = {};
	let feed: Batch | undefined;
	let seedShape = '';
	let n8nShape: StoreRow | undefined;
	const idle: number[] = [];
	let window:
		| {
				machine: ReturnType<typeof machineCpuSeconds>;
				self: NodeJS.CpuUsage;
				n8n: number;
				sandbox: number;
		  }
		| undefined;
	let othersShare = NaN;
	const seeds: Record<string, string[]> = {};
	const timings: Record<string, number> = {};
	try {
		// 1. The packed package, into a fresh user folder.
		let t = Date.now();
		const pack = await runCommand(
			'npm',
			['pack', '--silent', '--pack-destination', instance.work],
			{ cwd: PACKAGE_DIR, env: process.env, timeoutMs: 120_000 },
		);
		if (pack.code !== 0) throw new Error(`npm pack exited ${pack.code}\n${tail(pack.stderr)}`);
		const tarball = path.join(instance.work, pack.stdout.trim().split('\n').pop()!);
		await instance.installPackage(tarball, code.name);
		log(
			`packed and installed ${path.basename(tarball)} into .n8n/nodes (${((Date.now() - t) / 1000).toFixed(1)} s)`,
		);

		// 2. Credentials (the first command creates the database), workflows, seeds, publishing.
		t = Date.now();
		await instance.importJson('credentials', 'credentials', [
			{
				...CREDENTIALS.oxapay,
				data: { apiKey: SANDBOX_OXAPAY_KEY, baseUrl: sandbox.urls.oxapayBaseUrl },
			},
			{
				...CREDENTIALS.cregis,
				data: {
					baseUrl: sandbox.urls.cregisBaseUrl,
					projectId: SANDBOX_CREGIS.pid,
					apiKey: SANDBOX_CREGIS.apiKey,
				},
			},
		]);
		await instance.importJson(
			'workflow',
			'workflows',
			ALL_WORKFLOWS.map((w) => w.json),
		);
		timings.importSeconds = (Date.now() - t) / 1000;
		const columns = instance.tableColumns('processed_data').sort().join(',');
		if (columns !== 'context,createdAt,updatedAt,value,workflowId')
			throw new Error(
				`processed_data has columns ${columns}; the seed writes context, createdAt, updatedAt, value, workflowId`,
			);
		t = Date.now();
		const db = instance.db(false);
		try {
			for (const [key, target] of Object.entries(WORKFLOWS.partB)) {
				const size = Number(key.split('-')[1]);
				if (size === 0) continue;
				const entries = new Array<string>(size);
				for (let i = 0; i < size; i++) entries[i] = processedEntry(`bench-seed:${target.id}:${i}`);
				seedProcessedData(db, target.id, entries);
				seeds[target.id] = entries;
			}
			if (EMPTY_ROWS) {
				for (const target of ALL_WORKFLOWS) {
					if (target.provider && !seeds[target.id]) seedProcessedData(db, target.id, []);
				}
			}
		} finally {
			db.close();
		}
		const seededIds = Object.keys(seeds);
		const emptyRows = EMPTY_ROWS
			? ALL_WORKFLOWS.filter((w) => w.provider && !seeds[w.id]).length
			: 0;
		seedShape = seededIds.length
			? storeRow(seededIds[0], seeds[seededIds[0]]).shape
			: 'nothing seeded';
		instance.publishWorkflows(ALL_WORKFLOWS.map((w) => w.id));
		log(
			`imported 2 credentials + ${ALL_WORKFLOWS.length} workflows (${timings.importSeconds.toFixed(1)} s), seeded ${seededIds.length} processed_data rows${emptyRows ? ` (+ ${emptyRows} empty ones)` : ''} and published (${((Date.now() - t) / 1000).toFixed(1)} s)`,
		);

		// 3. n8n start, warm-up of every workflow shape, idle baseline.
		t = Date.now();
		await instance.start();
		timings.startSeconds = (Date.now() - t) / 1000;
		window = {
			machine: machineCpuSeconds(),
			self: process.cpuUsage(),
			n8n: groupCpuUs(instance.pid!),
			sandbox: processCpuUs(sandbox.pid!) ?? 0,
		};
		for (const [key, target] of Object.entries(WORKFLOWS.warm)) {
			const warm = await runBatch(target, CONFIG.warmup, `warm-${key}`);
			log(
				`warm-up ${key}: ${CONFIG.warmup} payouts in ${(warm.nodeWallMs / 1000).toFixed(2)} s${warm.webhookRetries ? ` (${warm.webhookRetries} retries while n8n registered its webhooks)` : ''}`,
			);
		}
		await runBatch(WORKFLOWS.feed, CONFIG.warmup, 'warm-feed');
		idle.push(await measureIdle());
		idleCpuUsPerSecond = idle[0];
		log(`idle baseline: ${(idle[0] / 1000).toFixed(1)} ms CPU/s`);

		// A. 1,000 payouts per provider × mapping.
		feed = await runBatch(WORKFLOWS.feed, CONFIG.partA.payouts, 'feed');
		log(
			`feed only: ${CONFIG.partA.payouts} rows through Webhook → Split Out, n8n CPU ${feed.cpuUsPerPayout.toFixed(0)} µs/row`,
		);
		for (const provider of PROVIDERS) {
			for (const mapping of MAPPINGS) {
				const key = `${provider}-${mapping}`;
				const target = WORKFLOWS.partA[key];
				log(`A ${key}: ${CONFIG.partA.payouts} payouts…`);
				const batch = await runBatch(target, CONFIG.partA.payouts, `a-${key}`);
				const floorMs = (CONFIG.partA.payouts * CONFIG.latencyMs) / CONFIG.concurrency;
				partA[key] = {
					...batch,
					floorMs,
					floorFraction: floorMs / batch.nodeWallMs,
					cpuModelFraction:
						CONFIG.latencyMs /
						(CONFIG.latencyMs + (CONFIG.concurrency * batch.cpuUsPerPayout) / 1000),
					store: storeRow(target.id),
				};
				log(
					`A ${key}: node ${(batch.nodeWallMs / 1000).toFixed(2)} s, ${partA[key].floorFraction.toFixed(3)} of the floor's speed, n8n CPU ${batch.cpuUsPerPayout.toFixed(0)} µs/payout`,
				);
			}
		}
		n8nShape = partA[`cregis-${MAPPINGS[0]}`]?.store;

		// B. History sizes.
		idle.push(await measureIdle());
		idleCpuUsPerSecond = (idle[0] + idle[1]) / 2;
		log(
			`idle baseline again: ${(idle[1] / 1000).toFixed(1)} ms CPU/s (mean ${(idleCpuUsPerSecond / 1000).toFixed(1)})`,
		);
		for (const provider of PROVIDERS) {
			for (const size of CONFIG.partB.historySizes) {
				const key = `${provider}-${size}`;
				const target = WORKFLOWS.partB[key];
				log(`B ${key}: ${CONFIG.partB.payouts} payouts with ${size} entries recorded before…`);
				const batch = await runBatch(target, CONFIG.partB.payouts, `b-${key}`);
				const store = storeRow(target.id, seeds[target.id]);
				const empty = partB[`${provider}-0`];
				const wallMsPerPayout = batch.nodeWallMs / batch.items;
				partB[key] = {
					...batch,
					historyEntries: size,
					wallMsPerPayout,
					wallRatioVsEmpty: empty ? wallMsPerPayout / empty.wallMsPerPayout : 1,
					cpuRatioVsEmpty: empty ? batch.cpuUsPerPayout / empty.cpuUsPerPayout : 1,
					store,
					unrecordedClaims: store.entries === null ? null : batch.items - (store.entries - size),
				};
				log(
					`B ${key}: ${wallMsPerPayout.toFixed(2)} ms/payout (×${partB[key].wallRatioVsEmpty.toFixed(2)}), n8n CPU ${batch.cpuUsPerPayout.toFixed(0)} µs/payout (×${partB[key].cpuRatioVsEmpty.toFixed(2)}), row now ${store.entries} entries`,
				);
			}
		}

		const machineEnd = machineCpuSeconds();
		if (window.machine && machineEnd) {
			const self = process.cpuUsage(window.self);
			const ours =
				(self.user +
					self.system +
					(groupCpuUs(instance.pid!) - window.n8n) +
					((processCpuUs(sandbox.pid!) ?? 0) - window.sandbox)) /
				1e6;
			othersShare = Math.max(
				0,
				(machineEnd.busy - window.machine.busy - ours) / (machineEnd.total - window.machine.total),
			);
		}
	} finally {
		await instance.stop();
		await sandbox.close();
		killAllChildren();
	}

	info.loadAverage1m.end = Math.round(os.loadavg()[0] * 100) / 100;
	info.otherProcessesCpuShare = Math.round(othersShare * 1000) / 1000;
	const misses: string[] = [];
	for (const [key, run] of Object.entries(partA)) {
		if (run.floorFraction < TARGETS.partAMinFloorFraction)
			misses.push(
				`A ${key}: ${run.floorFraction.toFixed(3)} of the floor's speed < ${TARGETS.partAMinFloorFraction}`,
			);
	}
	const byKey = <T>(record: Record<string, T>, pick: (value: T) => number | null) =>
		Object.fromEntries(Object.entries(record).map(([key, value]) => [key, pick(value)]));
	const json = {
		generatedAt: new Date().toISOString(),
		scale: SCALE,
		durationSeconds: Math.round((Date.now() - started) / 100) / 10,
		n8n: {
			version: instance.version,
			command: 'n8n start',
			mode: 'regular',
			database: 'sqlite',
			package: `${code.name}@${code.version} (npm pack, installed into .n8n/nodes)`,
		},
		code: measured,
		config: { ...CONFIG, emptyProcessedDataRows: EMPTY_ROWS },
		targets: TARGETS,
		ratios: {
			partASpeedOverFloorSpeed: byKey(partA, (run) => run.floorFraction),
			partBWallPerPayoutOverEmptyHistory: byKey(partB, (run) => run.wallRatioVsEmpty),
			partBCpuPerPayoutOverEmptyHistory: byKey(partB, (run) => run.cpuRatioVsEmpty),
		},
		partA,
		feedOnly: feed ?? null,
		partB,
		processedDataFormat: { seeded: seedShape, writtenByN8n: n8nShape?.shape ?? null },
		idleBaselineCpuUsPerSecond: idle,
		timings,
		machine: info,
		misses,
	};
	console.log(table(partA, feed, partB, info, seedShape, n8nShape, measured));
	if (misses.length) console.log(`\nMissed:\n${misses.map((m) => `   - ${m}`).join('\n')}`);
	const dir = path.join(REPO_ROOT, 'bench', 'results');
	mkdirSync(dir, { recursive: true });
	const target = path.join(dir, OUT);
	const temporary = path.join(dir, `real-n8n.${process.pid}.tmp.json`);
	writeFileSync(temporary, JSON.stringify(json, null, 2) + '\n');
	renameSync(temporary, target);
	console.log(`\nJSON: ${path.relative(process.cwd(), target) || target}`);
	if (KEEP) console.log(`n8n user folder, database and log kept in ${instance.work}`);
	else instance.removeWorkFolder();
	log('done');
}

process.on('exit', killAllChildren);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
	process.on(signal, () => {
		killAllChildren();
		process.exit(130);
	});
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		console.error(error);
		if (instance) console.error(`n8n log and database kept in ${instance.work}`);
		killAllChildren();
		process.exit(1);
	},
);

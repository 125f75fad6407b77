/**
 * "A reference is paid at most once" when things run at the same time, in the real n8n process.
 * Started by scripts/e2e.sh for n8n 2.41.1 (after e2e/run.mjs, or alone with E2E_ONLY=concurrency):
 *
 *   node e2e/concurrency.mjs --version 2.41.1 --n8n-dir .cache/n8n/2.41.1 --node-bin <dir>
 *                            --tarball <tgz> [--sandbox-cli .build/sandbox/cli.js]
 *                            [--summary-file counts.json] [--keep]
 *
 * The workflow (e2e/workflows/webhook-batch.json, one per provider): Webhook (POST, responds with
 * every item of the last node once the execution has finished) → Split Out `body.rows` → Crypto
 * Payout Create, fields mapped by expressions, Concurrency 8, Continue On Fail.
 *
 * Parts (E2E_CONCURRENCY_PARTS, comma-separated; default all three):
 *   regular  `n8n start` on SQLite.
 *   queue    a throw-away Postgres cluster + Redis, `n8n start` (EXECUTIONS_MODE=queue) and two
 *            `n8n worker --concurrency=1` (two simultaneous runs land in two processes).
 *   queue5   the same main, workers restarted with --concurrency=5 (runs share a process); skipped
 *            when the run is already past E2E_CONCURRENCY_QUEUE5_AFTER_S (default 330 s).
 * In each part:
 *   first batch   a new workflow's first execution, 40 rows → 40 paid with no error item; then
 *                 `POST /_sandbox/reset` (the provider forgets: OxaPay's history cannot help, Cregis's
 *                 third_party_id check cannot either) and the same batch again → 40 `duplicate`,
 *                 no new payout. So every reference must be in n8n's processed-data store.
 *   N at once     N = 2, 4, 8 simultaneous webhook calls with the same 24-row batch (fresh references
 *                 per round), sandbox latency E2E_CONCURRENCY_LATENCY_MS (default 120 ms). PASS only
 *                 when every reference is in the ledger exactly once and exactly one create request
 *                 per reference reached the sandbox (Cregis refuses a reused third_party_id with
 *                 E0009, so its ledger alone would hide a second send).
 *
 * Prints `PASS|FAIL|PENDING [n8n V] <check>: <detail>`, a table of the numbers, and
 * `e2e concurrency n8n V: N passed, N failed, N pending`. Every wait is bounded; every process
 * is stopped by process group on exit and the Postgres cluster is deleted.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

import {
	CheckFailure,
	START_TIMEOUT_MS,
	createN8n,
	createReporter,
	expect,
	freePort,
	http,
	installPackage,
	loadWorkflow,
	parseArgs,
	run,
	sandboxCredentials,
	sleep,
	startBackground,
	startSandbox,
	stopBackground,
	tail,
} from './lib/harness.mjs';
import { startPostgres, startRedis } from './lib/services.mjs';

const args = parseArgs(
	['version', 'n8n-dir', 'node-bin', 'tarball'],
	'node e2e/concurrency.mjs --version V --n8n-dir DIR --node-bin DIR --tarball TGZ [--sandbox-cli FILE] [--summary-file FILE] [--keep]',
);
const VERSION = args.version;
const TAG = `[n8n ${VERSION}]`;
const PARTS = (process.env.E2E_CONCURRENCY_PARTS ?? 'regular,queue,queue5')
	.split(',')
	.map((part) => part.trim());
const LATENCY_MS = Number(process.env.E2E_CONCURRENCY_LATENCY_MS ?? 120);
const QUEUE5_AFTER_S = Number(process.env.E2E_CONCURRENCY_QUEUE5_AFTER_S ?? 330);
const ROUNDS = [2, 4, 8];
const ROUND_ROWS = 24;
const FIRST_BATCH_ROWS = 40;
const HOOK_TIMEOUT_MS = 120_000;

const { report, check, count } = createReporter(TAG);

const WORK = mkdtempSync(path.join(os.tmpdir(), `crypto-payout-concurrency-${VERSION}-`));
const HOME = path.join(WORK, 'home');
const FILES = path.join(WORK, 'files');
const LOGS = path.join(WORK, 'logs');
for (const dir of [path.join(HOME, '.n8n', 'nodes'), FILES, LOGS])
	mkdirSync(dir, { recursive: true });
// One key from the first command on, for every process of every part (queue-mode workers need it).
const ENCRYPTION_KEY = randomBytes(24).toString('hex');
const cli = createN8n({
	nodeBinDir: path.resolve(args['node-bin']),
	n8nDir: path.resolve(args['n8n-dir']),
	home: HOME,
	files: FILES,
	work: WORK,
});

const TRON_ADDRESS = 'TXsmKpEuW7qWnXzJLGP9eDLvWPR2GRn1FS';
const REF_IN_DESCRIPTION = /^\[ref:([^\]\s]+)\]/;
const PROVIDERS = [
	{
		id: 'oxapay',
		label: 'OxaPay',
		short: 'OX',
		workflowId: 'cpxConcOxaPay0001',
		hookPath: 'cpx-concurrency-oxapay',
		webhookId: '6f1c2a52-0c1e-4d6b-9a0e-0a7a9e0c0101',
		credential: { type: 'oxaPayApi', id: 'cpxOxaPaySandbox', name: 'OxaPay (sandbox)' },
		createPath: '/payout',
		// OxaPay has no idempotency key: the node writes `[ref:REF] …` into the description.
		refOfEntry: (entry) => REF_IN_DESCRIPTION.exec(entry.description ?? '')?.[1],
		refOfCreate: (body) => REF_IN_DESCRIPTION.exec(body.description ?? '')?.[1],
	},
	{
		id: 'cregis',
		label: 'Cregis',
		short: 'CG',
		workflowId: 'cpxConcCregis0001',
		hookPath: 'cpx-concurrency-cregis',
		webhookId: '6f1c2a52-0c1e-4d6b-9a0e-0a7a9e0c0102',
		credential: { type: 'cregisApi', id: 'cpxCregisSandbox', name: 'Cregis (sandbox)' },
		createPath: '/api/v1/payout',
		refOfEntry: (entry) => entry.reference,
		refOfCreate: (body) => body.third_party_id,
	},
];
const WORKFLOWS = PROVIDERS.map((provider) =>
	loadWorkflow('e2e/workflows/webhook-batch.json', {
		__ID__: provider.workflowId,
		__PROVIDER__: provider.id,
		__PATH__: provider.hookPath,
		__WEBHOOK_ID__: provider.webhookId,
		__CRED_TYPE__: provider.credential.type,
		__CRED_ID__: provider.credential.id,
		__CRED_NAME__: provider.credential.name,
	}),
);

let sandbox;
/** One line per measurement, printed as a table at the end. */
const matrix = [];
const timings = {};

// ---------------------------------------------------------------- measuring
function batchRows(tag, count) {
	return Array.from({ length: count }, (_, index) => ({
		reference: `${tag}-${String(index + 1).padStart(2, '0')}`,
		address: TRON_ADDRESS,
		amount: (1 + (index + 1) / 100).toFixed(2),
		currency: 'USDT',
		network: 'TRC20',
		memo: '',
		description: `e2e concurrency ${tag}`,
	}));
}

/** One webhook call; never throws (a refused or timed-out call is part of the result). */
async function callHook(url, rows) {
	const started = Date.now();
	try {
		const reply = await http('POST', url, { body: { rows }, timeoutMs: HOOK_TIMEOUT_MS });
		return {
			...reply,
			items: Array.isArray(reply.json) ? reply.json : undefined,
			ms: Date.now() - started,
		};
	} catch (error) {
		return {
			status: 0,
			text: String(error?.cause ?? error),
			items: undefined,
			ms: Date.now() - started,
		};
	}
}

const countBy = (values) => {
	const counts = new Map();
	for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
	return counts;
};
const formatCounts = (counts) =>
	[...counts.entries()]
		.sort((a, b) => b[1] - a[1])
		.map(([key, n]) => `${n} ${key}`)
		.join(', ');

/** Which guard said "duplicate": the node's own claim, Cregis's third_party_id check, or OxaPay's history. */
function duplicateSource(item) {
	if (item.providerStatus === 'E0009') return 'duplicate (Cregis E0009)';
	if (/already submitted by this workflow/.test(item.message ?? '')) return 'duplicate (n8n store)';
	if (/already has payout/.test(item.message ?? '')) return 'duplicate (provider history)';
	return 'duplicate';
}

/** The item outcomes of some webhook replies: statuses and the distinct error texts. */
function outcomes(replies) {
	const items = replies.flatMap((reply) => reply.items ?? []);
	const statuses = countBy(
		items.map((item) =>
			item.error
				? 'error'
				: item.status === 'duplicate'
					? duplicateSource(item)
					: String(item.status),
		),
	);
	const errors = countBy(
		items
			.filter((item) => item.error)
			.map(
				(item) =>
					`${item.error.code ?? 'ERROR'}: ${String(item.error.message ?? JSON.stringify(item.error)).slice(0, 200)}`,
			),
	);
	const httpStatuses = countBy(
		replies.map((reply) =>
			reply.status === 0 ? `no reply (${reply.text.slice(0, 80)})` : `HTTP ${reply.status}`,
		),
	);
	const badReplies = replies.filter((reply) => reply.status !== 200 || !reply.items);
	return {
		items: items.length,
		statuses,
		errors,
		errorCount: [...errors.values()].reduce((a, b) => a + b, 0),
		httpStatuses,
		badReplies,
		text: `items: ${formatCounts(statuses) || 'none'}${errors.size ? ` [errors: ${formatCounts(errors)}]` : ''}; replies: ${formatCounts(httpStatuses)}${badReplies.length ? ` (first bad reply: ${badReplies[0].text.slice(0, 200)})` : ''}`,
	};
}

/** What reached the sandbox for these references: ledger entries and create requests, per reference. */
async function tally(provider, references) {
	const wanted = new Set(references);
	const entries = (await sandbox.ledger()).filter((entry) => entry.provider === provider.id);
	const paid = countBy(entries.map(provider.refOfEntry).filter((ref) => wanted.has(ref)));
	const creates = (await sandbox.requests()).filter(
		(request) =>
			request.provider === provider.id &&
			request.method === 'POST' &&
			request.path === provider.createPath,
	);
	const sent = countBy(
		creates
			.map((request) => {
				try {
					return provider.refOfCreate(JSON.parse(request.rawBody));
				} catch {
					return undefined;
				}
			})
			.filter((ref) => wanted.has(ref)),
	);
	const paidTwice = [...paid.entries()].filter(([, n]) => n > 1);
	const sentTwice = [...sent.entries()].filter(([, n]) => n > 1);
	return {
		paidRefs: new Set(paid.keys()),
		payouts: [...paid.values()].reduce((a, b) => a + b, 0),
		otherPayouts: entries.length - [...paid.values()].reduce((a, b) => a + b, 0),
		paidOnce: [...paid.values()].filter((n) => n === 1).length,
		paidTwice: paidTwice.length,
		maxPaid: Math.max(0, ...paid.values()),
		notPaid: references.filter((ref) => !paid.has(ref)).length,
		creates: [...sent.values()].reduce((a, b) => a + b, 0),
		duplicateCreates: sentTwice.reduce((sum, [, n]) => sum + n - 1, 0),
		sentTwice: sentTwice.length,
		examplePaidTwice: paidTwice.slice(0, 3).map(([ref, n]) => `${ref}×${n}`),
	};
}

// ---------------------------------------------------------------- checks
/** A new workflow's first execution at Concurrency 8, then the same batch after the provider forgot. */
async function firstBatchCheck(mode, provider) {
	const tag = `${mode.short}-${provider.short}-F`;
	const rows = batchRows(tag, FIRST_BATCH_ROWS);
	const references = rows.map((row) => row.reference);
	await sandbox.reset();
	const first = await callHook(mode.hookUrl(provider), rows);
	const firstOut = outcomes([first]);
	const firstTally = await tally(provider, references);
	await sandbox.reset();
	const second = await callHook(mode.hookUrl(provider), rows);
	const secondOut = outcomes([second]);
	const secondTally = await tally(provider, references);
	const created = (out) =>
		[...out.statuses.entries()]
			.filter(
				([status]) =>
					!status.startsWith('duplicate') && !['error', 'unknown', 'validated'].includes(status),
			)
			.reduce((a, [, n]) => a + n, 0);
	const duplicates = [...secondOut.statuses.entries()]
		.filter(([status]) => status.startsWith('duplicate'))
		.reduce((a, [, n]) => a + n, 0);
	// Paid in run 1 and paid again in run 2: the store lost the reference (a double payment).
	const paidAgain = [...secondTally.paidRefs].filter((ref) => firstTally.paidRefs.has(ref)).length;
	matrix.push({
		mode: mode.label,
		provider: provider.label,
		what: `first batch ${FIRST_BATCH_ROWS}`,
		payouts: `${firstTally.payouts} + ${secondTally.payouts} after reset`,
		paidTwice: String(paidAgain),
		duplicateCreates: String(paidAgain),
		errors: `${firstOut.errorCount} + ${secondOut.errorCount}`,
		errorTexts: [...new Set([...firstOut.errors.keys(), ...secondOut.errors.keys()])],
	});
	const detail =
		`run 1 (new workflow, ${FIRST_BATCH_ROWS} rows, Concurrency 8): ${created(firstOut)} created, ${firstOut.errorCount} error items, ledger ${firstTally.payouts} payouts (${firstTally.notPaid} references unpaid) — ${firstOut.text}; ` +
		`after POST /_sandbox/reset, the same batch: ${duplicates} duplicate, ${created(secondOut)} created, ledger ${secondTally.payouts} new payouts (${paidAgain} of them references already paid in run 1), ${secondTally.creates} create requests sent — ${secondOut.text}; ` +
		`${first.ms} + ${second.ms} ms`;
	expect(
		first.status === 200 &&
			firstOut.items === FIRST_BATCH_ROWS &&
			firstOut.errorCount === 0 &&
			created(firstOut) === FIRST_BATCH_ROWS &&
			firstTally.payouts === FIRST_BATCH_ROWS &&
			firstTally.paidOnce === FIRST_BATCH_ROWS &&
			second.status === 200 &&
			duplicates === FIRST_BATCH_ROWS &&
			secondTally.payouts === 0 &&
			secondTally.creates === 0,
		detail,
	);
	return detail;
}

const STARTED_EXECUTION = /Worker started execution (\d+) \(job (\d+)\)/g;

/** The most executions running at the same moment (from n8n's startedAt/stoppedAt). */
function peakOverlap(executions) {
	const events = executions.flatMap((execution) => [
		[execution.start, 1],
		[execution.stop ?? Date.now(), -1],
	]);
	events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
	let running = 0;
	let peak = 0;
	for (const [, delta] of events) peak = Math.max(peak, (running += delta));
	return peak;
}

/** Regular mode: the workflow's executions since `since` (ms), read from n8n's SQLite database. */
function sqliteExecutions(workflowId, since) {
	const { DatabaseSync } = createRequire(import.meta.url)('node:sqlite');
	const db = new DatabaseSync(path.join(HOME, '.n8n', 'database.sqlite'), { readOnly: true });
	try {
		const time = (text) => (text ? Date.parse(`${String(text).replace(' ', 'T')}Z`) : undefined);
		return db
			.prepare(
				'SELECT id, startedAt, stoppedAt FROM execution_entity WHERE workflowId = ? AND startedAt IS NOT NULL',
			)
			.all(workflowId)
			.map((row) => ({ id: row.id, start: time(row.startedAt), stop: time(row.stoppedAt) }))
			.filter((execution) => execution.start >= since);
	} finally {
		db.close();
	}
}

/** Queue mode: the same from Postgres. */
async function postgresExecutions(pg, workflowId, since) {
	const rows = await pg.query(
		`SELECT id, (extract(epoch from "startedAt") * 1000)::bigint, (extract(epoch from "stoppedAt") * 1000)::bigint FROM execution_entity ` +
			`WHERE "workflowId" = '${workflowId}' AND "startedAt" >= to_timestamp(${since / 1000})`,
	);
	return rows.map(([id, start, stop]) => ({
		id,
		start: Number(start),
		stop: stop ? Number(stop) : undefined,
	}));
}

/** N simultaneous webhook calls with the same batch: every reference paid once, sent once. */
async function simultaneousCheck(mode, provider, n) {
	const tag = `${mode.short}-${provider.short}-N${n}`;
	const rows = batchRows(tag, ROUND_ROWS);
	const references = rows.map((row) => row.reference);
	await sandbox.reset();
	const marks = (mode.workers ?? []).map((worker) => worker.output.length);
	const started = Date.now();
	// n8n stores times in ms; a little slack for the clock's rounding.
	const since = started - 20;
	const replies = await Promise.all(
		Array.from({ length: n }, () => callHook(mode.hookUrl(provider), rows)),
	);
	const elapsed = Date.now() - started;
	await sleep(200); // the last worker log lines
	const out = outcomes(replies);
	const result = await tally(provider, references);
	const perWorker = (mode.workers ?? []).map(
		(worker, index) => [...worker.output.slice(marks[index]).matchAll(STARTED_EXECUTION)].length,
	);
	const executions = await mode.executions(provider.workflowId, since);
	const peak = peakOverlap(executions);
	matrix.push({
		mode: mode.label,
		provider: provider.label,
		what: `${n} at once × ${ROUND_ROWS}`,
		payouts: String(result.payouts),
		paidTwice: String(result.paidTwice),
		duplicateCreates: String(result.duplicateCreates),
		errors: String(out.errorCount),
		errorTexts: [...out.errors.keys()],
		perWorker: perWorker.length ? perWorker.join('/') : undefined,
		peak: String(peak),
	});
	const detail =
		`${n} executions × ${ROUND_ROWS} rows: ledger ${result.payouts} payouts for ${ROUND_ROWS} references — ${result.paidTwice} paid twice or more${result.examplePaidTwice.length ? ` (${result.examplePaidTwice.join(', ')})` : ''}, ${result.notPaid} not paid; ` +
		`${result.creates} create requests reached the sandbox — ${result.duplicateCreates} duplicate creates for ${result.sentTwice} references; ` +
		`${out.text}; n8n recorded ${executions.length} executions, at most ${peak} running at once${perWorker.length ? `; executions per worker ${perWorker.join(' / ')}` : ''}; ${elapsed} ms`;
	expect(
		result.paidOnce === ROUND_ROWS &&
			result.payouts === ROUND_ROWS &&
			result.creates === ROUND_ROWS &&
			result.duplicateCreates === 0 &&
			out.badReplies.length === 0,
		detail,
	);
	// Only a run in which executions really overlapped proves anything.
	expect(
		executions.length === n && peak >= 2,
		`inconclusive: the executions did not run at the same time — ${detail}`,
	);
	return detail;
}

async function runMatrix(mode, { firstBatch = true } = {}) {
	if (firstBatch) {
		for (const provider of PROVIDERS) {
			await check(
				`${mode.label} ${provider.label}: a new workflow's first batch (${FIRST_BATCH_ROWS} rows, Concurrency 8) is paid once, and is all "duplicate" after the provider forgot`,
				() => firstBatchCheck(mode, provider),
			);
		}
	}
	for (const provider of PROVIDERS) {
		for (const n of ROUNDS) {
			await check(
				`${mode.label} ${provider.label}: ${n} simultaneous executions of one ${ROUND_ROWS}-row batch pay every reference exactly once`,
				() => simultaneousCheck(mode, provider, n),
			);
		}
	}
}

// ---------------------------------------------------------------- n8n processes
/** Waits until every webhook answers a real execution with 200 (an empty batch: no payout node runs). */
async function waitForWebhooks(mode, server, startedAt) {
	const pending = new Set(PROVIDERS);
	let last = '';
	while (Date.now() - startedAt < START_TIMEOUT_MS && !server.exited) {
		for (const provider of [...pending]) {
			const probe = await callHook(mode.hookUrl(provider), []);
			last = `${provider.label}: ${probe.status} ${probe.text.slice(0, 120)}`;
			if (probe.status === 200 && Array.isArray(probe.items) && probe.items.length === 0)
				pending.delete(provider);
		}
		if (pending.size === 0) return (Date.now() - startedAt) / 1000;
		await sleep(500);
	}
	throw new CheckFailure(
		`${server.exited ? 'n8n start exited' : `the webhooks did not answer 200 within ${START_TIMEOUT_MS / 1000} s`} (last probe ${last})\n${tail(server.output, 30)}`,
	);
}

async function startMain(mode, extraEnv, logName) {
	const port = await freePort();
	const base = `http://127.0.0.1:${port}`;
	mode.hookUrl = (provider) => `${base}/webhook/${provider.hookPath}`;
	const env = cli.env({
		...extraEnv,
		N8N_PORT: String(port),
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		WEBHOOK_URL: `${base}/`,
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		N8N_SECURE_COOKIE: 'false',
		N8N_EVENTBUS_LOGWRITER_LOGFULLPATH: path.join(LOGS, `events-${logName}.log`),
	});
	return startBackground(cli.node, [cli.bin, 'start'], {
		env,
		cwd: WORK,
		logFile: path.join(LOGS, `${logName}.log`),
	});
}

async function startWorker(extraEnv, name, concurrency) {
	const healthPort = await freePort();
	const env = cli.env({
		...extraEnv,
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		QUEUE_HEALTH_CHECK_ACTIVE: 'true',
		QUEUE_HEALTH_CHECK_PORT: String(healthPort),
		N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
		N8N_EVENTBUS_LOGWRITER_LOGFULLPATH: path.join(LOGS, `events-${name}.log`),
	});
	const state = startBackground(cli.node, [cli.bin, 'worker', `--concurrency=${concurrency}`], {
		env,
		cwd: WORK,
		logFile: path.join(LOGS, `${name}.log`),
	});
	state.name = name;
	state.healthUrl = `http://127.0.0.1:${healthPort}/healthz/readiness`;
	return state;
}

async function waitForWorkers(workers, startedAt) {
	const pending = new Set(workers);
	while (Date.now() - startedAt < START_TIMEOUT_MS) {
		for (const worker of [...pending]) {
			if (worker.exited)
				throw new CheckFailure(`${worker.name} exited\n${tail(worker.output, 30)}`);
			try {
				if ((await http('GET', worker.healthUrl, { timeoutMs: 3_000 })).status === 200)
					pending.delete(worker);
			} catch {
				/* not listening yet */
			}
		}
		if (pending.size === 0) return (Date.now() - startedAt) / 1000;
		await sleep(500);
	}
	throw new CheckFailure(
		`workers not ready within ${START_TIMEOUT_MS / 1000} s: ${[...pending].map((worker) => `${worker.name}\n${tail(worker.output, 15)}`).join('\n')}`,
	);
}

// ---------------------------------------------------------------- parts
async function regularPart() {
	const mode = {
		label: 'regular mode (n8n start, SQLite)',
		short: 'R',
		executions: async (id, since) => sqliteExecutions(id, since),
	};
	const extraEnv = { N8N_ENCRYPTION_KEY: ENCRYPTION_KEY };
	let server;
	try {
		const ready = await check(
			`${mode.label}: webhook workflows imported and published, every webhook answers 200`,
			async () => {
				await cli.importCredentials(await sandboxCredentials(sandbox), { extraEnv });
				await cli.importWorkflow(WORKFLOWS, { extraEnv });
				for (const workflow of WORKFLOWS) await cli.activateWorkflow(workflow.id, { extraEnv });
				const startedAt = Date.now();
				server = await startMain(mode, extraEnv, 'regular-main');
				const seconds = await waitForWebhooks(mode, server, startedAt);
				return `n8n start answered both webhooks with 200 after ${seconds.toFixed(1)} s`;
			},
		);
		if (ready) await runMatrix(mode);
	} finally {
		await stopBackground(server);
	}
}

async function queueParts() {
	const label = (concurrency) =>
		`queue mode (Postgres, Redis, main + 2 workers --concurrency=${concurrency})`;
	const mode = { label: label(1), short: 'Q1', workers: [] };
	let pg;
	let redis;
	let main;
	const allWorkers = [];
	const startedAt = Date.now();
	try {
		let queueEnv;
		const ready = await check(
			`${mode.label}: started from scratch, webhook workflows active, every webhook answers 200`,
			async () => {
				const pgDir = path.join(WORK, 'pg');
				mkdirSync(pgDir);
				pg = await startPostgres({ dir: pgDir, work: WORK });
				mode.executions = (id, since) => postgresExecutions(pg, id, since);
				redis = await startRedis({
					dir: path.join(WORK, 'redis'),
					logFile: path.join(LOGS, 'redis.log'),
				});
				const services = `${pg.version} on 127.0.0.1:${pg.port}, Redis ${redis.version} on 127.0.0.1:${redis.port}`;
				queueEnv = {
					N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
					EXECUTIONS_MODE: 'queue',
					DB_TYPE: 'postgresdb',
					DB_POSTGRESDB_HOST: pg.host,
					DB_POSTGRESDB_PORT: String(pg.port),
					DB_POSTGRESDB_DATABASE: pg.database,
					DB_POSTGRESDB_USER: pg.user,
					DB_POSTGRESDB_PASSWORD: pg.password,
					QUEUE_BULL_REDIS_HOST: redis.host,
					QUEUE_BULL_REDIS_PORT: String(redis.port),
					QUEUE_BULL_PREFIX: `cpx-e2e-${randomBytes(4).toString('hex')}`,
				};
				const imported = await cli.importCredentials(await sandboxCredentials(sandbox), {
					extraEnv: queueEnv,
				});
				// Queue mode lets the import activate the workflows (their JSON says "active": true).
				await cli.importWorkflow(WORKFLOWS, {
					extraEnv: queueEnv,
					flags: ['--activeState=fromJson'],
				});
				const rows = await pg.query(
					`SELECT id, "activeVersionId" FROM workflow_entity WHERE id IN (${WORKFLOWS.map((workflow) => `'${workflow.id}'`).join(',')})`,
				);
				const active = rows.filter(([, versionId]) => versionId).map(([id]) => id);
				for (const workflow of WORKFLOWS)
					if (!active.includes(workflow.id))
						await cli.activateWorkflow(workflow.id, { extraEnv: queueEnv });
				const t0 = Date.now();
				main = await startMain(mode, queueEnv, 'queue-main');
				mode.workers = [
					await startWorker(queueEnv, 'worker-1', 1),
					await startWorker(queueEnv, 'worker-2', 1),
				];
				allWorkers.push(...mode.workers);
				const workersReady = await waitForWorkers(mode.workers, t0);
				const seconds = await waitForWebhooks(mode, main, t0);
				return `${services}; migrations + imports ${((t0 - startedAt) / 1000).toFixed(1)} s (first command ${(imported.ms / 1000).toFixed(1)} s); workers ready after ${workersReady.toFixed(1)} s, both webhooks 200 after ${seconds.toFixed(1)} s`;
			},
		);
		if (!ready) return;
		timings['queue setup'] = (Date.now() - startedAt) / 1000;
		const t1 = Date.now();
		if (PARTS.includes('queue')) await runMatrix(mode);
		timings['queue --concurrency=1 checks'] = (Date.now() - t1) / 1000;

		if (!PARTS.includes('queue5')) return;
		const mode5 = {
			label: label(5),
			short: 'Q5',
			hookUrl: mode.hookUrl,
			executions: mode.executions,
			workers: [],
		};
		if ((Date.now() - RUN_STARTED) / 1000 > QUEUE5_AFTER_S) {
			report(
				'PENDING',
				`${mode5.label}: simultaneous executions in one worker process`,
				`not run: the concurrency run is already ${((Date.now() - RUN_STARTED) / 1000).toFixed(0)} s old (E2E_CONCURRENCY_QUEUE5_AFTER_S=${QUEUE5_AFTER_S})`,
			);
			return;
		}
		const t2 = Date.now();
		const restarted = await check(
			`${mode5.label}: workers restarted with --concurrency=5`,
			async () => {
				await Promise.all(mode.workers.map((worker) => stopBackground(worker)));
				const t0 = Date.now();
				mode5.workers = [
					await startWorker(queueEnv, 'worker-5a', 5),
					await startWorker(queueEnv, 'worker-5b', 5),
				];
				allWorkers.push(...mode5.workers);
				const seconds = await waitForWorkers(mode5.workers, t0);
				// A real execution through the new workers.
				await waitForWebhooks(mode5, main, t0);
				return `ready after ${seconds.toFixed(1)} s`;
			},
		);
		if (restarted) await runMatrix(mode5, { firstBatch: false });
		timings['queue --concurrency=5 checks'] = (Date.now() - t2) / 1000;
	} finally {
		await Promise.all([
			stopBackground(main),
			...allWorkers.map((worker) => stopBackground(worker)),
		]);
		if (redis) await redis.stop();
		if (pg) await pg.stop();
	}
}

// ---------------------------------------------------------------- main
const RUN_STARTED = Date.now();
function printMatrix() {
	if (matrix.length === 0) return;
	console.log(
		`\n› ${TAG} concurrency numbers (sandbox latency ${LATENCY_MS} ms; payouts = ledger entries for the batch's references; paid 2× = references paid more than once, in the first batch: paid again after the reset; peak = most executions running at once)`,
	);
	console.log(
		`  ${'mode'.padEnd(62)} ${'provider'.padEnd(8)} ${'batch'.padEnd(16)} ${'payouts'.padEnd(20)} ${'paid 2×'.padEnd(7)} ${'dup creates'.padEnd(11)} ${'item errors'.padEnd(11)} ${'peak'.padEnd(4)} per worker`,
	);
	for (const row of matrix) {
		console.log(
			`  ${row.mode.padEnd(62)} ${row.provider.padEnd(8)} ${row.what.padEnd(16)} ${row.payouts.padEnd(20)} ${row.paidTwice.padEnd(7)} ${row.duplicateCreates.padEnd(11)} ${row.errors.padEnd(11)} ${(row.peak ?? '-').padEnd(4)} ${row.perWorker ?? ''}`,
		);
	}
	const texts = [...new Set(matrix.flatMap((row) => row.errorTexts))];
	if (texts.length)
		console.log(`  item error texts: ${texts.map((text) => JSON.stringify(text)).join('; ')}`);
}

async function main() {
	console.log(`› ${TAG} concurrency checks (${PARTS.join(', ')}), work folder ${WORK}`);
	const version = await run(cli.node, [cli.bin, '--version'], {
		env: cli.env(),
		cwd: WORK,
		timeoutMs: 60_000,
	});
	expect(
		version.stdout.trim() === VERSION,
		`n8n --version printed ${JSON.stringify(version.stdout.trim())}`,
	);

	const ready = await check(
		`concurrency set-up: packed package installed, sandbox on loopback with ${LATENCY_MS} ms latency`,
		async () => {
			await installPackage({
				home: HOME,
				tarball: path.resolve(args.tarball),
				nodeBinDir: path.resolve(args['node-bin']),
			});
			sandbox = await startSandbox({
				cli: args['sandbox-cli'],
				logFile: path.join(LOGS, 'sandbox.log'),
			});
			await sandbox.setLatency(LATENCY_MS);
			return `${path.basename(args.tarball)}; sandbox ${sandbox.url}`;
		},
	);
	if (ready) {
		if (PARTS.includes('regular')) {
			const t = Date.now();
			await regularPart();
			timings.regular = (Date.now() - t) / 1000;
		}
		if (PARTS.includes('queue') || PARTS.includes('queue5')) {
			const t = Date.now();
			await queueParts();
			timings['queue (all)'] = (Date.now() - t) / 1000;
		}
	}
	if (sandbox) await stopBackground(sandbox);
	printMatrix();
	const total = (Date.now() - RUN_STARTED) / 1000;
	console.log(
		`› ${TAG} concurrency time: ${Object.entries(timings)
			.map(([part, seconds]) => `${part} ${seconds.toFixed(0)} s`)
			.join(', ')}; total ${total.toFixed(0)} s`,
	);
	console.log(
		`e2e concurrency n8n ${VERSION}: ${count('PASS')} passed, ${count('FAIL')} failed, ${count('PENDING')} pending (${total.toFixed(0)} s)`,
	);
	if (args['summary-file']) {
		writeFileSync(
			args['summary-file'],
			JSON.stringify({
				version: VERSION,
				passed: count('PASS'),
				failed: count('FAIL'),
				pending: count('PENDING'),
				timings,
				matrix,
			}),
		);
	}
	if (args.keep || count('FAIL') > 0)
		console.log(`› ${TAG} concurrency logs kept in ${WORK} (logs/, home/)`);
	else rmSync(WORK, { recursive: true, force: true });
	process.exitCode = count('FAIL') > 0 ? 1 : 0;
}

main().catch((error) => {
	console.error(`FAIL ${TAG} concurrency runner: ${error?.stack ?? error}`);
	process.exit(1);
});

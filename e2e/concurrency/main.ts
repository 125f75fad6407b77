/**
 * "A reference is paid at most once" when things run at the same time, in the real n8n process.
 * Started by scripts/e2e.sh for n8n 2.41.1 (after basic/, or alone with E2E_ONLY=concurrency):
 *
 *   node <build>/e2e/concurrency/main.js --version 2.41.1 --tarball <tgz>
 *        [--sandbox-cli <sandbox/cli.js>] [--summary-file counts.json] [--keep]
 *
 * The workflow (e2e/workflows/webhook-batch.json, one per provider): Webhook (POST, responds with
 * every item of the last node once the execution has finished) → Split Out `body.rows` → Crypto
 * Payout Create, fields mapped by expressions, Concurrency 8, Continue On Fail.
 *
 * Parts (E2E_CONCURRENCY_PARTS, comma-separated; default all three; modes.ts):
 *   regular  `n8n start` on SQLite.
 *   queue    a throw-away Postgres cluster + Redis, `n8n start` (EXECUTIONS_MODE=queue) and two
 *            `n8n worker --concurrency=1` (two simultaneous runs land in two processes).
 *   queue5   the same main, workers restarted with --concurrency=5 (runs share a process); skipped
 *            when the run is already past E2E_CONCURRENCY_QUEUE5_AFTER_S (default 330 s).
 * In each part (checks.ts):
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
import path from 'node:path';

import { makeWorkFolder, N8nInstance, SandboxGateway } from '../kit';
import { createReporter, expect, parseRunnerArgs, runRunner } from '../runner';
import type { ConcurrencyContext, MatrixRow } from './checks';
import { webhookWorkflows } from './measure';
import { queueParts, regularPart, type Layout } from './modes';

const args = parseRunnerArgs('e2e/concurrency/main.js');
const TAG = `[n8n ${args.version}]`;
const PARTS = (process.env.E2E_CONCURRENCY_PARTS ?? 'regular,queue,queue5')
	.split(',')
	.map((part) => part.trim());
const LATENCY_MS = Number(process.env.E2E_CONCURRENCY_LATENCY_MS ?? 120);
const QUEUE5_AFTER_S = Number(process.env.E2E_CONCURRENCY_QUEUE5_AFTER_S ?? 330);
const RUN_STARTED = Date.now();

const reporter = createReporter(TAG);
const matrix: MatrixRow[] = [];
const timings: Record<string, number> = {};

function printMatrix(): void {
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

void runRunner(
	{
		args,
		reporter,
		label: `e2e concurrency n8n ${args.version}`,
		tag: TAG,
		extra: () => ({ timings, matrix }),
	},
	async (install) => {
		const work = makeWorkFolder(`crypto-payout-concurrency-${args.version}-`);
		const layout: Layout = {
			install,
			work,
			home: path.join(work, 'home'),
			logs: path.join(work, 'logs'),
			// One key from the first command on, for every process of every part (queue-mode workers need it).
			encryptionKey: randomBytes(24).toString('hex'),
			workflows: webhookWorkflows(),
		};
		const n8n = new N8nInstance(layout);
		console.log(`› ${TAG} concurrency checks (${PARTS.join(', ')}), work folder ${work}`);
		const version = await n8n.n8nVersion();
		expect(version === args.version, `n8n --version printed ${JSON.stringify(version)}`);

		let sandbox: SandboxGateway | undefined;
		const ready = await reporter.check(
			`concurrency set-up: packed package installed, sandbox on loopback with ${LATENCY_MS} ms latency`,
			async () => {
				await n8n.installPackage(args.tarball);
				sandbox = await SandboxGateway.start({
					cli: args.sandboxCli,
					logFile: path.join(layout.logs, 'sandbox.log'),
				});
				await sandbox.setLatency(LATENCY_MS);
				return `${path.basename(args.tarball)}; sandbox ${sandbox.url}`;
			},
		);
		if (ready && sandbox) {
			const context: ConcurrencyContext = { reporter, sandbox, matrix };
			if (PARTS.includes('regular')) {
				const t = Date.now();
				await regularPart(context, layout);
				timings.regular = (Date.now() - t) / 1000;
			}
			if (PARTS.includes('queue') || PARTS.includes('queue5')) {
				const t = Date.now();
				await queueParts(context, layout, {
					parts: PARTS,
					runStarted: RUN_STARTED,
					queue5AfterS: QUEUE5_AFTER_S,
					timings,
				});
				timings['queue (all)'] = (Date.now() - t) / 1000;
			}
		}
		await sandbox?.stop(30_000);
		printMatrix();
		const total = (Date.now() - RUN_STARTED) / 1000;
		console.log(
			`› ${TAG} concurrency time: ${Object.entries(timings)
				.map(([part, seconds]) => `${part} ${seconds.toFixed(0)} s`)
				.join(', ')}; total ${total.toFixed(0)} s`,
		);
		return { work, kept: 'concurrency logs kept in (logs/, home/):' };
	},
);

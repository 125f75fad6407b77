/**
 * The payout ledger (issue 16) in the real n8n CLI, queue mode. Started by scripts/e2e.sh for
 * n8n 2.41.1 (after concurrency/, or alone with E2E_ONLY=ledger):
 *
 *   node <build>/e2e/ledger/main.js --version 2.41.1 --tarball <tgz>
 *        [--sandbox-cli <sandbox/cli.js>] [--summary-file counts.json] [--keep]
 *
 * Set-up (stack.ts): the kit's throw-away Postgres + Redis; the ledger is a schema of n8n's own
 * database; `n8n start` and two workers; the sandbox (latency E2E_LEDGER_LATENCY_MS, 120 ms)
 * with a second OxaPay key and a second Cregis project; four credentials, two accounts per
 * provider, all pointing at the one ledger. Every Create has Queue Mode Safety Wait 20 000 ms.
 *
 * Order: first kill.ts's kill -9 (4.) of both workers mid-batch (--concurrency=1, latency 300 ms);
 * new workers at --concurrency=1, Find by Reference on the cut batches; then with the workers at
 * --concurrency=1 and again at =5 (E2E_LEDGER_CONCURRENCY, "1,5"):
 *   races.ts   1. two workflows (OxaPay, Cregis) and 2. two accounts of one provider, 2 / 4 / 8
 *              executions at once paying the same 24 references: each paid exactly once.
 *   stall.ts   3. a writer stalled 2 s inside its claim: nothing paid twice, no 20 s wait.
 *   limit.ts   5. 100 USDT per 24 h across 3 executions of 40 USDT: at most 100 paid.
 * and last, once the cut claims are a minute old: Release / Resolve through the provider's other
 * account must leave account 1's references alone (other-account.ts), then Resolve / Release and a
 * re-run (kill.ts): each reference of the cut batches paid exactly once in total.
 * E2E_LEDGER_URL_EMPTY=1 runs the same with the credentials' ledger URL left empty (and n8n's
 * default Safety Wait): the proof that the checks fail without the ledger.
 *
 * Prints `PASS|FAIL|PENDING [n8n V] <check>: <detail>`, a table of the numbers, the time per part
 * and `e2e ledger n8n V: N passed, N failed, N pending`. Every wait is bounded; every process is
 * stopped by process group on exit and the Postgres cluster is deleted.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

import { makeWorkFolder, SandboxGateway, type N8nInstance, type QueueServices } from '../kit';
import { createReporter, expect, parseRunnerArgs, runRunner } from '../runner';
import { foundCheck, killCheck, resolvedCheck } from './kill';
import { limitChecks } from './limit';
import { otherAccountCheck } from './other-account';
import { raceChecks } from './races';
import { startStack, switchWorkers, type LedgerRun, type Mode, type NumbersRow } from './stack';
import { allHooks, ledgerHooks, SECOND_CREGIS, SECOND_OXAPAY_KEY, type Hook } from './workflows';
import { stallChecks } from './stall';

const args = parseRunnerArgs('e2e/ledger/main.js');
const TAG = `[n8n ${args.version}]`;
const WITH_LEDGER = process.env.E2E_LEDGER_URL_EMPTY !== '1';
const LATENCY_MS = Number(process.env.E2E_LEDGER_LATENCY_MS ?? 120);
const CONCURRENCIES = (process.env.E2E_LEDGER_CONCURRENCY ?? '1,5')
	.split(',')
	.map((value) => Number(value.trim()));
const RUN_STARTED = Date.now();
const KEPT = 'ledger logs kept in (logs/, home/):';

const reporter = createReporter(TAG);
const numbers: NumbersRow[] = [];
const timings: Record<string, number> = {};

async function timed<T>(part: string, work: () => Promise<T>): Promise<T> {
	const started = Date.now();
	try {
		return await work();
	} finally {
		timings[part] = (Date.now() - started) / 1000;
	}
}

function printNumbers(): void {
	if (numbers.length === 0) return;
	console.log(
		`\n› ${TAG} ledger numbers (sandbox latency ${LATENCY_MS} ms; payouts = sandbox payouts for the references, both providers and all accounts; paid 2× = references paid more than once; peak = most executions running at once)`,
	);
	console.log(
		`  ${'mode'.padEnd(36)} ${'what'.padEnd(62)} ${'payouts'.padEnd(28)} ${'paid 2×'.padEnd(7)} ${'items'.padEnd(34)} ${'peak'.padEnd(4)} ${'per worker'.padEnd(10)} s`,
	);
	for (const row of numbers)
		console.log(
			`  ${row.mode.padEnd(36)} ${row.what.padEnd(62)} ${row.payouts.padEnd(28)} ${String(row.paidTwice).padEnd(7)} ${row.items.padEnd(34)} ${String(row.peak ?? '-').padEnd(4)} ${(row.perWorker ?? '-').padEnd(10)} ${row.seconds.toFixed(1)}`,
		);
}

/** New workers at `concurrency` (the old ones stopped, or already killed); undefined when that failed. */
async function restartWorkers(
	previous: Mode,
	concurrency: number,
	why: string,
	hooks: Hook[],
): Promise<Mode | undefined> {
	let mode: Mode | undefined;
	await reporter.check(`workers restarted with --concurrency=${concurrency} ${why}`, async () => {
		mode = await switchWorkers(previous, concurrency, hooks);
		return 'both ready, every webhook answers 200';
	});
	return mode;
}

/** Checks 1, 2, 3 and 5 in one mode. */
async function journeys(run: LedgerRun, mode: Mode): Promise<void> {
	await timed(`checks at --concurrency=${mode.concurrency}`, async () => {
		await raceChecks(run, mode);
		await stallChecks(run, mode);
		await limitChecks(run, mode);
	});
}

void runRunner(
	{
		args,
		reporter,
		label: `e2e ledger n8n ${args.version}`,
		tag: TAG,
		extra: () => ({ timings, numbers }),
	},
	async (install) => {
		const work = makeWorkFolder(`crypto-payout-ledger-${args.version}-`);
		const logs = path.join(work, 'logs');
		mkdirSync(logs, { recursive: true });
		const hooks = ledgerHooks(WITH_LEDGER);
		console.log(
			`› ${TAG} ledger checks${WITH_LEDGER ? '' : ' WITH THE LEDGER URL LEFT EMPTY (E2E_LEDGER_URL_EMPTY=1)'}, work folder ${work}`,
		);
		let sandbox: SandboxGateway | undefined;
		let services: QueueServices | undefined;
		let n8n: N8nInstance | undefined;
		try {
			let mode: Mode | undefined;
			let ledgerUrl = '';
			const ready = await timed('set-up', () =>
				reporter.check(
					`ledger set-up: queue mode (Postgres, Redis, main + 2 workers --concurrency=${CONCURRENCIES[0]}), the ledger in n8n's Postgres, 4 credentials (2 accounts per provider) on it, every webhook answers 200`,
					async () => {
						sandbox = await SandboxGateway.start({
							cli: args.sandboxCli,
							logFile: path.join(logs, 'sandbox.log'),
							oxapayKeys: [SECOND_OXAPAY_KEY],
							cregisProjects: [SECOND_CREGIS],
						});
						await sandbox.setLatency(LATENCY_MS);
						const stack = await startStack({
							install,
							tarball: args.tarball,
							work,
							logs,
							encryptionKey: randomBytes(24).toString('hex'),
							urls: await sandbox.urls(),
							withLedger: WITH_LEDGER,
							hooks: allHooks(hooks),
							concurrency: CONCURRENCIES[0],
							onServices: (started) => (services = started),
							onInstance: (instance) => (n8n = instance),
						});
						mode = stack.mode;
						ledgerUrl = stack.ledgerUrl;
						const version = await mode.n8n.n8nVersion();
						expect(version === args.version, `n8n --version printed ${JSON.stringify(version)}`);
						return stack.described;
					},
				),
			);
			if (!ready || !mode || !sandbox || !services) return { work, kept: KEPT };
			const run: LedgerRun = {
				reporter,
				sandbox,
				postgres: services.postgres,
				hooks,
				ledgerUrl,
				latencyMs: LATENCY_MS,
				numbers,
			};
			// The kill first: the minute Release Reference waits for passes during the other checks.
			const killed = mode;
			const kill = await timed('kill -9', () => killCheck(run, killed));
			let current: Mode | undefined = killed;
			for (const [index, concurrency] of CONCURRENCIES.entries()) {
				const why = index === 0 ? 'after the kill' : `after --concurrency=${CONCURRENCIES[0]}`;
				const previous: Mode = current;
				current = await timed(`workers ${why}`, () =>
					restartWorkers(previous, concurrency, why, allHooks(hooks)),
				);
				if (!current) return { work, kept: KEPT };
				const now: Mode = current;
				if (index === 0 && kill)
					await timed('Find after the kill', () => foundCheck(run, now, kill));
				await journeys(run, now);
			}
			if (kill) {
				const last: Mode = current;
				await timed('another account', () => otherAccountCheck(run, last, kill));
				await timed('Resolve and Release', () => resolvedCheck(run, last, kill));
			}
		} finally {
			await n8n?.stopAll();
			await services?.stop();
			await sandbox?.stop(30_000);
			printNumbers();
			console.log(
				`› ${TAG} ledger time: ${Object.entries(timings)
					.map(([part, seconds]) => `${part} ${seconds.toFixed(0)} s`)
					.join(', ')}; total ${((Date.now() - RUN_STARTED) / 1000).toFixed(0)} s`,
			);
		}
		return { work, kept: KEPT };
	},
);

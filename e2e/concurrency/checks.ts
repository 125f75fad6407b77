/**
 * The concurrency checks of one mode (regular, queue): a new workflow's first batch, then N = 2,
 * 4, 8 simultaneous executions of one batch. PASS only when every reference is paid once and sent
 * once; every measurement also goes into the matrix printed at the end.
 */
import { sleep, type N8nInstance, type N8nMain, type N8nWorker, type SandboxGateway } from '../kit';
import { expect, type Reporter } from '../runner';
import { createdCount, duplicateCount, outcomes, PROVIDERS, tally, type Provider } from './measure';
import { batchRows, callHook, peakOverlap } from '../webhook-batch';

export const ROUNDS = [2, 4, 8];
export const ROUND_ROWS = 24;
export const FIRST_BATCH_ROWS = 40;

/** One n8n layout under test. */
export interface Mode {
	label: string;
	short: string;
	n8n: N8nInstance;
	main: N8nMain;
	workers: N8nWorker[];
}

/** One line of the matrix printed at the end. */
export interface MatrixRow {
	mode: string;
	provider: string;
	what: string;
	payouts: string;
	paidTwice: string;
	duplicateCreates: string;
	errors: string;
	errorTexts: string[];
	perWorker?: string;
	peak?: string;
}

export interface ConcurrencyContext {
	reporter: Reporter;
	sandbox: SandboxGateway;
	matrix: MatrixRow[];
}

const hookUrl = (mode: Mode, provider: Provider) => mode.main.webhookUrl(provider.hookPath);

/** A new workflow's first execution at Concurrency 8, then the same batch after the provider forgot. */
async function firstBatchCheck(
	{ sandbox, matrix }: ConcurrencyContext,
	mode: Mode,
	provider: Provider,
): Promise<string> {
	const tag = `${mode.short}-${provider.short}-F`;
	const rows = batchRows(tag, FIRST_BATCH_ROWS);
	const references = rows.map((row) => row.reference);
	await sandbox.reset();
	const first = await callHook(hookUrl(mode, provider), rows);
	const firstOut = outcomes([first]);
	const firstTally = await tally(sandbox, provider, references);
	await sandbox.reset();
	const second = await callHook(hookUrl(mode, provider), rows);
	const secondOut = outcomes([second]);
	const secondTally = await tally(sandbox, provider, references);
	const duplicates = duplicateCount(secondOut);
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
		`run 1 (new workflow, ${FIRST_BATCH_ROWS} rows, Concurrency 8): ${createdCount(firstOut)} created, ${firstOut.errorCount} error items, ledger ${firstTally.payouts} payouts (${firstTally.notPaid} references unpaid) — ${firstOut.text}; ` +
		`after POST /_sandbox/reset, the same batch: ${duplicates} duplicate, ${createdCount(secondOut)} created, ledger ${secondTally.payouts} new payouts (${paidAgain} of them references already paid in run 1), ${secondTally.creates} create requests sent — ${secondOut.text}; ` +
		`${first.ms} + ${second.ms} ms`;
	expect(
		first.status === 200 &&
			firstOut.items === FIRST_BATCH_ROWS &&
			firstOut.errorCount === 0 &&
			createdCount(firstOut) === FIRST_BATCH_ROWS &&
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

/** N simultaneous webhook calls with the same batch: every reference paid once, sent once. */
async function simultaneousCheck(
	{ sandbox, matrix }: ConcurrencyContext,
	mode: Mode,
	provider: Provider,
	n: number,
): Promise<string> {
	const tag = `${mode.short}-${provider.short}-N${n}`;
	const rows = batchRows(tag, ROUND_ROWS);
	const references = rows.map((row) => row.reference);
	await sandbox.reset();
	const marks = mode.workers.map((worker) => worker.output.length);
	const started = Date.now();
	// n8n stores times in ms; a little slack for the clock's rounding.
	const since = started - 20;
	const replies = await Promise.all(
		Array.from({ length: n }, () => callHook(hookUrl(mode, provider), rows)),
	);
	const elapsed = Date.now() - started;
	await sleep(200); // the last worker log lines
	const out = outcomes(replies);
	const result = await tally(sandbox, provider, references);
	const perWorker = mode.workers.map(
		(worker, index) => [...worker.output.slice(marks[index]).matchAll(STARTED_EXECUTION)].length,
	);
	const executions = await mode.n8n.executions(provider.workflowId, { since });
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

/** Every check of one mode: the first batch per provider (unless skipped), then the rounds. */
export async function runMatrix(
	context: ConcurrencyContext,
	mode: Mode,
	{ firstBatch = true } = {},
): Promise<void> {
	const { check } = context.reporter;
	if (firstBatch) {
		for (const provider of PROVIDERS) {
			await check(
				`${mode.label} ${provider.label}: a new workflow's first batch (${FIRST_BATCH_ROWS} rows, Concurrency 8) is paid once, and is all "duplicate" after the provider forgot`,
				() => firstBatchCheck(context, mode, provider),
			);
		}
	}
	for (const provider of PROVIDERS) {
		for (const n of ROUNDS) {
			await check(
				`${mode.label} ${provider.label}: ${n} simultaneous executions of one ${ROUND_ROWS}-row batch pay every reference exactly once`,
				() => simultaneousCheck(context, mode, provider, n),
			);
		}
	}
}

/**
 * Checks 1 and 2: two different workflows pay the same 24 references at the same time, N = 2, 4
 * and 8 executions at once (half of them each), through credentials that share one payout ledger:
 *   1. one workflow pays with OxaPay, the other with Cregis;
 *   2. both on one provider, each through its own account (a second OxaPay key: OxaPay's history
 *      is per key; a second Cregis project: its third_party_id check is per project), so nothing
 *      but the ledger is shared between them.
 * PASS only when every reference is paid exactly once, counted in the sandbox across providers
 * and accounts, with one create request each, and the executions really overlapped.
 */
import { sleep } from '../kit';
import { expect } from '../runner';
import { logMarks, longestSeconds, outcomes, startedSince, tally, tallyText } from './batches';
import { batchRows, callHook, peakOverlap } from '../webhook-batch';
import type { LedgerRun, Mode } from './stack';
import type { Hook } from './workflows';

export const ROUNDS = [2, 4, 8];
export const ROUND_ROWS = 24;

interface Pairing {
	short: string;
	label: string;
	pick: (run: LedgerRun) => [Hook, Hook];
}

export const PAIRINGS: Pairing[] = [
	{
		short: 'PV',
		label: 'two workflows, OxaPay and Cregis',
		pick: ({ hooks }) => [hooks.create.OX1, hooks.create.CG1],
	},
	{
		short: 'OA',
		label: 'two workflows, OxaPay key 1 and OxaPay key 2',
		pick: ({ hooks }) => [hooks.create.OX1, hooks.create.OX2],
	},
	{
		short: 'CA',
		label: 'two workflows, Cregis project 1 and Cregis project 2',
		pick: ({ hooks }) => [hooks.create.CG1, hooks.create.CG2],
	},
];

async function raceCheck(run: LedgerRun, mode: Mode, pairing: Pairing, n: number): Promise<string> {
	const rows = batchRows(`${mode.short}-${pairing.short}-N${n}`, ROUND_ROWS);
	const references = rows.map((row) => row.reference);
	const [a, b] = pairing.pick(run);
	const marks = logMarks(mode.workers);
	const started = Date.now();
	// n8n stores times in ms; a little slack for the clock's rounding.
	const since = started - 20;
	const replies = await Promise.all(
		Array.from({ length: n }, (_, index) =>
			callHook(mode.main.webhookUrl((index % 2 === 0 ? a : b).path), rows),
		),
	);
	const elapsed = Date.now() - started;
	await sleep(200); // the workers' last log lines
	const out = outcomes(replies);
	const result = await tally(run.sandbox, references);
	const executions = [
		...(await mode.n8n.executions(a.workflow.id, { since })),
		...(await mode.n8n.executions(b.workflow.id, { since })),
	];
	const peak = peakOverlap(executions);
	const perWorker = startedSince(mode.workers, marks).map((ids) => ids.length);
	run.numbers.push({
		mode: mode.label,
		what: `${pairing.label}: ${n} at once × ${ROUND_ROWS}`,
		payouts: String(result.payouts),
		paidTwice: result.paidTwice,
		items: `${out.count('created')} created, ${out.count('duplicate')} duplicate${out.errorCount ? `, ${out.errorCount} errors` : ''}`,
		peak,
		perWorker: perWorker.join('/'),
		seconds: elapsed / 1000,
	});
	const detail =
		`${n / 2} executions of ${a.workflow.id} (${a.payer.short}) + ${n / 2} of ${b.workflow.id} (${b.payer.short}), ${ROUND_ROWS} rows each: ` +
		`${tallyText(result, ROUND_ROWS)}; ${out.text}; n8n recorded ${executions.length} executions, at most ${peak} running at once, per worker ${perWorker.join(' / ')}, longest ${longestSeconds(executions).toFixed(1)} s; ${elapsed} ms`;
	expect(
		result.paidOnce === ROUND_ROWS &&
			result.payouts === ROUND_ROWS &&
			result.creates === ROUND_ROWS &&
			out.count('created') === ROUND_ROWS &&
			out.count('duplicate') === ROUND_ROWS * (n - 1) &&
			out.errorCount === 0 &&
			out.badReplies.length === 0,
		detail,
	);
	// Only executions that really overlapped prove anything.
	expect(
		executions.length === n && peak >= 2,
		`inconclusive: the executions did not run at the same time — ${detail}`,
	);
	return detail;
}

/** Checks 1 and 2 in one mode: every pairing at 2, 4 and 8 executions at once. */
export async function raceChecks(run: LedgerRun, mode: Mode): Promise<void> {
	for (const pairing of PAIRINGS) {
		for (const n of ROUNDS) {
			await run.reporter.check(
				`${mode.label}, ${pairing.label}, ${n} executions at once, the same ${ROUND_ROWS} references: each paid exactly once`,
				() => raceCheck(run, mode, pairing, n),
			);
		}
	}
}

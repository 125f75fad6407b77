/**
 * Check 5: Max Total Per Currency 100 USDT counted over the last 24 hours (Count Max Total Over:
 * rolling24h), three executions at once on the two workers, 40 USDT each (two rows of 20). The
 * ledger checks the total in the claim's transaction, so at most 100 USDT goes out whatever the
 * interleaving: five rows paid, the sixth refused with the running total in its message.
 * A workflow of its own per mode (Q1 pays with OxaPay, Q5 with Cregis): the period counts every
 * earlier execution of the workflow.
 */
import { sleep } from '../kit';
import { expect } from '../runner';
import { cents, ledgerRows, logMarks, outcomes, startedSince, tally, tallyText } from './batches';
import { batchRows, callHook, peakOverlap } from '../webhook-batch';
import type { LedgerRun, Mode } from './stack';
import { LEDGER_SCHEMA } from './workflows';

const EXECUTIONS = 3;
const LIMIT_CENTS = 100_00;
const RUNNING_TOTAL = /Already sent or pending in that period: (\d+(?:\.\d+)?) USDT/;

async function limitCheck(run: LedgerRun, mode: Mode): Promise<string> {
	const hook = run.hooks.limit[mode.short];
	const batches = Array.from({ length: EXECUTIONS }, (_, index) =>
		batchRows(`${mode.short}-LM-E${index + 1}`, 2, '20'),
	);
	const references = batches.flat().map((row) => row.reference);
	const marks = logMarks(mode.workers);
	const started = Date.now();
	const since = started - 20;
	const replies = await Promise.all(
		batches.map((rows) => callHook(mode.main.webhookUrl(hook.path), rows)),
	);
	const elapsed = Date.now() - started;
	await sleep(200);
	const out = outcomes(replies);
	const result = await tally(run.sandbox, references);
	const executions = await mode.n8n.executions(hook.workflow.id, { since });
	const perWorker = startedSince(mode.workers, marks).map((ids) => ids.length);
	const refused = out.items.filter((item) => item.status === 'refused');
	const messages = refused.map((item) => String(item.error?.message ?? item.message ?? ''));
	const table = await ledgerRows(run.postgres, LEDGER_SCHEMA, `${mode.short}-LM-`);
	const counted = table
		.filter((row) => ['claimed', 'sent', 'unknown', 'completed'].includes(row.status))
		.reduce((sum, row) => sum + cents(row.amount), 0);
	run.numbers.push({
		mode: mode.label,
		what: `100 USDT per 24 h (${hook.payer.short}), ${EXECUTIONS} × 40 USDT`,
		payouts: `${result.payouts} = ${(result.paidCents / 100).toFixed(2)} USDT`,
		paidTwice: result.paidTwice,
		items: `${out.count('created')} created, ${refused.length} refused`,
		peak: peakOverlap(executions),
		perWorker: perWorker.join('/'),
		seconds: elapsed / 1000,
	});
	const detail =
		`${hook.workflow.id} (${hook.payer.short}), ${EXECUTIONS} executions × 2 rows of 20 USDT: paid ${(result.paidCents / 100).toFixed(2)} USDT; ${tallyText(result, references.length)}; ` +
		`${out.text}; refused: ${messages.map((message) => JSON.stringify(message)).join(' | ') || 'none'}; ` +
		`the ledger counts ${(counted / 100).toFixed(2)} USDT for the workflow; ${executions.length} executions, per worker ${perWorker.join(' / ')}; ${elapsed} ms`;
	expect(
		result.paidCents <= LIMIT_CENTS &&
			result.paidCents === LIMIT_CENTS &&
			result.paidTwice === 0 &&
			out.count('created') === 5 &&
			refused.length === 1 &&
			messages.every(
				(message) =>
					/over the last 24 hours/.test(message) && RUNNING_TOTAL.exec(message)?.[1] === '100',
			) &&
			counted === LIMIT_CENTS &&
			out.errorCount === 0 &&
			out.badReplies.length === 0,
		detail,
	);
	// "On 2 workers": with --concurrency=1 three executions at once need both.
	expect(
		executions.length === EXECUTIONS && (mode.concurrency > 1 || perWorker.every((n) => n > 0)),
		`inconclusive: not ${EXECUTIONS} executions spread over the workers — ${detail}`,
	);
	return detail;
}

export async function limitChecks(run: LedgerRun, mode: Mode): Promise<void> {
	await run.reporter.check(
		`${mode.label}, Max Total Per Currency 100 USDT over 24 hours, ${EXECUTIONS} executions of 40 USDT at once: at most 100 paid, the rest refused with the running total`,
		() => limitCheck(run, mode),
	);
}

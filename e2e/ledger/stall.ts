/**
 * Check 3: a writer stalled 2 s between its claim and its commit. Two plain PostgreSQL sessions
 * stand for another worker that claimed references and then stalled: each BEGINs and inserts the
 * ledger row of a reference the workflow is about to claim; 2 s later one COMMITs (its payout
 * "went out") and the other ROLLs BACK (it died before sending). Meanwhile the workflow pays a
 * 24-row batch holding both references, with Queue Mode Safety Wait at 20 000 ms.
 *
 * PASS when the node's claim waited on the stalled writer (seen in pg_stat_activity), the
 * committed reference comes out `duplicate` naming the other writer and is not paid, the
 * rolled-back one and the 22 others are paid exactly once, and the batch finished in the 2 s
 * stall plus a few seconds: the 20 s Safety Wait is not paid with a ledger.
 */
import { Client } from 'pg';

import { sleep } from '../kit';
import { expect } from '../runner';
import { ledgerRows, longestSeconds, outcomes, tally, tallyText } from './batches';
import { batchRows, callHook } from '../webhook-batch';
import type { LedgerRun, Mode } from './stack';
import { LEDGER_SCHEMA } from './workflows';

export const STALL_MS = 2_000;
/** The batch must finish this long after the stall ends: far below the 20 s Safety Wait. */
const PROMPT_MS = 8_000;
const STALLED_WORKFLOW = 'e2e-stalled-writer';

/** A session of "another worker": BEGIN, then the ledger row of `reference`, not yet committed. */
async function stalledWriter(client: Client, reference: string, amount: string): Promise<void> {
	await client.connect();
	await client.query('BEGIN');
	await client.query(
		`INSERT INTO ${LEDGER_SCHEMA}.payouts (namespace, reference_key, reference, provider, account, workflow_id, execution_id, currency, network, amount, address, status)
		 VALUES ('test', $1, $1, 'oxapay', 'stalled-worker', $2, 'stalled', 'USDT', 'tron', $3, 'TXsmKpEuW7qWnXzJLGP9eDLvWPR2GRn1FS', 'claimed')`,
		[reference, STALLED_WORKFLOW, amount],
	);
}

function writerClient(ledgerUrl: string): Client {
	const client = new Client({ connectionString: ledgerUrl, application_name: STALLED_WORKFLOW });
	// A server that goes away later (the cluster stops) must not end this process.
	client.on('error', () => undefined);
	return client;
}

/** The node's ledger sessions waiting on a lock now (its pool names itself n8n-nodes-crypto-payout). */
async function nodeSessionsWaiting(run: LedgerRun): Promise<number> {
	const [[count]] = await run.postgres.query(
		`SELECT count(*) FROM pg_stat_activity WHERE application_name = 'n8n-nodes-crypto-payout' AND wait_event_type = 'Lock'`,
	);
	return Number(count);
}

async function stallCheck(run: LedgerRun, mode: Mode): Promise<string> {
	const hook = mode.short === 'Q1' ? run.hooks.create.OX1 : run.hooks.create.CG1;
	const rows = batchRows(`${mode.short}-ST`, 24);
	const references = rows.map((row) => row.reference);
	const [committed, rolledBack] = references;
	const writers = [writerClient(run.ledgerUrl), writerClient(run.ledgerUrl)];
	let started = Date.now();
	let waiting = 0;
	let replyPromise: ReturnType<typeof callHook> | undefined;
	try {
		await stalledWriter(writers[0], committed, rows[0].amount);
		await stalledWriter(writers[1], rolledBack, rows[1].amount);
		started = Date.now();
		replyPromise = callHook(mode.main.webhookUrl(hook.path), rows);
		while (Date.now() - started < STALL_MS) {
			waiting = Math.max(waiting, await nodeSessionsWaiting(run));
			await sleep(100);
		}
		await writers[0].query('COMMIT');
		await writers[1].query('ROLLBACK');
	} finally {
		await Promise.all(writers.map((writer) => writer.end().catch(() => undefined)));
	}
	const reply = await replyPromise;
	const elapsed = Date.now() - started;
	const since = started - 20;
	const out = outcomes([reply]);
	const result = await tally(run.sandbox, references);
	const executions = await mode.n8n.executions(hook.workflow.id, { since });
	const item = out.items.find((entry) => entry.reference === committed);
	const table = await ledgerRows(run.postgres, LEDGER_SCHEMA, `${mode.short}-ST-`);
	run.numbers.push({
		mode: mode.label,
		what: `a writer stalled ${STALL_MS / 1000} s (${hook.payer.short}), Safety Wait 20 s`,
		payouts: `${result.payouts} of 24 (1 held by the writer)`,
		paidTwice: result.paidTwice,
		items: `${out.count('created')} created, ${out.count('duplicate')} duplicate`,
		seconds: elapsed / 1000,
	});
	const detail =
		`${hook.workflow.id} (${hook.payer.short}), 24 rows; ${committed} held by a transaction committed after ${STALL_MS} ms, ${rolledBack} by one rolled back: ` +
		`the node's ledger sessions waiting on a lock meanwhile: ${waiting}; ${committed} → ${item?.status ?? 'no item'} (${item?.message ?? ''}); ` +
		`${tallyText(result, 24)}; ${out.text}; ledger rows ${table.length}; reply after ${elapsed} ms, execution ${longestSeconds(executions).toFixed(1)} s`;
	expect(waiting >= 1, `inconclusive: the node never waited on the stalled writer — ${detail}`);
	expect(
		item?.status === 'duplicate' &&
			String(item.message).includes(STALLED_WORKFLOW) &&
			!result.paid.has(committed) &&
			result.paid.get(rolledBack) === 1 &&
			result.paidTwice === 0 &&
			result.paidOnce === 23 &&
			result.creates === 23 &&
			out.count('created') === 23 &&
			out.errorCount === 0,
		detail,
	);
	expect(
		elapsed >= STALL_MS && elapsed < STALL_MS + PROMPT_MS && executions.length === 1,
		`the batch did not finish promptly after the stall (the 20 s Queue Mode Safety Wait must not apply with a ledger) — ${detail}`,
	);
	return detail;
}

export async function stallChecks(run: LedgerRun, mode: Mode): Promise<void> {
	await run.reporter.check(
		`${mode.label}, a writer stalled ${STALL_MS / 1000} s between claim and commit: nothing paid twice, the Queue Mode Safety Wait (20 000 ms) not paid`,
		() => stallCheck(run, mode),
	);
}

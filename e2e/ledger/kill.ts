/**
 * Check 4: `kill -9` of a worker mid-batch (sandbox latency 300 ms), in three steps.
 *
 *   killed     (workers at --concurrency=1) an OxaPay and a Cregis batch of 40 start at once, one
 *              per worker (the worker is the one whose log says "Worker started execution N" for
 *              that workflow); once 12 of a batch reached the sandbox its worker gets SIGKILL.
 *              Nothing is paid twice, the batch was cut (some paid, some not), and every paid
 *              reference has its ledger row.
 *   found      (new workers) Find by Reference: a paid reference is `sent`, `in-progress` or `in-doubt`, never
 *              free; an unsent one is `in-doubt` or free (`not-found`). A re-run pays only the free
 *              ones, once.
 *   resolved   (at the end, once the claims are a minute old) Resolve Unknown Payout settles every
 *              in-doubt reference from the sandbox's own records: OxaPay's history has the paid
 *              ones (settled `sent` with the sandbox's id) and not the unsent ones (they stay in
 *              doubt; Release Reference, In Doubt After 1 minute, frees them); Cregis's resend with
 *              the same reference is refused with E0009 for the paid ones (settled, nothing paid)
 *              and pays the unsent ones. A re-run then pays the released ones: every reference
 *              paid exactly once in total.
 */
import { sleep, type N8nWorker } from '../kit';
import type { PayoutItem } from '../items';
import { expect } from '../runner';
import { ledgerRows, logMarks, outcomes, referenceOf, startedSince, tally } from './batches';
import { batchRows, callHook, type HookReply, type Row } from '../webhook-batch';
import type { LedgerRun, Mode } from './stack';
import { LEDGER_SCHEMA, type Hook } from './workflows';

export const KILL_LATENCY_MS = 300;
const KILL_ROWS = 40;
const KILL_AFTER = 12;
/** Release Reference's In Doubt After (1 minute, its minimum) plus a margin. */
const RELEASE_AFTER_MS = 62_000;

interface Cut {
	hook: Hook;
	rows: Row[];
	references: string[];
	worker?: N8nWorker;
	/** n8n's id of the execution the kill cut. */
	executionId?: number;
	/** Payouts of the batch in the sandbox when the kill was sent. */
	atKill?: number;
	/** The webhook call whose execution was killed, once it has ended. */
	reply?: HookReply;
}

export interface KillState {
	cuts: Cut[];
	killedAt: number;
	/** Find by Reference's status per reference (after `found`). */
	found: Map<string, string>;
}

const prefix = (cut: Cut) => cut.references[0].slice(0, -3);

/** Which worker started the execution of `workflowId` (its log line since `marks`). */
async function workerOf(run: LedgerRun, mode: Mode, marks: number[], workflowId: string) {
	const deadline = Date.now() + 30_000;
	while (Date.now() < deadline) {
		const started = startedSince(mode.workers, marks);
		const ids = started.flat();
		if (ids.length) {
			const rows = await run.postgres.query(
				`SELECT id FROM execution_entity WHERE "workflowId" = '${workflowId}' AND id IN (${ids.join(',')})`,
			);
			const id = Number(rows[0]?.[0]);
			const index = started.findIndex((list) => list.includes(id));
			if (index >= 0) return { worker: mode.workers[index], executionId: id };
		}
		await sleep(50);
	}
	throw new Error(`no worker logged "Worker started execution" for ${workflowId} within 30 s`);
}

/** Waits until KILL_AFTER payouts of the batch reached the sandbox, then kills its worker. */
async function cutWhenStarted(run: LedgerRun, mode: Mode, marks: number[], cut: Cut) {
	({ worker: cut.worker, executionId: cut.executionId } = await workerOf(
		run,
		mode,
		marks,
		cut.hook.workflow.id,
	));
	const deadline = Date.now() + 30_000;
	while (Date.now() < deadline) {
		const { payouts } = await tally(run.sandbox, cut.references);
		if (payouts >= KILL_ROWS) throw new Error(`${prefix(cut)}: the batch finished before the kill`);
		if (payouts >= KILL_AFTER) {
			cut.atKill = payouts;
			await cut.worker.kill();
			return;
		}
		await sleep(40);
	}
	throw new Error(`${prefix(cut)}: fewer than ${KILL_AFTER} payouts within 30 s`);
}

export async function killCheck(run: LedgerRun, mode: Mode): Promise<KillState | undefined> {
	let state: KillState | undefined;
	await run.reporter.check(
		`${mode.label}, kill -9 of the worker running a batch (sandbox latency ${KILL_LATENCY_MS} ms), OxaPay and Cregis: nothing paid twice, every paid reference in the ledger`,
		async () => {
			const cuts: Cut[] = [run.hooks.create.OX1, run.hooks.create.CG1].map((hook) => {
				const rows = batchRows(`${mode.short}-K${hook.payer.short}`, KILL_ROWS);
				return { hook, rows, references: rows.map((row) => row.reference) };
			});
			await run.sandbox.setLatency(KILL_LATENCY_MS);
			const marks = logMarks(mode.workers);
			// The replies of killed executions are not waited for.
			for (const cut of cuts)
				void callHook(mode.main.webhookUrl(cut.hook.path), cut.rows, 60_000).then(
					(reply) => (cut.reply = reply),
				);
			try {
				await Promise.all(cuts.map((cut) => cutWhenStarted(run, mode, marks, cut)));
			} finally {
				await sleep(KILL_LATENCY_MS + 200); // requests in flight reach their end in the sandbox
				await run.sandbox.setLatency(run.latencyMs);
			}
			state = { cuts, killedAt: Date.now(), found: new Map() };
			const parts: string[] = [];
			let ok = true;
			for (const cut of cuts) {
				const result = await tally(run.sandbox, cut.references);
				const rows = new Map(
					(await ledgerRows(run.postgres, LEDGER_SCHEMA, prefix(cut))).map((row) => [
						row.referenceKey,
						row,
					]),
				);
				const paidWithoutRow = [...result.paid.keys()].filter((ref) => !rows.has(ref));
				const statuses = [...rows.values()].map((row) => row.status);
				const count = (status: string) => statuses.filter((entry) => entry === status).length;
				parts.push(
					`${cut.hook.payer.short} on ${cut.worker?.name} (killed at ${cut.atKill} payouts): ${result.payouts} of ${KILL_ROWS} paid, ${result.paidTwice} twice; ledger rows ${rows.size}: ${count('sent')} sent, ${count('claimed')} claimed, ${count('unknown')} unknown; paid without a row: ${paidWithoutRow.length}`,
				);
				ok &&=
					result.paidTwice === 0 &&
					result.payouts > 0 &&
					result.payouts < KILL_ROWS &&
					paidWithoutRow.length === 0;
			}
			const detail = parts.join('; ');
			expect(ok && cuts.every((cut) => cut.worker?.exited), detail);
			return detail;
		},
	);
	return state;
}

/** Sends references to an operation's webhook; its items by reference. */
export async function operate(mode: Mode, hook: Hook, references: string[]) {
	if (references.length === 0) return new Map<string, PayoutItem>();
	const reply = await callHook(
		mode.main.webhookUrl(hook.path),
		references.map((reference) => ({ reference })),
	);
	if (reply.status !== 200 || !reply.items)
		throw new Error(`${hook.workflow.id}: ${reply.status} ${reply.text.slice(0, 300)}`);
	return new Map(reply.items.map((item) => [String(item.reference), item]));
}

/** Waits until Release Reference (In Doubt After: 1 minute) may free the cut claims; seconds waited. */
export async function untilClaimsAreAMinuteOld(state: KillState): Promise<number> {
	const wait = state.killedAt + RELEASE_AFTER_MS - Date.now();
	if (wait > 0) await sleep(wait);
	return Math.max(0, wait) / 1000;
}

const summary = (statuses: Iterable<string>) => {
	const counts = new Map<string, number>();
	for (const status of statuses) counts.set(status, (counts.get(status) ?? 0) + 1);
	return [...counts].map(([status, n]) => `${n} ${status}`).join(', ');
};

export async function foundCheck(run: LedgerRun, mode: Mode, state: KillState): Promise<void> {
	await run.reporter.check(
		`after the kill (${mode.label}): Find by Reference says every paid reference is sent or in doubt, never free; a re-run pays only the free ones, once`,
		async () => {
			const parts: string[] = [];
			let ok = true;
			for (const cut of state.cuts) {
				const before = await tally(run.sandbox, cut.references);
				const found = await operate(mode, run.hooks.find[cut.hook.payer.provider], cut.references);
				for (const [reference, item] of found) state.found.set(reference, String(item.status));
				const status = (ref: string) => state.found.get(ref) ?? 'no item';
				const wrong = cut.references.filter((ref) =>
					before.paid.has(ref)
						? !['sent', 'in-doubt', 'in-progress'].includes(status(ref))
						: !['in-doubt', 'in-progress', 'not-found'].includes(status(ref)),
				);
				const free = cut.references.filter((ref) => status(ref) === 'not-found');
				const rerun = outcomes([await callHook(mode.main.webhookUrl(cut.hook.path), cut.rows)]);
				const after = await tally(run.sandbox, cut.references);
				const paidNow = cut.references.filter(
					(ref) => !before.paid.has(ref) && after.paid.has(ref),
				);
				const [killed] = await mode.n8n.executions(cut.hook.workflow.id, {
					afterId: (cut.executionId ?? 1) - 1,
				});
				parts.push(
					`${cut.hook.payer.short}: the killed execution #${cut.executionId} is "${killed?.status ?? '?'}" in n8n, its webhook call ${cut.reply ? (cut.reply.status ? `got HTTP ${cut.reply.status}` : `got no reply (${cut.reply.text.slice(0, 60)})`) : 'is still open'}; ${before.payouts} paid before; Find: ${summary(cut.references.map(status))}${
						wrong.length
							? ` — wrong: ${wrong
									.slice(0, 4)
									.map(
										(ref) => `${ref} ${before.paid.has(ref) ? 'paid' : 'unpaid'} → ${status(ref)}`,
									)
									.join(', ')}`
							: ''
					}; re-run: ${rerun.text}, paid now ${paidNow.length} (free ${free.length}), paid twice ${after.paidTwice}`,
				);
				ok &&=
					wrong.length === 0 &&
					after.paidTwice === 0 &&
					paidNow.length === free.length &&
					paidNow.every((ref) => free.includes(ref));
			}
			const detail = parts.join('; ');
			expect(ok, detail);
			return detail;
		},
	);
}

export async function resolvedCheck(run: LedgerRun, mode: Mode, state: KillState): Promise<void> {
	await run.reporter.check(
		`after the kill (${mode.label}): Resolve Unknown Payout settles the in-doubt references from the sandbox's records (OxaPay history, Cregis resend), Release frees the unsent OxaPay ones, a re-run pays each reference exactly once in total`,
		async () => {
			const waited = await untilClaimsAreAMinuteOld(state);
			const parts: string[] = [`waited ${waited.toFixed(0)} s for the claims to be a minute old`];
			let ok = true;
			for (const cut of state.cuts) {
				const provider = cut.hook.payer.provider;
				const before = await tally(run.sandbox, cut.references);
				// Claimed rows were "in progress" when Find ran right after the kill; a minute later they are in doubt.
				const inDoubt = cut.references.filter((ref) =>
					['in-doubt', 'in-progress'].includes(state.found.get(ref) ?? ''),
				);
				const resolved = await operate(mode, run.hooks.resolve[provider], inDoubt);
				const wrong = inDoubt.filter((ref) => {
					const item = resolved.get(ref);
					if (before.paid.has(ref))
						return (
							item?.status !== 'sent' ||
							(provider === 'cregis' ? item.resent !== false : item.payoutId !== idOf(before, ref))
						);
					return provider === 'cregis'
						? item?.status !== 'sent' || item.resent !== true
						: item?.status !== 'in-doubt';
				});
				const toRelease =
					provider === 'oxapay' ? inDoubt.filter((ref) => !before.paid.has(ref)) : [];
				const released = await operate(mode, run.hooks.release, toRelease);
				const notReleased = toRelease.filter((ref) => released.get(ref)?.released !== true);
				const rerun = outcomes([await callHook(mode.main.webhookUrl(cut.hook.path), cut.rows)]);
				const after = await tally(run.sandbox, cut.references);
				const rows = await ledgerRows(run.postgres, LEDGER_SCHEMA, prefix(cut));
				const unsettled = rows.filter((row) => row.status !== 'sent');
				parts.push(
					`${cut.hook.payer.short}: ${inDoubt.length} in doubt → resolve: ${summary(inDoubt.map((ref) => `${resolved.get(ref)?.status}${resolved.get(ref)?.resent === true ? ' (paid now)' : ''}`))}${
						wrong.length
							? ` — wrong: ${wrong
									.slice(0, 4)
									.map(
										(ref) =>
											`${ref} ${JSON.stringify(resolved.get(ref)?.message ?? resolved.get(ref)?.error)}`,
									)
									.join(', ')}`
							: ''
					}; released ${toRelease.length - notReleased.length} of ${toRelease.length}; re-run: ${rerun.text}; in the end ${after.paidOnce} of ${KILL_ROWS} paid once, ${after.paidTwice} twice, ${after.notPaid} unpaid; ledger rows not sent: ${unsettled.length}`,
				);
				ok &&=
					wrong.length === 0 &&
					notReleased.length === 0 &&
					after.paidOnce === KILL_ROWS &&
					after.payouts === KILL_ROWS &&
					unsettled.length === 0;
			}
			const detail = parts.join('; ');
			expect(ok, detail);
			return detail;
		},
	);
}

function idOf(result: Awaited<ReturnType<typeof tally>>, reference: string): string | undefined {
	return result.entries.find((entry) => referenceOf(entry) === reference)?.id;
}

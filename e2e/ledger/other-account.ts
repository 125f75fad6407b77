/**
 * After the kill, before the proper resolution: an operator resolves with the provider's OTHER
 * account (the workflow was switched to it, as in check 2). A reference the killed worker did
 * send through account 1 but never settled is in doubt; account 2 knows nothing of it:
 *   - Cregis project 2, Resolve Unknown Payout with Resend With the Same Reference: project 2 has
 *     no such third_party_id, so a resend is a second payout;
 *   - OxaPay key 2, Release Reference: key 2's history has no such payout, so "the provider does
 *     not have it" is not what was checked, and a re-run would pay it again.
 * Then the row is paid again through account 2's Create workflow, as the operator's next run would.
 * PASS when neither pays nor frees it: the operation refuses (or leaves the row in doubt), the
 * re-run calls it a duplicate, and the sandbox still has one payout for it.
 */
import { expect } from '../runner';
import { ledgerRows, outcomes, tally } from './batches';
import { callHook } from '../webhook-batch';
import { operate, untilClaimsAreAMinuteOld, type KillState } from './kill';
import type { LedgerRun, Mode } from './stack';
import { LEDGER_SCHEMA } from './workflows';

export async function otherAccountCheck(
	run: LedgerRun,
	mode: Mode,
	state: KillState,
): Promise<void> {
	await run.reporter.check(
		`after the kill (${mode.label}): Resolve (Cregis, resend) and Release (OxaPay) through the provider's other account neither pay again nor free a reference account 1 sent`,
		async () => {
			const waited = await untilClaimsAreAMinuteOld(state);
			const parts: string[] = [`waited ${waited.toFixed(0)} s for the claims to be a minute old`];
			let ok = true;
			for (const cut of state.cuts) {
				const provider = cut.hook.payer.provider;
				const before = await tally(run.sandbox, cut.references);
				const reference = cut.references.find(
					(ref) =>
						before.paid.has(ref) &&
						['in-doubt', 'in-progress'].includes(state.found.get(ref) ?? ''),
				);
				expect(
					reference,
					`inconclusive: no reference of ${cut.hook.payer.short} was sent and left in doubt by the kill`,
				);
				const hook =
					provider === 'cregis' ? run.hooks.otherAccount.resolve : run.hooks.otherAccount.release;
				const item = (await operate(mode, hook, [reference])).get(reference);
				const [row] = await ledgerRows(run.postgres, LEDGER_SCHEMA, reference);
				const said = JSON.stringify(item?.error?.message ?? item?.message ?? item);
				const create = provider === 'cregis' ? run.hooks.create.CG2 : run.hooks.create.OX2;
				const rerun = outcomes([
					await callHook(
						mode.main.webhookUrl(create.path),
						cut.rows.filter((entry) => entry.reference === reference),
					),
				]);
				const after = await tally(run.sandbox, [reference]);
				parts.push(
					`${hook.workflow.id} (${hook.payer.short}) on ${reference}, sent through ${cut.hook.payer.short}, in doubt: ${said}; ledger row then ${row ? `${row.status}${row.payoutId ? ` ${row.payoutId}` : ''}` : 'gone (released)'}; re-run through ${create.workflow.id}: ${rerun.text}; sandbox payouts for ${reference} now ${after.payouts}`,
				);
				ok &&= after.payouts === 1 && row !== undefined && item?.released !== true;
			}
			const detail = parts.join('; ');
			expect(ok, detail);
			return detail;
		},
	);
}

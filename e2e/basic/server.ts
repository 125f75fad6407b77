/**
 * The journeys that need `n8n start`, on one server: the trigger example (trigger.ts,
 * trigger-runs.ts), the trigger against replayed, reshaped and oversized callbacks
 * (trigger-hostile.ts, trigger-replay.ts) and the operator's batch in one process
 * (batch-server.ts). Everything is imported and published before the start, so one start
 * (~10–25 s) serves them all; the executions are read from n8n's SQLite database.
 */
import { freePort, sleep, type N8nMain, type WorkflowJson } from '../kit';
import { batchHooksReady, batchServerChecks, batchServerWorkflows } from './batch-server';
import type { BasicContext } from './create';
import {
	createCallbackPayouts,
	triggerAnswers,
	triggerDeliveryChecks,
	triggerHooks,
	triggerInPackage,
	type CallbackPayouts,
} from './trigger';
import {
	bodyLimitCheck,
	hostileHook,
	hostileWorkflows,
	reshapedCregisCheck,
	SYNTHETIC_CREGIS_PAYOUT,
} from './trigger-hostile';
import { LATE_REPLAY_MODE, lateReplayCheck } from './trigger-replay';
import { triggerCheckName, triggerRunChecks } from './trigger-runs';

/**
 * Publishes test workflows in one database transaction (the kit's direct write, as
 * `publish:workflow` does it) instead of one CLI start each; the CLI where that schema differs.
 */
async function publishAll(context: BasicContext, workflows: WorkflowJson[]): Promise<string> {
	const ids = workflows.map((workflow) => workflow.id);
	try {
		context.n8n.sqlite.publish(ids);
		return 'published in one transaction';
	} catch {
		for (const id of ids) await context.n8n.publish(id);
		return 'published with publish:workflow';
	}
}

export async function serverJourney(context: BasicContext): Promise<void> {
	const { n8n, reporter } = context;
	const { check } = reporter;
	const withTrigger = triggerInPackage(n8n.packageDir);
	if (!withTrigger)
		reporter.report(
			'PENDING',
			triggerCheckName('examples/payout-status-notify.json'),
			'the packed package registers no CryptoPayoutTrigger in package.json n8n.nodes',
		);
	// The port first: the payouts carry the trigger's production URL as their callback_url.
	const port = await freePort();
	const base = `http://127.0.0.1:${port}`;
	const notify = n8n.workflow('examples/payout-status-notify.json');
	let payouts: CallbackPayouts | undefined;
	let server: N8nMain | undefined;

	const started = await check(
		'n8n start: callback payouts created, the example and the test workflows published, every webhook answers',
		async () => {
			if (withTrigger) payouts = await createCallbackPayouts(context, base);
			const tests = [...batchServerWorkflows(), ...(withTrigger ? hostileWorkflows() : [])];
			await n8n.importWorkflows(withTrigger ? [notify, ...tests] : tests);
			if (withTrigger) await n8n.publish(notify.id);
			const published = await publishAll(context, tests);
			server = await n8n.start({ port, wait: false });
			const main = server;
			const seconds = await main.waitFor('every webhook', async () => {
				if (!(await batchHooksReady(main))) return false;
				if (!withTrigger) return true;
				const hooks = triggerHooks(base);
				for (const url of [hooks.oxapay, hostileHook(base, 'oxapay'), hostileHook(base, 'cregis')])
					if (!(await triggerAnswers(url))) return false;
				return true;
			});
			return `${payouts ? '4 payouts with callback_url → the trigger; ' : ''}${tests.length} test workflows ${published}; n8n start served every webhook after ${seconds.toFixed(1)} s`;
		},
	);
	if (!started || !server) {
		await server?.stop();
		return;
	}
	try {
		const delivered =
			withTrigger && payouts ? await triggerDeliveryChecks(context, base, payouts) : undefined;
		if (withTrigger) await hostileChecks(context, base, payouts);
		await batchServerChecks(context, server);
		// Let the executions finish and be saved, then stop n8n and read its database.
		await sleep(2_000);
		await server.stop();
		if (delivered && payouts) await triggerRunChecks(context, notify.id, delivered, payouts);
	} finally {
		await server.stop();
	}
}

async function hostileChecks(
	context: BasicContext,
	base: string,
	payouts: CallbackPayouts | undefined,
): Promise<void> {
	const { check } = context.reporter;
	const name = (text: string) => triggerCheckName(`hostile callbacks: ${text}`);
	await check(
		name(
			'a genuine Cregis status-6 callback reshaped (A: cid into chain_id, B: currency into cid, C: remark re-cut) runs the workflow once',
		),
		() => reshapedCregisCheck(context, base, payouts?.crg[1] ?? SYNTHETIC_CREGIS_PAYOUT),
	);
	await check(
		name(
			`a genuine OxaPay Confirmed callback replayed after 5,100 other deliveries (${LATE_REPLAY_MODE}) runs the workflow once`,
		),
		() => lateReplayCheck(context, base),
	);
	await check(
		name(
			'a 9.5 MB / 800,000-key body to both triggers and 5,000 keys to Cregis: 413, no execution',
		),
		() => bodyLimitCheck(context, base),
	);
}

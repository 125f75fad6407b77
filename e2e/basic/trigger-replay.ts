/**
 * An OxaPay callback replayed late (issue 15): a genuine `Confirmed` callback runs the
 * trigger-only workflow once; 5,100 other deliveries follow (distinct track_ids); then the
 * genuine body's exact bytes are posted again with their HMAC. OxaPay retries for hours and its
 * callbacks carry no freshness check, so only the trigger's record, which must never forget, can
 * stop a second run. After 5,100 others the trigger's static-data hint (5,000 keys) no longer
 * holds the genuine one: the replay starts an execution, and the record stops it at the trigger.
 *
 * Every delivery costs n8n an execution: about 80 ms on 2 busy cores (n8n's own Webhook node
 * alone, about half of it), so 5,100 live deliveries take minutes. By default (E2E_LATE_REPLAY
 * unset) the check posts 50 live deliveries before and 50 after 5,000 that it writes into the
 * trigger's record and hint as those deliveries would have left them (n8n idle meanwhile; it
 * reads both anew on each call); the writes are checked against what the genuine delivery left
 * there first. E2E_LATE_REPLAY=live posts all 5,100, 8 at a time.
 */
import { SANDBOX_OXAPAY_KEY } from '../../sandbox';
import { processedEntry, sleep } from '../kit';
import { expect } from '../runner';
import { hmac } from './callbacks';
import type { BasicContext } from './create';
import { settledExecutions, triggerRuns } from './runs';
import { HOSTILE, hostileHook, hostileWorkflows, postJson, TRIGGER_NODE } from './trigger-hostile';

const LIVE = process.env.E2E_LATE_REPLAY === 'live';
/** How the check's name says the 5,100 arrive. */
export const LATE_REPLAY_MODE = LIVE ? 'all live' : '100 live, 5,000 written into its record';
const OTHERS = 5_100;
/** Live deliveries on each side of the written ones (all of them in live mode). */
const LIVE_EACH_SIDE = 50;
const AT_ONCE = 8;
/** Executions n8n may have unfinished before the posting waits. */
const MAX_BEHIND = 32;
const UNFINISHED = new Set(['new', 'running', 'waiting']);
/** The static-data hint keeps this many keys at most (the trigger's dedupe.ts). */
const HINTED = 5_000;
const TRON_ADDRESS = 'TXsmKpEuW7qWnXzJLGP9eDLvWPR2GRn1FS';
const GENUINE_TRACK_ID = 258_390_001;
const OTHER_TRACK_IDS = Array.from({ length: OTHERS }, (_, i) => 258_400_000 + i);

/** An OxaPay payout callback body, as OxaPay writes one (track_id as a string). */
const callbackBody = (trackId: number) =>
	JSON.stringify({
		track_id: String(trackId),
		status: 'Confirmed',
		type: 'payout',
		tx_hash: 'ab'.repeat(32),
		address: TRON_ADDRESS,
		amount: 12.5,
		value: 12.5,
		currency: 'USDT',
		network: 'Tron Network',
		description: `[ref:E2E-LATE-${trackId}]`,
		date: Math.floor(Date.now() / 1000),
	});

/** The key the trigger records a delivery under: provider|payout|status. */
const deliveryKey = (trackId: number) => `oxapay|${trackId}|confirmed`;

/**
 * Writes `trackIds` into the trigger's record (n8n's processed data, scope node) and hint (the
 * node's static data, newest HINTED keys) as their deliveries would have, after checking that
 * both hold the genuine delivery in the form expected.
 */
function writeDeliveries({ n8n }: BasicContext, trackIds: number[]): void {
	const workflowId = HOSTILE.oxapay.id;
	const nodeId = hostileWorkflows()[0].nodes[0].id!;
	const context = `n:${nodeId}`;
	const genuine = deliveryKey(GENUINE_TRACK_ID);
	const entries = n8n.sqlite.processedEntries(workflowId, context);
	expect(
		entries?.includes(processedEntry(genuine)),
		`the trigger's record (processed_data ${workflowId} ${context}) does not hold "${genuine}" as expected: update this check's writes`,
	);
	const staticData = n8n.sqlite.staticData(workflowId);
	const hint = staticData[`node:${TRIGGER_NODE}`] as { deliveries?: Record<string, number> };
	expect(
		typeof hint?.deliveries?.[genuine] === 'number',
		`the trigger's hint (static data) does not hold "${genuine}" as expected: ${JSON.stringify(staticData).slice(0, 300)}`,
	);
	const keys = trackIds.map(deliveryKey);
	n8n.sqlite.setProcessedEntries(workflowId, context, [...entries!, ...keys.map(processedEntry)]);
	const now = Math.floor(Date.now() / 1000);
	const kept = [...Object.entries(hint.deliveries), ...keys.map((key) => [key, now] as const)];
	hint.deliveries = Object.fromEntries(kept.slice(-HINTED));
	n8n.sqlite.setStaticData(workflowId, staticData);
}

/** Whether the trigger's static-data hint holds `key` now. */
function hintHolds({ n8n }: BasicContext, key: string): boolean {
	const staticData = n8n.sqlite.staticData(HOSTILE.oxapay.id);
	const hint = staticData[`node:${TRIGGER_NODE}`] as { deliveries?: Record<string, number> };
	return typeof hint?.deliveries?.[key] === 'number';
}

export async function lateReplayCheck(context: BasicContext, base: string): Promise<string> {
	const { n8n } = context;
	const workflowId = HOSTILE.oxapay.id;
	const deliver = (body: string) =>
		postJson(hostileHook(base, 'oxapay'), body, { HMAC: hmac(body, SANDBOX_OXAPAY_KEY) });
	const mark = await n8n.database.lastExecutionId();
	const whileBehind = async () => {
		for (let waited = 0; waited < 60_000; waited += 100) {
			const list = await n8n.executions(workflowId, { afterId: mark });
			if (list.filter((execution) => UNFINISHED.has(execution.status)).length < MAX_BEHIND) return;
			await sleep(100);
		}
	};
	const postLive = async (trackIds: number[]) => {
		let next = 0;
		const refused: string[] = [];
		const worker = async () => {
			while (next < trackIds.length) {
				// n8n answers once an execution has started: without a bound, executions pile up (about
				// 13 MB each was measured), so the posting waits while n8n is behind.
				if (next % 25 === 0) await whileBehind();
				const reply = await deliver(callbackBody(trackIds[next++]));
				if (reply.status !== 200 || reply.text.trim() !== 'ok')
					refused.push(`${reply.status} ${reply.text.slice(0, 80)}`);
			}
		};
		await Promise.all(Array.from({ length: AT_ONCE }, worker));
		expect(
			refused.length === 0,
			`valid callbacks not acknowledged: ${refused.slice(0, 3).join(' | ')}`,
		);
		await settledExecutions(n8n, workflowId, { afterId: mark, timeoutMs: 600_000 });
	};
	const genuine = callbackBody(GENUINE_TRACK_ID);
	const first = await deliver(genuine);
	expect(
		first.status === 200 && first.text.trim() === 'ok',
		`genuine: ${first.status} ${first.text}`,
	);
	await settledExecutions(n8n, workflowId, { afterId: mark, quietMs: 500 });

	const started = Date.now();
	const liveBefore = LIVE ? OTHER_TRACK_IDS : OTHER_TRACK_IDS.slice(0, LIVE_EACH_SIDE);
	const written = LIVE ? [] : OTHER_TRACK_IDS.slice(LIVE_EACH_SIDE, OTHERS - LIVE_EACH_SIDE);
	const liveAfter = LIVE ? [] : OTHER_TRACK_IDS.slice(OTHERS - LIVE_EACH_SIDE);
	await postLive(liveBefore);
	const liveMs = Date.now() - started;
	if (written.length) writeDeliveries(context, written);
	await postLive(liveAfter);
	const othersMs = Date.now() - started;

	// Whether the hint still holds the genuine key: 5,100 live deliveries 8 at a time lose many
	// hint writes (n8n saves static data whole, last writer wins), so it may never be evicted.
	const hinted = hintHolds(context, deliveryKey(GENUINE_TRACK_ID));
	const beforeReplay = await n8n.database.lastExecutionId();
	const replay = await deliver(genuine);
	expect(
		replay.status === 200 && replay.text.trim() === 'ok',
		`the replayed genuine callback: ${replay.status} ${replay.text} (OxaPay expects "ok" so that it stops retrying)`,
	);
	const replayExecutions = await settledExecutions(n8n, workflowId, {
		afterId: beforeReplay,
		quietMs: 1_500,
	});
	const runs = await triggerRuns(n8n, workflowId, TRIGGER_NODE, mark);
	const ofGenuine = runs.filter(
		(run) => run.payoutId === String(GENUINE_TRACK_ID) && /confirmed/i.test(run.providerStatus),
	);
	const ran = new Set(runs.map((run) => run.payoutId));
	const liveCount = liveBefore.length + liveAfter.length;
	const how = LIVE
		? `${OTHERS} others posted live, ${AT_ONCE} at a time, in ${(othersMs / 1000).toFixed(1)} s`
		: `${liveCount} others posted live (${AT_ONCE} at a time; the first ${liveBefore.length} in ${(liveMs / 1000).toFixed(1)} s, ${(liveMs / liveBefore.length).toFixed(0)} ms each) around ${written.length} written into the trigger's record and hint; ${(othersMs / 1000).toFixed(1)} s`;
	expect(
		ofGenuine.length === 1,
		`${ofGenuine.length} runs for track_id ${GENUINE_TRACK_ID} Confirmed (executions ${ofGenuine.map((run) => run.execution).join(', ')}); ${how}`,
	);
	expect(
		ran.size === liveCount + 1,
		`${ran.size - 1} of ${liveCount} live others ran the workflow; ${how}`,
	);
	// With the genuine key out of the hint, the replay must reach the record: one execution that the
	// trigger stops (no run). With it still in the hint, webhook() answers without an execution.
	expect(
		replayExecutions === (hinted ? 0 : 1),
		`the replay started ${replayExecutions} executions, expected ${hinted ? '0 (the hint still holds it)' : "1, stopped by the trigger's record"}; ${how}`,
	);
	const stoppedBy = hinted
		? 'answered from the hint, which still held it (its writes race), with no execution'
		: '1 execution, stopped at the trigger by its record (the hint no longer held it)';
	return `genuine → ok, 1 run; ${how}; the genuine bytes again → 200 ok, ${stoppedBy}; still 1 run for track_id ${GENUINE_TRACK_ID}`;
}

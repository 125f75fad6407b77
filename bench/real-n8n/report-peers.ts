/** The real-n8n part's tables for the peers (side by side with HTTP Request) and part C (memory). */
import { fmt, lpad, pad } from '../common';
import { CONFIG, TARGETS } from './config';
import type { MemoryRun } from './memory';
import { PEER_KEYS, PEER_LABEL, type LedgerPeer, type PeerResults } from './peers';

/**
 * Node time with the payout ledger ÷ without it at Safety Wait 0: the figure (1,000
 * payouts, target ≤ 1.05), and the same for the table's batches.
 */
function ledgerLines({ timed }: PeerResults, { database, pair }: LedgerPeer): string[] {
	const lines = [`   payout ledger: ${database}`];
	if (!pair || !timed.oursLedger || !timed.oursOneProcess) return lines;
	const seconds = (key: string) =>
		pair.runs
			.filter((run) => run.key === key)
			.map((run) => fmt(run.batch.nodeWallMs / 1000))
			.join(', ');
	const rows = timed.oursLedger.nodeWallMs / timed.oursOneProcess.nodeWallMs;
	lines.push(
		`   with the ledger ÷ Safety Wait 0, node time, ${pair.payouts} payouts: ${fmt(pair.timeRatio, 3)} (target ≤ ${TARGETS.ledgerMaxTimeOverOneProcess}; the best of ${seconds('oursLedger')} s with, ${seconds('oursOneProcess')} s without); the ${timed.oursLedger.items} above: ${fmt(rows, 3)}`,
	);
	return lines;
}

export function peersTable(results: PeerResults): string {
	const { payouts, timed, checks } = results;
	const c = CONFIG;
	const lines = [
		`Peers: ${payouts} OxaPay payouts @ ${c.latencyMs} ms from the same rows, in this n8n (Webhook → Split Out → the node)`,
	];
	const head = [
		'node s',
		'CPU µs/payout',
		'sent for 1.000000000000000001',
		`re-run of ${c.peers.rerunRows} rows: payouts`,
	];
	lines.push(`${pad('', 54)}${head.map((h, i) => lpad(h, i < 2 ? 14 : 32)).join('')}`);
	for (const key of PEER_KEYS) {
		const run = timed[key];
		const check = checks[key];
		if (!run || !check) continue;
		const sent = check.amountSent === null ? 'nothing (refused)' : `amount ${check.amountSent}`;
		const rerun = `${check.paidAfterFirstRun} + ${check.paidAfterReRun - check.paidAfterFirstRun}`;
		lines.push(
			`${pad(PEER_LABEL[key], 54)}${lpad(fmt(run.nodeWallMs / 1000), 14)}${lpad(fmt(run.cpuUsPerPayout, 0), 14)}${lpad(sent, 32)}${lpad(rerun, 32)}`,
		);
	}
	lines.push(
		`   floor for Concurrency 8: ${fmt((payouts * c.latencyMs) / c.concurrency / 1000)} s; one at a time: ${fmt((payouts * c.latencyMs) / 1000)} s. CPU: n8n's main process, idle subtracted, webhook and feed included (not the ledger's PostgreSQL).`,
		...ledgerLines(results, results.ledger),
	);
	return lines.join('\n');
}

export function memoryTable(partC: Record<string, MemoryRun>): string {
	const c = CONFIG.memory;
	const lines = [
		`C. memory: one execution of ${c.items} payouts (Map Automatically, Concurrency ${CONFIG.concurrency}, sandbox at ${c.latencyMs} ms), n8n's RSS (target ≤ ${TARGETS.partCMaxPeakAboveIdleMb} MB above idle)`,
	];
	for (const [key, run] of Object.entries(partC))
		lines.push(
			`   ${pad(key, 8)} idle ${fmt(run.idleRssMb, 0)} MB, peak ${fmt(run.idleRssMb + run.peakAboveIdleMb, 0)} MB (sampled ${fmt(run.sampledPeakRssMb, 0)}, high-water mark ${run.highWaterMarkMb === null ? 'n/a' : fmt(run.highWaterMarkMb, 0)}): ${fmt(run.peakAboveIdleMb, 0)} MB above idle; ${fmt(run.afterRssMb, 0)} MB after; node ${fmt(run.nodeWallMs / 1000)} s, n8n CPU ${fmt(run.cpuUsPerPayout, 0)} µs/payout`,
		);
	return lines.join('\n');
}

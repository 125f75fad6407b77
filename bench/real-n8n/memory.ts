/**
 * Part C: the memory the real n8n process takes for one execution of 10,000 payouts (Map
 * Automatically, Concurrency 8, sandbox at 0 ms so it runs in seconds), in a fresh `n8n start`
 * warmed up by one small batch (measure.ts): n8n's RSS before the batch (idle, settled), and its
 * peak during the batch: VmRSS sampled
 * from /proc every 50 ms, and the kernel's high-water mark VmHWM, reset just before the batch
 * (/proc/<pid>/clear_refs), which catches a peak between two samples. Everything the execution
 * takes is in it: the 10,000-row webhook body, Split Out, the node, and saving the execution. The
 * same rows through the feed alone (Webhook → Split Out) say what n8n takes before the node.
 */
import { processRssMb, resetPeakRss } from '../proc-cpu';
import { sleep, type Provider } from '../common';
import { runBatch, type Batch, type BenchRun } from './batch';
import { CONFIG, log } from './config';
import type { BenchWorkflow } from './workflows';

export interface MemoryRun extends Batch {
	idleRssMb: number;
	/** The highest VmRSS sample during the batch. */
	sampledPeakRssMb: number;
	/** VmHWM after the batch (reset before it); null when /proc/<pid>/clear_refs could not be written. */
	highWaterMarkMb: number | null;
	/** max(sampled peak, high-water mark) − idle. */
	peakAboveIdleMb: number;
	/** VmRSS a few seconds after the batch (n8n keeps what it caches). */
	afterRssMb: number;
}

export async function measureMemory(
	bench: BenchRun,
	target: BenchWorkflow,
	label: Provider | 'feedOnly',
): Promise<MemoryRun> {
	const pid = bench.main.pid!;
	await sleep(CONFIG.memory.settleMs);
	const idle = processRssMb(pid)!.rss;
	const peakReset = resetPeakRss(pid);
	let sampledPeak = idle;
	const sampler = setInterval(() => {
		const now = processRssMb(pid);
		if (now) sampledPeak = Math.max(sampledPeak, now.rss);
	}, CONFIG.memory.sampleMs);
	let batch: Batch;
	try {
		batch = await runBatch(bench, target, CONFIG.memory.items, `memory-${label}`, {
			latencyMs: CONFIG.memory.latencyMs,
		});
	} finally {
		clearInterval(sampler);
	}
	const end = processRssMb(pid)!;
	const highWaterMarkMb = peakReset ? end.peak : null;
	await sleep(CONFIG.memory.settleMs);
	const run: MemoryRun = {
		...batch,
		idleRssMb: idle,
		sampledPeakRssMb: sampledPeak,
		highWaterMarkMb,
		peakAboveIdleMb: Math.max(sampledPeak, highWaterMarkMb ?? 0) - idle,
		afterRssMb: processRssMb(pid)!.rss,
	};
	log(
		`C ${label}: ${CONFIG.memory.items} ${target.provider ? 'payouts' : 'rows, no payout node'}, n8n RSS ${idle.toFixed(0)} MB idle → peak ${(idle + run.peakAboveIdleMb).toFixed(0)} MB (+${run.peakAboveIdleMb.toFixed(0)} MB), node ${(batch.nodeWallMs / 1000).toFixed(1)} s`,
	);
	return run;
}

/**
 * Part 3 in a fresh process: peak RSS while N items go through the node in one execution.
 *
 * 1. load everything (n8n-core, the harness, the built package) and run a small warm-up batch, so
 *    every lazily loaded module and JIT tier is in place;
 * 2. collect garbage and record the idle RSS;
 * 3. sample RSS every 5 ms while the N-item execution runs (input rows included: they are built
 *    after the idle reading), and read process.resourceUsage().maxRSS (the kernel's high-water
 *    mark, which also catches a peak between two samples) at the end.
 *
 * With mode 'raw' the same payouts go through the raw loop instead: the baseline of n8n's HTTP
 * stack alone. Started by bench/index.ts with --expose-gc; receives a MemoryRequest over IPC.
 */
import { credentials, gc, sleep, type Provider, type SandboxUrls } from './common';
import { runNodeBatch, type NodeBatchResult } from './node-run';
import { rawClient } from './raw';

export interface MemoryRequest {
	/** 'node': the items through the node. 'raw': the same payouts through the raw loop (baseline). */
	mode: 'node' | 'raw';
	provider: Provider;
	urls: SandboxUrls;
	count: number;
	warmup: number;
	run: string;
	sampleEveryMs: number;
}

export interface MemoryReport {
	mode: 'node' | 'raw';
	provider: Provider;
	count: number;
	idleRssBytes: number;
	peakSampledRssBytes: number;
	/** process.resourceUsage().maxRSS (reported in KiB by Node) in bytes: lifetime high-water mark. */
	maxRssBytes: number;
	samples: number;
	wallMs: number;
	heapUsedIdleBytes: number;
	heapUsedPeakBytes: number;
	/** heapUsed after the run and a full GC, with the execution's output still referenced: what is retained. */
	heapUsedAfterGcBytes: number;
	/** This process's CPU time (user + system) over its whole life, µs. */
	cpuUs: number;
	result: NodeBatchResult;
	warmup: NodeBatchResult;
}

async function measure(request: MemoryRequest): Promise<MemoryReport> {
	// The node runs first in both modes: it also sets up n8n's DI container the raw loop relies on.
	const warmup = await runNodeBatch(
		request.provider,
		request.urls,
		`${request.run}w`,
		request.warmup,
	);
	const raw =
		request.mode === 'raw' ? rawClient(request.provider, credentials(request.urls)) : undefined;
	if (raw) {
		const warm = await raw.sendAll(`${request.run}rw`, request.warmup);
		if (warm.accepted !== request.warmup)
			throw new Error(`raw warm-up: ${warm.failed} failed, first: ${warm.firstFailure}`);
	}
	gc();
	await sleep(100);
	gc();
	const idleRssBytes = process.memoryUsage.rss();
	const heapUsedIdleBytes = process.memoryUsage().heapUsed;

	let peakSampledRssBytes = idleRssBytes;
	let heapUsedPeakBytes = heapUsedIdleBytes;
	let samples = 0;
	const sample = () => {
		const rss = process.memoryUsage.rss();
		if (rss > peakSampledRssBytes) peakSampledRssBytes = rss;
		samples++;
		// heapUsed is costlier to read; every 10th sample is enough to show where the memory is.
		if (samples % 10 === 0) {
			const heap = process.memoryUsage().heapUsed;
			if (heap > heapUsedPeakBytes) heapUsedPeakBytes = heap;
		}
	};
	const timer = setInterval(sample, request.sampleEveryMs);
	const start = performance.now();
	let result: NodeBatchResult;
	let held: unknown; // the node's whole run, kept alive until the retained heap is measured
	try {
		if (raw) {
			const sent = await raw.sendAll(request.run, request.count);
			result = {
				items: sent.accepted + sent.failed,
				accepted: sent.accepted,
				other: sent.failed ? { failed: sent.failed } : {},
				firstOther: sent.firstFailure,
			};
		} else {
			result = await runNodeBatch(
				request.provider,
				request.urls,
				request.run,
				request.count,
				{},
				{ hold: (run) => (held = run) },
			);
		}
		sample();
	} finally {
		clearInterval(timer);
	}
	const wallMs = performance.now() - start;
	gc();
	const heapUsedAfterGcBytes = process.memoryUsage().heapUsed;
	held = undefined;
	const cpu = process.cpuUsage();
	return {
		mode: request.mode,
		provider: request.provider,
		count: request.count,
		idleRssBytes,
		peakSampledRssBytes,
		maxRssBytes: process.resourceUsage().maxRSS * 1024,
		samples,
		wallMs,
		heapUsedIdleBytes,
		heapUsedPeakBytes,
		heapUsedAfterGcBytes,
		cpuUs: cpu.user + cpu.system,
		result,
		warmup,
	};
}

process.once('message', (request: MemoryRequest) => {
	measure(request)
		.then((report) => process.send?.({ ok: true, report }, () => process.exit(0)))
		.catch((error: unknown) => {
			process.send?.(
				{
					ok: false,
					error: error instanceof Error ? (error.stack ?? error.message) : String(error),
				},
				() => process.exit(1),
			);
		});
});

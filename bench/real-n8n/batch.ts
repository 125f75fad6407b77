/**
 * One timed batch in real n8n: the rows posted to the workflow's webhook, the execution read back
 * from n8n's database once saved, checked against the sandbox's ledger, with n8n's CPU over the
 * window (idle baseline subtracted).
 */
import { tail, type Execution, type N8nInstance, type N8nMain } from '../../e2e/kit';
import { rows, runId, sleep, type Provider } from '../common';
import { groupCpuUs, processCpuUs } from '../proc-cpu';
import type { SandboxProcess } from '../sandbox-process';
import { CONFIG, EXECUTION_SAVE_TIMEOUT_MS, EXPECTED_STATUS, WEBHOOK_TIMEOUT_MS } from './config';
import type { BenchWorkflow } from './workflows';

export interface Batch {
	workflowId: string;
	provider: Provider | null;
	items: number;
	executionId: number;
	/** The Crypto Payout node's executionTime in the saved run (ms); for the feed-only workflow, Split Out's. */
	nodeWallMs: number;
	/** execution_entity stoppedAt − startedAt (ms). */
	executionWallMs: number | null;
	/** From sending the webhook request to its answer (responseMode lastNode), ms. */
	webhookRoundTripMs: number;
	/** The measurement window: request sent → the execution is saved in the database, ms. */
	windowMs: number;
	/** n8n's main process CPU (user + sys, /proc/<pid>/stat) over the window, raw, µs. */
	n8nCpuUs: number;
	/** The idle baseline's share of that window, µs (subtracted below). */
	idleCpuUs: number;
	/** (n8nCpuUs − idleCpuUs) / items. */
	cpuUsPerPayout: number;
	/** Other processes of n8n's process group (the task runner) over the window, µs. */
	otherGroupCpuUs: number;
	sandboxCpuUsPerPayout: number;
	requests: Record<string, number>;
	accepted: number;
	webhookRetries: number;
}

/** The running bench: n8n, its `n8n start`, the sandbox, and n8n's idle CPU (µs per second). */
export interface BenchRun {
	n8n: N8nInstance;
	main: N8nMain;
	sandbox: SandboxProcess;
	idleCpuUsPerSecond: number;
}

async function postWebhook(
	main: N8nMain,
	target: BenchWorkflow,
	body: string,
): Promise<{ status: number; text: string; retries: number }> {
	// While n8n registers its webhooks it answers 404/503 without starting anything: retry, bounded.
	const deadline = Date.now() + 60_000;
	let retries = 0;
	for (;;) {
		const response = await fetch(main.webhookUrl(target.path), {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body,
			signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
		});
		const text = await response.text();
		if ((response.status === 404 || response.status === 503) && Date.now() < deadline) {
			retries++;
			await sleep(500);
			continue;
		}
		return { status: response.status, text, retries };
	}
}

function nodeOutput(execution: Execution, nodeName: string) {
	const runs = execution.runData?.[nodeName];
	const last = runs?.[runs.length - 1];
	return { run: last, items: (last?.data?.main?.[0] ?? []).map((item) => item.json) };
}

export async function runBatch(
	{ n8n, main, sandbox, idleCpuUsPerSecond }: BenchRun,
	target: BenchWorkflow,
	count: number,
	label: string,
	{ latencyMs = CONFIG.latencyMs } = {},
): Promise<Batch> {
	const provider = target.provider ?? null;
	await sandbox.reset();
	await sandbox.latency(latencyMs);
	// Fresh references every run (the node never pays a reference twice); built before timing.
	const body = JSON.stringify({ rows: rows(provider ?? 'oxapay', runId(`n8n${label}`), count) });
	const before = await n8n.database.lastExecutionId();
	const pid = main.pid;
	if (!pid) throw new Error('n8n is not running');
	const cpu0 = processCpuUs(pid)!;
	const group0 = groupCpuUs(pid);
	const t0 = performance.now();
	const reply = await postWebhook(main, target, body);
	const webhookRoundTripMs = performance.now() - t0;
	const execution = await n8n.waitForExecution(target.id, before, {
		timeoutMs: EXECUTION_SAVE_TIMEOUT_MS,
		main,
	});
	const windowMs = performance.now() - t0;
	const cpu1 = processCpuUs(pid);
	const group1 = groupCpuUs(pid);
	if (cpu1 === undefined) throw new Error(`n8n exited during ${label}\n${tail(main.output, 40)}`);
	const counts = await sandbox.counts();

	const { nodeName } = target;
	const { run, items } = nodeOutput(execution, nodeName);
	const problem = (text: string) =>
		new Error(
			`${label} (${target.id}, execution #${execution.id}, status ${execution.status}, webhook ${reply.status} ${reply.text.slice(0, 200)}): ${text}`,
		);
	if (execution.status !== 'success' || !run) {
		throw problem(
			`the run did not succeed${execution.error ? `: ${execution.error}` : ''}; nodes run: ${Object.keys(execution.runData ?? {}).join(', ')}`,
		);
	}
	if (items.length !== count)
		throw problem(`${nodeName} gave ${items.length} items, expected ${count}`);
	let accepted = count;
	if (provider) {
		const accepts =
			target.accepts ??
			((item: Record<string, unknown>) =>
				item.status === EXPECTED_STATUS[provider] && Boolean(item.payoutId));
		accepted = items.filter(accepts).length;
		if (accepted !== count) {
			const other = items.find((item) => !accepts(item));
			throw problem(
				`${accepted}/${count} accepted; first other: ${JSON.stringify(other).slice(0, 400)}`,
			);
		}
		if (counts.ledger[provider] !== count)
			throw problem(
				`the sandbox ledger has ${counts.ledger[provider]} ${provider} payouts, expected ${count}`,
			);
	}
	const idleCpuUs = (idleCpuUsPerSecond * windowMs) / 1000;
	const n8nCpuUs = cpu1 - cpu0;
	const executionWallMs =
		execution.startedAt !== undefined && execution.stoppedAt !== undefined
			? execution.stoppedAt - execution.startedAt
			: null;
	return {
		workflowId: target.id,
		provider,
		items: count,
		executionId: execution.id,
		nodeWallMs: run.executionTime,
		executionWallMs: Number.isFinite(executionWallMs) ? executionWallMs : null,
		webhookRoundTripMs,
		windowMs,
		n8nCpuUs,
		idleCpuUs,
		cpuUsPerPayout: (n8nCpuUs - idleCpuUs) / count,
		otherGroupCpuUs: group1 - group0 - n8nCpuUs,
		sandboxCpuUsPerPayout: counts.cpuUs / count,
		requests: counts.requests,
		accepted,
		webhookRetries: reply.retries,
	};
}

/** A batch's idle share and CPU per payout, computed again for another idle baseline (µs per second). */
export function withIdleBaseline(batch: Batch, idleCpuUsPerSecond: number): void {
	batch.idleCpuUs = (idleCpuUsPerSecond * batch.windowMs) / 1000;
	batch.cpuUsPerPayout = (batch.n8nCpuUs - batch.idleCpuUs) / batch.items;
}

/**
 * n8n's CPU while nothing runs, in µs per second: one-second windows over CONFIG.idleBaselineMs,
 * the busiest one left out, so that one burst of n8n's own background work (a timer, a GC after
 * the warm-up) does not stand for its idle rate.
 */
export async function measureIdle(main: N8nMain): Promise<number> {
	const pid = main.pid!;
	const rates: number[] = [];
	for (let window = 0; window < Math.max(1, Math.round(CONFIG.idleBaselineMs / 1000)); window++) {
		const cpu0 = processCpuUs(pid)!;
		const t0 = performance.now();
		await sleep(1000);
		rates.push(((processCpuUs(pid)! - cpu0) * 1000) / (performance.now() - t0));
	}
	// The busiest window goes (a burst); the rest are averaged (CPU time comes in 10 ms ticks).
	rates.sort((a, b) => a - b);
	const kept = rates.length > 2 ? rates.slice(0, -1) : rates;
	return kept.reduce((sum, rate) => sum + rate, 0) / kept.length;
}

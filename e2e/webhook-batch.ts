/**
 * Batches of payout rows sent to a webhook workflow, shared by the concurrency and ledger checks:
 * the rows, one webhook call and its reply, and the counting of what came back.
 */
import { http, type Execution, type N8nMain } from './kit';
import type { PayoutItem } from './items';

export const HOOK_TIMEOUT_MS = 120_000;
export const TRON_ADDRESS = 'TXsmKpEuW7qWnXzJLGP9eDLvWPR2GRn1FS';
/** OxaPay has no idempotency key: the node writes `[ref:REF] …` into the description. */
export const REF_IN_DESCRIPTION = /^\[ref:([^\]\s]+)\]/;

export interface Row {
	reference: string;
	address: string;
	amount: string;
	currency: string;
	network: string;
	memo: string;
	description: string;
}

/** `count` USDT rows on Tron, references `<tag>-01`…, amounts 1.01, 1.02… unless `amount` is given. */
export function batchRows(tag: string, count: number, amount?: string): Row[] {
	return Array.from({ length: count }, (_, index) => ({
		reference: `${tag}-${String(index + 1).padStart(2, '0')}`,
		address: TRON_ADDRESS,
		amount: amount ?? (1 + (index + 1) / 100).toFixed(2),
		currency: 'USDT',
		network: 'TRC20',
		memo: '',
		description: `e2e batch ${tag}`,
	}));
}

export interface HookReply {
	/** 0 when no reply came. */
	status: number;
	text: string;
	items: PayoutItem[] | undefined;
	ms: number;
}

/** One webhook call; never throws (a refused or timed-out call is part of the result). */
export async function callHook(
	url: string,
	rows: unknown[],
	timeoutMs = HOOK_TIMEOUT_MS,
): Promise<HookReply> {
	const started = Date.now();
	try {
		const reply = await http('POST', url, { body: { rows }, timeoutMs });
		return {
			status: reply.status,
			text: reply.text,
			items: Array.isArray(reply.json) ? (reply.json as PayoutItem[]) : undefined,
			ms: Date.now() - started,
		};
	} catch (error) {
		const cause = error instanceof Error && error.cause ? error.cause : error;
		return { status: 0, text: String(cause), items: undefined, ms: Date.now() - started };
	}
}

export function countBy(values: string[]): Map<string, number> {
	const counts = new Map<string, number>();
	for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
	return counts;
}

export const formatCounts = (counts: Map<string, number>) =>
	[...counts.entries()]
		.sort((a, b) => b[1] - a[1])
		.map(([key, n]) => `${n} ${key}`)
		.join(', ');

/** A webhook to wait for: its path and a name for the error message. */
export interface HookProbe {
	label: string;
	path: string;
}

/** Waits until every webhook answers a real execution (an empty batch: no payout) with 200. */
export async function waitForHooks(
	main: N8nMain,
	hooks: HookProbe[],
	from?: number,
): Promise<number> {
	const pending = new Set(hooks);
	let last = '';
	try {
		return await main.waitFor(
			'every webhook answering 200',
			async () => {
				for (const hook of [...pending]) {
					// Bounded: a probe sent while n8n is still registering its webhooks is sent again.
					const probe = await callHook(main.webhookUrl(hook.path), [], 20_000);
					last = `${hook.label}: ${probe.status} ${probe.text.slice(0, 120)}`;
					if (probe.status === 200 && probe.items?.length === 0) pending.delete(hook);
				}
				return pending.size === 0;
			},
			{ from },
		);
	} catch (error) {
		throw new Error(`(last probe ${last}) ${error instanceof Error ? error.message : error}`);
	}
}

/** The most executions running at the same moment (from n8n's startedAt/stoppedAt). */
export function peakOverlap(executions: Execution[]): number {
	const events = executions.flatMap((execution): Array<[number, number]> => [
		[execution.startedAt ?? 0, 1],
		[execution.stoppedAt ?? Date.now(), -1],
	]);
	events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
	let running = 0;
	let peak = 0;
	for (const [, delta] of events) peak = Math.max(peak, (running += delta));
	return peak;
}

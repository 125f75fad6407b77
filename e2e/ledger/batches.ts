/**
 * What the ledger checks send and count: batches of rows, webhook calls, the items that come back,
 * what reached the sandbox per reference (across both providers and every account), the rows of
 * the payout ledger, and which worker ran what.
 */
import {
	type Execution,
	type LedgerEntry,
	type N8nWorker,
	type Postgres,
	type SandboxGateway,
} from '../kit';
import type { PayoutItem } from '../items';
import { countBy, formatCounts, REF_IN_DESCRIPTION, type HookReply } from '../webhook-batch';

const NOT_CREATED = new Set(['duplicate', 'refused', 'error', 'unknown', 'validated']);

/** An item's outcome: `created` for a payout the provider accepted, else its status. */
export function outcomeOf(item: PayoutItem): string {
	if (item.status === 'refused') return 'refused';
	if (item.error) return 'error';
	return NOT_CREATED.has(String(item.status)) ? String(item.status) : 'created';
}

/** The outcomes of some webhook replies, counted, with the error texts and the bad replies. */
export function outcomes(replies: HookReply[]) {
	const items = replies.flatMap((reply) => reply.items ?? []);
	const counts = countBy(items.map(outcomeOf));
	const errors = countBy(
		items
			.filter((item) => item.error && item.status !== 'refused')
			.map(
				(item) => `${item.error!.code ?? 'ERROR'}: ${String(item.error!.message).slice(0, 200)}`,
			),
	);
	const badReplies = replies.filter((reply) => reply.status !== 200 || !reply.items);
	const replyStatuses = countBy(
		replies.map((reply) => (reply.status === 0 ? 'no reply' : `HTTP ${reply.status}`)),
	);
	return {
		items,
		count: (outcome: string) => counts.get(outcome) ?? 0,
		errorCount: [...errors.values()].reduce((a, b) => a + b, 0),
		badReplies,
		text: `items: ${formatCounts(counts) || 'none'}${errors.size ? ` [errors: ${formatCounts(errors)}]` : ''}; replies: ${formatCounts(replyStatuses)}${badReplies.length ? ` (first bad reply: ${badReplies[0].text.slice(0, 200)})` : ''}`,
	};
}

/** The reference of a sandbox payout, whichever provider made it. */
export function referenceOf(entry: LedgerEntry): string | undefined {
	return entry.provider === 'cregis'
		? entry.reference
		: REF_IN_DESCRIPTION.exec(entry.description ?? '')?.[1];
}

/** Exact cents of a decimal text with at most 2 decimals (the checks' amounts). */
export function cents(amount: string): number {
	const [whole, fraction = ''] = amount.split('.');
	return Number(whole) * 100 + Number(fraction.padEnd(2, '0').slice(0, 2));
}

/**
 * What reached the sandbox for these references, counted per reference across both providers and
 * every account: payouts (its ledger) and create requests (Cregis refuses a repeated
 * third_party_id with E0009 only within one project, so its ledger alone would hide nothing here,
 * but a second request is still a second attempt to pay).
 */
export async function tally(sandbox: SandboxGateway, references: string[]) {
	const wanted = new Set(references);
	const isWanted = (ref: string | undefined): ref is string => ref !== undefined && wanted.has(ref);
	const entries = (await sandbox.ledger()).filter((entry) => isWanted(referenceOf(entry)));
	const paid = countBy(entries.map((entry) => referenceOf(entry)!));
	const sent = countBy(
		(await sandbox.requests())
			.filter(
				(request) =>
					request.method === 'POST' &&
					((request.provider === 'oxapay' && request.path === '/payout') ||
						(request.provider === 'cregis' && request.path === '/api/v1/payout')),
			)
			.map((request) => {
				try {
					const body = JSON.parse(request.rawBody) as Record<string, unknown>;
					return request.provider === 'cregis'
						? String(body.third_party_id)
						: REF_IN_DESCRIPTION.exec(String(body.description ?? ''))?.[1];
				} catch {
					return undefined;
				}
			})
			.filter(isWanted),
	);
	const paidTwice = [...paid.entries()].filter(([, n]) => n > 1);
	return {
		entries,
		paid,
		payouts: entries.length,
		paidOnce: [...paid.values()].filter((n) => n === 1).length,
		paidTwice: paidTwice.length,
		notPaid: references.filter((ref) => !paid.has(ref)).length,
		creates: [...sent.values()].reduce((a, b) => a + b, 0),
		sentTwice: [...sent.values()].filter((n) => n > 1).length,
		paidCents: entries.reduce((sum, entry) => sum + cents(entry.amount), 0),
		examplePaidTwice: paidTwice.slice(0, 3).map(([ref, n]) => `${ref}×${n}`),
	};
}

export const tallyText = (result: Awaited<ReturnType<typeof tally>>, total: number) =>
	`sandbox: ${result.payouts} payouts for ${total} references — ${result.paidTwice} paid twice or more${result.examplePaidTwice.length ? ` (${result.examplePaidTwice.join(', ')})` : ''}, ${result.notPaid} not paid; ${result.creates} create requests`;

/** One row of the payout ledger's table, as the checks read it. */
export interface LedgerTableRow {
	referenceKey: string;
	status: string;
	provider: string;
	payoutId: string;
	workflowId: string;
	amount: string;
}

/** The ledger's rows whose reference starts with `prefix` (none when the table does not exist). */
export async function ledgerRows(
	postgres: Postgres,
	schema: string,
	prefix: string,
): Promise<LedgerTableRow[]> {
	const [[exists]] = await postgres.query(`SELECT to_regclass('${schema}.payouts') IS NOT NULL`);
	if (exists !== 't') return [];
	const rows = await postgres.query(
		`SELECT reference_key, status, provider, coalesce(payout_id, ''), workflow_id, amount::text
		 FROM ${schema}.payouts WHERE reference_key LIKE '${prefix.replace(/'/g, "''")}%' ORDER BY reference_key`,
	);
	return rows.map(([referenceKey, status, provider, payoutId, workflowId, amount]) => ({
		referenceKey,
		status,
		provider,
		payoutId,
		workflowId,
		amount,
	}));
}

/** The longest execution, in seconds. */
export const longestSeconds = (executions: Execution[]) =>
	Math.max(
		0,
		...executions.map(
			(execution) => ((execution.stoppedAt ?? Date.now()) - (execution.startedAt ?? 0)) / 1000,
		),
	);

export const STARTED_EXECUTION = /Worker started execution (\d+) \(job \d+\)/g;

/** Where each worker's log stands now; `startedSince` reads the executions it started after it. */
export const logMarks = (workers: N8nWorker[]) => workers.map((worker) => worker.output.length);

export function startedSince(workers: N8nWorker[], marks: number[]): number[][] {
	return workers.map((worker, index) =>
		[...worker.output.slice(marks[index]).matchAll(STARTED_EXECUTION)].map((match) =>
			Number(match[1]),
		),
	);
}

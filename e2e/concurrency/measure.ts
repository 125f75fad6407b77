/**
 * What the concurrency checks send and count: the providers' webhook workflows, batches of rows,
 * webhook calls, the item outcomes of the replies, and what reached the sandbox per reference.
 */
import { loadWorkflow, type SandboxGateway, type WorkflowJson } from '../kit';
import type { PayoutItem } from '../items';
import { countBy, formatCounts, REF_IN_DESCRIPTION, type HookReply } from '../webhook-batch';

export interface Provider {
	id: 'oxapay' | 'cregis';
	label: string;
	short: string;
	workflowId: string;
	hookPath: string;
	webhookId: string;
	credential: { type: string; id: string; name: string };
	createPath: string;
	/** The reference a ledger entry / a create request body carries. */
	refOfEntry(entry: { reference?: string; description?: string }): string | undefined;
	refOfCreate(body: Record<string, unknown>): string | undefined;
}

export const PROVIDERS: Provider[] = [
	{
		id: 'oxapay',
		label: 'OxaPay',
		short: 'OX',
		workflowId: 'cpxConcOxaPay0001',
		hookPath: 'cpx-concurrency-oxapay',
		webhookId: '6f1c2a52-0c1e-4d6b-9a0e-0a7a9e0c0101',
		credential: { type: 'oxaPayApi', id: 'cpxOxaPaySandbox', name: 'OxaPay (sandbox)' },
		createPath: '/payout',
		// OxaPay has no idempotency key: the node writes `[ref:REF] …` into the description.
		refOfEntry: (entry) => REF_IN_DESCRIPTION.exec(entry.description ?? '')?.[1],
		refOfCreate: (body) => REF_IN_DESCRIPTION.exec(String(body.description ?? ''))?.[1],
	},
	{
		id: 'cregis',
		label: 'Cregis',
		short: 'CG',
		workflowId: 'cpxConcCregis0001',
		hookPath: 'cpx-concurrency-cregis',
		webhookId: '6f1c2a52-0c1e-4d6b-9a0e-0a7a9e0c0102',
		credential: { type: 'cregisApi', id: 'cpxCregisSandbox', name: 'Cregis (sandbox)' },
		createPath: '/api/v1/payout',
		refOfEntry: (entry) => entry.reference,
		refOfCreate: (body) => body.third_party_id as string | undefined,
	},
];

/** e2e/workflows/webhook-batch.json, one copy per provider. */
export function webhookWorkflows(): WorkflowJson[] {
	return PROVIDERS.map((provider) =>
		loadWorkflow('e2e/workflows/webhook-batch.json', {
			__ID__: provider.workflowId,
			__PROVIDER__: provider.id,
			__PATH__: provider.hookPath,
			__WEBHOOK_ID__: provider.webhookId,
			__CRED_TYPE__: provider.credential.type,
			__CRED_ID__: provider.credential.id,
			__CRED_NAME__: provider.credential.name,
		}),
	);
}

const sum = (values: Iterable<number>) => [...values].reduce((a, b) => a + b, 0);

/**
 * Which guard said "duplicate": the process's memory of recent payouts, a claim held by another
 * execution of the process, the workflow's processed-data record, Cregis's third_party_id check,
 * or OxaPay's history.
 */
function duplicateSource(item: PayoutItem): string {
	const message = item.message ?? '';
	if (item.providerStatus === 'E0009') return 'duplicate (Cregis E0009)';
	if (/already paid by this n8n instance/.test(message)) return 'duplicate (process memory)';
	if (/being paid right now by another execution/.test(message)) return 'duplicate (in flight)';
	if (/already submitted by this workflow/.test(message)) return 'duplicate (n8n store)';
	if (/already has payout/.test(message)) return 'duplicate (provider history)';
	return 'duplicate';
}

/** The item outcomes of some webhook replies: statuses and the distinct error texts. */
export function outcomes(replies: HookReply[]) {
	const items = replies.flatMap((reply) => reply.items ?? []);
	const statuses = countBy(
		items.map((item) =>
			item.error
				? 'error'
				: item.status === 'duplicate'
					? duplicateSource(item)
					: String(item.status),
		),
	);
	const errors = countBy(
		items
			.filter((item) => item.error)
			.map(
				(item) =>
					`${item.error!.code ?? 'ERROR'}: ${String(item.error!.message ?? JSON.stringify(item.error)).slice(0, 200)}`,
			),
	);
	const httpStatuses = countBy(
		replies.map((reply) =>
			reply.status === 0 ? `no reply (${reply.text.slice(0, 80)})` : `HTTP ${reply.status}`,
		),
	);
	const badReplies = replies.filter((reply) => reply.status !== 200 || !reply.items);
	return {
		items: items.length,
		statuses,
		errors,
		errorCount: sum(errors.values()),
		httpStatuses,
		badReplies,
		text: `items: ${formatCounts(statuses) || 'none'}${errors.size ? ` [errors: ${formatCounts(errors)}]` : ''}; replies: ${formatCounts(httpStatuses)}${badReplies.length ? ` (first bad reply: ${badReplies[0].text.slice(0, 200)})` : ''}`,
	};
}

/** Items whose status says a payout was created (not a duplicate, error, unknown or dry run). */
export const createdCount = (out: ReturnType<typeof outcomes>) =>
	sum(
		[...out.statuses.entries()]
			.filter(
				([status]) =>
					!status.startsWith('duplicate') && !['error', 'unknown', 'validated'].includes(status),
			)
			.map(([, n]) => n),
	);

export const duplicateCount = (out: ReturnType<typeof outcomes>) =>
	sum(
		[...out.statuses.entries()]
			.filter(([status]) => status.startsWith('duplicate'))
			.map(([, n]) => n),
	);

/** What reached the sandbox for these references: ledger entries and create requests, per reference. */
export async function tally(sandbox: SandboxGateway, provider: Provider, references: string[]) {
	const wanted = new Set(references);
	const entries = (await sandbox.ledger()).filter((entry) => entry.provider === provider.id);
	const isWanted = (ref: string | undefined): ref is string => ref !== undefined && wanted.has(ref);
	const paid = countBy(entries.map((entry) => provider.refOfEntry(entry)).filter(isWanted));
	const creates = (await sandbox.requests()).filter(
		(request) =>
			request.provider === provider.id &&
			request.method === 'POST' &&
			request.path === provider.createPath,
	);
	const sent = countBy(
		creates
			.map((request) => {
				try {
					return provider.refOfCreate(JSON.parse(request.rawBody) as Record<string, unknown>);
				} catch {
					return undefined;
				}
			})
			.filter(isWanted),
	);
	const paidTwice = [...paid.entries()].filter(([, n]) => n > 1);
	const sentTwice = [...sent.entries()].filter(([, n]) => n > 1);
	return {
		paidRefs: new Set(paid.keys()),
		payouts: sum(paid.values()),
		otherPayouts: entries.length - sum(paid.values()),
		paidOnce: [...paid.values()].filter((n) => n === 1).length,
		paidTwice: paidTwice.length,
		maxPaid: Math.max(0, ...paid.values()),
		notPaid: references.filter((ref) => !paid.has(ref)).length,
		creates: sum(sent.values()),
		duplicateCreates: sum(sentTwice.map(([, n]) => n - 1)),
		sentTwice: sentTwice.length,
		examplePaidTwice: paidTwice.slice(0, 3).map(([ref, n]) => `${ref}×${n}`),
	};
}

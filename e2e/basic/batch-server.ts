/**
 * The operator's batch (issue 14) under one `n8n start`: two workflows in one n8n process (the
 * process's memory of recent payouts decides where neither workflow's record can see the other's
 * payouts), and an execution stopped through n8n's REST API mid-batch, then run again.
 */
import { ensureOwner, http, sleep, stopExecution, type N8nMain, type WorkflowJson } from '../kit';
import type { PayoutItem } from '../items';
import { expect } from '../runner';
import { CREATE_PATH, usdtRow, webhookBatch, type Row } from './batch-workflows';
import { paidByReference } from './batch';
import type { BasicContext } from './create';
import { settledExecutions } from './runs';

const HOOKS = {
	oxapay: {
		id: 'e2eHookOxaPay001',
		path: 'e2e-batch-oxapay',
		webhookId: '6f1c2a52-0c1e-4d6b-9a0e-0a7a9e0c0021',
	},
	cregis: {
		id: 'e2eHookCregis001',
		path: 'e2e-batch-cregis',
		webhookId: '6f1c2a52-0c1e-4d6b-9a0e-0a7a9e0c0022',
	},
} as const;
const OWNER = { email: 'e2e-owner@example.com', password: 'E2e-owner-2024' };
const CANCEL_LATENCY_MS = 300;

/** Webhook → Split Out → Crypto Payout (Concurrency 1, Continue On Fail), one per provider. */
export function batchServerWorkflows(): WorkflowJson[] {
	return (['oxapay', 'cregis'] as const).map((provider) =>
		webhookBatch({ ...HOOKS[provider], provider }),
	);
}

const hookUrl = (main: N8nMain, provider: keyof typeof HOOKS) =>
	main.webhookUrl(HOOKS[provider].path);

async function callBatch(
	url: string,
	rows: Row[],
): Promise<{ status: number; items: PayoutItem[] }> {
	const reply = await http('POST', url, { body: { rows }, timeoutMs: 120_000 });
	return {
		status: reply.status,
		items: Array.isArray(reply.json) ? (reply.json as PayoutItem[]) : [],
	};
}

/** True once both batch webhooks answer an empty batch with 200 (an execution that stops at Split Out). */
export async function batchHooksReady(main: N8nMain): Promise<boolean> {
	for (const provider of ['oxapay', 'cregis'] as const) {
		const reply = await http('POST', hookUrl(main, provider), { body: { rows: [] } });
		if (reply.status !== 200) return false;
	}
	return true;
}

/** The second workflow's items and the ledger after it, for duplicateIdCheck. */
interface SecondRun {
	items: PayoutItem[];
	ledger: Array<{ provider: string; id: string }>;
}

/** Paid by the OxaPay workflow, then run by the Cregis one in the same process: all duplicate. */
async function twoWorkflowsCheck(
	{ sandbox }: BasicContext,
	main: N8nMain,
	keep: (second: SecondRun) => void,
): Promise<string> {
	const rows = Array.from({ length: 6 }, (_, i) => usdtRow(`XW-${i + 1}`, `${i + 3}.25`));
	const references = rows.map((row) => row.reference);
	const first = await callBatch(hookUrl(main, 'oxapay'), rows);
	expect(
		first.status === 200 && first.items.filter((item) => item.status === 'processing').length === 6,
		`the OxaPay workflow: ${first.status} ${JSON.stringify(first.items).slice(0, 300)}`,
	);
	const second = await callBatch(hookUrl(main, 'cregis'), rows);
	const paid = await paidByReference(sandbox, references);
	keep({ items: second.items, ledger: [...paid.values()].flat() });
	const byCregis = [...paid.values()].flat().filter((entry) => entry.provider === 'cregis');
	const detail = `the Cregis workflow (${HOOKS.cregis.id}) after the OxaPay one (${HOOKS.oxapay.id}) paid XW-1…6: ${second.items.map((item) => item.status).join(', ')}; ledger ${byCregis.length} Cregis payouts for them`;
	expect(byCregis.length === 0, `paid again by the second workflow — ${detail}`);
	expect(
		second.status === 200 &&
			second.items.length === 6 &&
			second.items.every((item) => item.status === 'duplicate'),
		detail,
	);
	return `${detail}; ${second.items[0]?.message ?? ''}`;
}

/**
 * An item's provider and payoutId name one payout: what a following Get Payout step of the same
 * provider reads (e2e/workflows/get-after-create.json). A Cregis duplicate of a reference OxaPay
 * paid must not carry OxaPay's track_id as a Cregis payout id (a Get Cregis then fails with E0015).
 */
function duplicateIdCheck(second: SecondRun | undefined): string {
	expect(second?.items.length, 'needs the two-workflows check above');
	const foreign = second.items.filter(
		(item) =>
			item.payoutId !== null &&
			!second.ledger.some(
				(entry) => entry.provider === item.provider && entry.id === item.payoutId,
			),
	);
	const shown = (item: PayoutItem) =>
		`${item.reference}: provider ${item.provider}, payoutId ${item.payoutId} (${item.message})`;
	expect(
		foreign.length === 0,
		`${foreign.length} of ${second.items.length} duplicate items pair their provider with another provider's payout id — ${foreign.slice(0, 2).map(shown).join('; ')}`,
	);
	return second.items
		.map((item) => `${item.reference} ${item.provider} ${item.payoutId}`)
		.join(', ');
}

/** 8 rows at 300 ms per create, stopped through the REST API; the re-run pays each unsent one once. */
async function cancelCheck({ n8n, sandbox }: BasicContext, main: N8nMain): Promise<string> {
	const rows = Array.from({ length: 8 }, (_, i) => usdtRow(`CANCEL-${i + 1}`));
	const references = rows.map((row) => row.reference);
	const workflowId = HOOKS.oxapay.id;
	const { cookie } = await ensureOwner(main.base, OWNER);
	const mark = await n8n.database.lastExecutionId();
	await sandbox.setLatency(CANCEL_LATENCY_MS);
	let paidWhileRunning: number;
	let stopped: string;
	try {
		const running = callBatch(hookUrl(main, 'oxapay'), rows).catch((error: unknown) => ({
			status: 0,
			items: [] as PayoutItem[],
			error,
		}));
		const deadline = Date.now() + 20_000;
		while ((await paidByReference(sandbox, references)).size < 2 && Date.now() < deadline)
			await sleep(50);
		const [execution] = (await n8n.executions(workflowId, { afterId: mark })).filter(
			(candidate) => candidate.status === 'running',
		);
		expect(execution, 'no running execution of the batch to stop');
		const stop = await stopExecution(main.base, cookie, execution.id);
		expect(
			stop.status === 200,
			`POST /rest/executions/${execution.id}/stop: ${stop.status} ${stop.text}`,
		);
		const reply = await running;
		await settledExecutions(n8n, workflowId, { afterId: mark });
		const [saved] = await n8n.executions(workflowId, { afterId: mark });
		paidWhileRunning = (await paidByReference(sandbox, references)).size;
		await sleep(2 * CANCEL_LATENCY_MS + 400);
		const later = (await paidByReference(sandbox, references)).size;
		stopped = `execution #${execution.id} stopped after ${paidWhileRunning} payouts (reply ${reply.status}, saved as ${saved?.status})`;
		expect(saved?.status === 'canceled', `${stopped}: not saved as canceled`);
		expect(
			paidWhileRunning >= 2 && paidWhileRunning <= 3 && later === paidWhileRunning,
			`${stopped}; ${later} paid ${2 * CANCEL_LATENCY_MS + 400} ms later (the stop must send nothing more)`,
		);
	} finally {
		await sandbox.setLatency(0);
	}
	const again = await callBatch(hookUrl(main, 'oxapay'), rows);
	const paid = await paidByReference(sandbox, references);
	const creates = (await sandbox.requests()).filter(
		(request) =>
			request.provider === 'oxapay' &&
			request.method === 'POST' &&
			request.path === CREATE_PATH.oxapay &&
			/\[ref:CANCEL-\d\]/.test(request.rawBody),
	);
	const statuses = again.items.map((item) => `${item.reference} ${item.status}`).join(', ');
	const detail = `${stopped}; re-run: ${statuses}; ledger ${[...paid].map(([ref, list]) => `${ref}×${list.length}`).join(', ')}; ${creates.length} create requests`;
	expect(
		references.every((reference) => paid.get(reference)?.length === 1),
		`not every reference paid exactly once — ${detail}`,
	);
	expect(creates.length === 8, `expected 8 create requests in all — ${detail}`);
	expect(
		again.items.filter((item) => item.status === 'duplicate').length === paidWhileRunning,
		`the re-run's duplicates are not the ${paidWhileRunning} sent before the stop — ${detail}`,
	);
	return detail;
}

/** The operator's-batch checks that need `n8n start`, in order. */
export async function batchServerChecks(context: BasicContext, main: N8nMain): Promise<void> {
	const { check } = context.reporter;
	const name = (text: string) => `operator batch (n8n start): ${text}`;
	let second: SecondRun | undefined;
	await check(
		name(
			'a reference paid by one workflow is "duplicate" in another workflow of the same process (OxaPay → Cregis)',
		),
		() => twoWorkflowsCheck(context, main, (result) => (second = result)),
	);
	await check(
		name(
			"the second workflow's duplicate items: provider and payoutId name one payout (a Get Payout of that provider finds it)",
		),
		async () => duplicateIdCheck(second),
	);
	await check(
		name(
			'an execution stopped through POST /rest/executions/:id/stop sends nothing more; a re-run pays each unsent reference once',
		),
		() => cancelCheck(context, main),
	);
}

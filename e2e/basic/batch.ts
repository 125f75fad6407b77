/**
 * The operator's batch (issue 14) through `n8n execute`: each execution is its own n8n process,
 * so what carries from one run to the next is n8n's database (the workflow's processed-data
 * record), as after a restart. The sandbox ledger decides what was paid; n8n's saved execution
 * decides what the operator is shown.
 */
import { nodeItems, tail, type ExecuteResult, type Execution, type SandboxGateway } from '../kit';
import { asPayoutItems, type PayoutItem } from '../items';
import { expect } from '../runner';
import { CREATE_PATH, manualBatch, usdtRow, type ProviderId, type Row } from './batch-workflows';
import type { BasicContext } from './create';

const REF_IN_DESCRIPTION = /^\[ref:([^\]\s]+)\]/;

/** Ledger entries per reference (upper-cased), for these references only. */
export async function paidByReference(
	sandbox: SandboxGateway,
	references: string[],
): Promise<Map<string, Array<{ provider: string; id: string }>>> {
	const wanted = new Set(references.map((reference) => reference.toUpperCase()));
	const paid = new Map<string, Array<{ provider: string; id: string }>>();
	for (const entry of await sandbox.ledger()) {
		const reference =
			entry.provider === 'cregis'
				? entry.reference
				: REF_IN_DESCRIPTION.exec(entry.description ?? '')?.[1];
		const key = String(reference).toUpperCase();
		if (!wanted.has(key)) continue;
		paid.set(key, [...(paid.get(key) ?? []), { provider: entry.provider, id: entry.id }]);
	}
	return paid;
}

const refsOf = (rows: Row[]) => rows.map((row) => row.reference);
const statusList = (items: PayoutItem[]) => items.map((item) => item.status).join(', ');

function expectExit(result: ExecuteResult, code: number): void {
	expect(
		result.code === code,
		`n8n execute exited ${result.code}${result.timedOut ? ' (timeout)' : ''}, expected ${code}\n${tail(result.stdout + result.stderr)}`,
	);
}

/** The workflow's last saved execution, with its run data and error. */
async function savedExecution({ n8n }: BasicContext, workflowId: string): Promise<Execution> {
	const executions = await n8n.executions(workflowId, { finished: true, withData: true });
	const last = executions.at(-1);
	expect(last, `n8n saved no execution of ${workflowId}`);
	return last;
}

const SWITCH_ROWS = Array.from({ length: 6 }, (_, i) => usdtRow(`SW-${i + 1}`, `${i + 20}.5`));
const SWITCH_ID = 'e2eProvSwitch001';

/** Paid with OxaPay; the same workflow switched to Cregis and re-imported pays nothing again. */
async function providerSwitchCheck(context: BasicContext): Promise<string> {
	const { n8n, sandbox } = context;
	const references = refsOf(SWITCH_ROWS);
	await sandbox.reset();
	await n8n.importWorkflows(manualBatch({ id: SWITCH_ID, provider: 'oxapay', rows: SWITCH_ROWS }));
	const first = await n8n.execute(SWITCH_ID);
	expectExit(first, 0);
	const paid = asPayoutItems(nodeItems(first.run?.data?.resultData?.runData, 'Crypto Payout'));
	expect(
		paid?.length === 6 && paid.every((item) => item.status === 'processing'),
		`OxaPay run: ${JSON.stringify(paid)}`,
	);
	expect((await sandbox.ledger()).length === 6, 'the OxaPay run did not pay 6 payouts');
	// The operator changes the node's Provider (and so its credential) and saves: same workflow id.
	await n8n.importWorkflows(manualBatch({ id: SWITCH_ID, provider: 'cregis', rows: SWITCH_ROWS }));
	const switched = await n8n.execute(SWITCH_ID);
	expectExit(switched, 0);
	const items = asPayoutItems(nodeItems(switched.run?.data?.resultData?.runData, 'Crypto Payout'));
	const byRef = await paidByReference(sandbox, references);
	const cregisPaid = [...byRef.values()].flat().filter((entry) => entry.provider === 'cregis');
	const detail = `OxaPay paid ${references.join(', ')}; the same workflow on Cregis: ${items ? statusList(items) : 'no items'}; ledger ${cregisPaid.length} Cregis payouts for them`;
	expect(cregisPaid.length === 0, `switching provider paid again — ${detail}`);
	expect(
		items?.length === 6 &&
			items.every((item) => item.status === 'duplicate' && item.provider === 'cregis'),
		`expected 6 duplicate — ${detail}`,
	);
	expect(
		references.every((reference) => byRef.get(reference)?.length === 1),
		`a reference is not paid exactly once: ${JSON.stringify([...byRef])}`,
	);
	return `${detail} (two n8n processes: the workflow's processed-data record decided)`;
}

const STOP_ROWS = [
	usdtRow('STOP-1'),
	usdtRow('STOP-2'),
	usdtRow('STOP-3', '7,5'),
	usdtRow('STOP-4'),
];

/** n8n's default On Error, Concurrency 4, row 3 invalid: nothing is paid, the record names the row. */
async function stopInvalidCheck(context: BasicContext): Promise<string> {
	const { n8n, sandbox } = context;
	const id = 'e2eStopInvalid01';
	await sandbox.reset();
	await n8n.importWorkflows(
		manualBatch({ id, provider: 'oxapay', rows: STOP_ROWS, payoutOptions: { concurrency: 4 } }),
	);
	const result = await n8n.execute(id);
	expectExit(result, 1);
	const creates = (await sandbox.requests()).filter(
		(request) => request.method === 'POST' && request.path === CREATE_PATH.oxapay,
	);
	const paid = await paidByReference(sandbox, refsOf(STOP_ROWS));
	expect(
		paid.size === 0 && creates.length === 0,
		`a batch with an invalid row 3 sent ${creates.length} creates, paid ${[...paid.keys()].join(', ')}`,
	);
	const saved = await savedExecution(context, id);
	const shown = `${saved.error ?? ''} ${saved.errorDescription ?? ''}`;
	expect(
		saved.status === 'error' &&
			/Row 3 \(STOP-3\)/.test(saved.error ?? '') &&
			/7,5/.test(saved.error ?? '') &&
			/nothing was sent/i.test(shown),
		`saved execution #${saved.id} (${saved.status}): ${JSON.stringify(shown)}`,
	);
	return `0 create requests, ledger empty; saved execution #${saved.id} ${saved.status}: "${saved.error}"`;
}

/** The provider refuses the 3rd create (Concurrency 4): the saved error names every payout sent. */
async function midBatchCheck(context: BasicContext, provider: ProviderId): Promise<string> {
	const { n8n, sandbox } = context;
	const id = provider === 'oxapay' ? 'e2eStopMidOxaPay' : 'e2eStopMidCregis';
	const rows = Array.from({ length: 12 }, (_, i) => usdtRow(`MID-${provider}-${i + 1}`));
	await sandbox.reset();
	await n8n.importWorkflows(manualBatch({ id, provider, rows, payoutOptions: { concurrency: 4 } }));
	const create = { provider, method: 'POST', path: CREATE_PATH[provider] };
	await sandbox.setLatency(30);
	await sandbox.injectFault(create, { kind: 'delay', ms: 0 }, 2); // the first two go through
	await sandbox.injectFault(create, { kind: 'ip-not-allowed' }); // the third is refused
	let result: ExecuteResult;
	try {
		result = await n8n.execute(id);
	} finally {
		await sandbox.clearFaults();
		await sandbox.setLatency(0);
	}
	expectExit(result, 1);
	const paid = [...(await paidByReference(sandbox, refsOf(rows)))];
	const saved = await savedExecution(context, id);
	const shown = `${saved.error ?? ''}\n${saved.errorDescription ?? ''}`;
	const detail = `ledger: ${paid.map(([reference, [entry]]) => `${reference} ${entry.id}`).join(', ')}; saved execution #${saved.id} ${saved.status}: ${JSON.stringify(shown)}`;
	expect(paid.length >= 2 && paid.length < rows.length, `expected 2–11 paid — ${detail}`);
	expect(
		new RegExp(`before it, ${paid.length} sent`).test(saved.error ?? ''),
		`the error does not say ${paid.length} were sent — ${detail}`,
	);
	const unnamed = paid.filter(
		([reference, [entry]]) =>
			!new RegExp(`\\(${reference}\\) payout ${entry.id}\\b`, 'i').test(shown),
	);
	expect(
		unnamed.length === 0,
		`paid but not named with its payout id: ${unnamed.map(([reference]) => reference).join(', ')} — ${detail}`,
	);
	return `${paid.length} of 12 paid before the refusal, each named with its payout id in the saved error ("${saved.error}")`;
}

/** "Continue (using error output)": refused rows reach "Refused", paid and duplicate ones "Paid". */
async function errorOutputCheck(context: BasicContext): Promise<string> {
	const { n8n, sandbox } = context;
	const id = 'e2eErrorOutput01';
	const rows = [
		usdtRow('EO-1'),
		usdtRow('EO-2', '7,5'),
		usdtRow('eo-1'),
		usdtRow('EO-3'),
		usdtRow('', '1'),
	];
	await sandbox.reset();
	await n8n.importWorkflows(manualBatch({ id, provider: 'oxapay', rows, errorOutputs: true }));
	const result = await n8n.execute(id);
	expectExit(result, 0);
	const runData = result.run?.data?.resultData?.runData;
	const paid = asPayoutItems(nodeItems(runData, 'Paid')) ?? [];
	const refused = asPayoutItems(nodeItems(runData, 'Refused')) ?? [];
	const detail = `Paid: ${paid.map((item) => `${item.reference} ${item.status}`).join(', ')}; Refused: ${JSON.stringify(refused)}`;
	expect(
		paid.map((item) => `${item.reference} ${item.status}`).join() ===
			'EO-1 processing,eo-1 duplicate,EO-3 processing',
		`the success output — ${detail}`,
	);
	expect(refused.length === 2, `expected 2 items on the error output — ${detail}`);
	const [badAmount, noReference] = refused as Array<
		PayoutItem & { error?: { status?: unknown; provider?: unknown } }
	>;
	// n8n merges the input row's columns into an error-output item: the row as the operator gave it.
	expect(
		badAmount.reference === 'EO-2' &&
			badAmount.amount === '7,5' &&
			badAmount.address === rows[1].address &&
			badAmount.error?.code === 'INVALID_AMOUNT' &&
			/^Row 2 \(EO-2\): /.test(badAmount.error.message ?? '') &&
			badAmount.error?.status === 'refused' &&
			badAmount.error?.provider === 'oxapay',
		`the refused EO-2 — ${detail}`,
	);
	expect(
		noReference.error?.code === 'REFERENCE_REQUIRED' && noReference.amount === '1',
		`the row without a reference — ${detail}`,
	);
	const ledger = await paidByReference(sandbox, ['EO-1', 'EO-3']);
	expect(
		(await sandbox.ledger()).length === 2 && ledger.size === 2,
		`ledger: ${JSON.stringify([...ledger])}`,
	);
	return `${detail.slice(0, 300)}…; ledger 2 payouts`;
}

/** The operator's-batch checks through `n8n execute`, in order. */
export async function batchChecks(context: BasicContext): Promise<void> {
	const { check } = context.reporter;
	const name = (text: string) => `operator batch (n8n execute): ${text}`;
	await check(
		name('a workflow switched from OxaPay to Cregis pays none of its references again'),
		() => providerSwitchCheck(context),
	);
	await check(
		name(
			'Stop Workflow, Concurrency 4, invalid row 3: nothing paid, the saved error names the row',
		),
		() => stopInvalidCheck(context),
	);
	for (const provider of ['oxapay', 'cregis'] as const) {
		await check(
			name(
				`${provider}: refused mid-batch under Stop Workflow: the saved error names every payout sent, with its id`,
			),
			() => midBatchCheck(context, provider),
		);
	}
	await check(
		name(
			'Continue (using error output): refused rows on output 1 ("Refused"), paid and duplicate on output 0 ("Paid")',
		),
		() => errorOutputCheck(context),
	);
}

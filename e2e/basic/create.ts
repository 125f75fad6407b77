/**
 * Creating payouts with `n8n execute`: the CSV examples for both providers (Continue On Fail), the
 * scheduled batch with its spending cap, Dry Run, and Get Payout after Create. Each check imports
 * its workflow, executes it and compares the run JSON with the sandbox's ledger.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import path from 'node:path';

import { nodeOutput, REPO_ROOT, tail, type ExecuteResult, type N8nInstance } from '../kit';
import type { SandboxGateway } from '../kit';
import { asPayoutItems, byReference, errorItems } from '../items';
import { expect, type CheckResult, type Reporter } from '../runner';

export interface BasicContext {
	n8n: N8nInstance;
	sandbox: SandboxGateway;
	reporter: Reporter;
}

function expectExecuted(result: ExecuteResult, what = 'execute'): void {
	expect(
		result.code === 0,
		`${what} exited ${result.code}${result.timedOut ? ' (timeout)' : ''}\n${tail(result.stdout + result.stderr)}`,
	);
}

async function csvCheck(
	{ n8n, sandbox }: BasicContext,
	provider: 'oxapay' | 'cregis',
	file: string,
	id: string,
	nodeName: string,
): Promise<string> {
	copyFileSync(
		path.join(REPO_ROOT, 'examples', 'payouts.csv'),
		path.join(n8n.files, 'payouts.csv'),
	);
	await sandbox.reset();
	await n8n.importWorkflows(n8n.workflow(file));
	const result = await n8n.execute(id);
	expectExecuted(result);
	expect(result.run?.status === 'success', `run status ${result.run?.status}`);
	const rows = nodeOutput(result.run, 'Parse CSV rows');
	expect(rows?.length === 6, `Extract From File gave ${rows?.length} rows, expected 6`);
	const items = asPayoutItems(nodeOutput(result.run, nodeName));
	expect(items?.length === 6, `${nodeName} gave ${items?.length} items, expected 6`);
	// A refused item has the shape of every other Create item (status `refused`, `error` with code,
	// message, description and field, the row's values as given), so it keeps its reference.
	const refs = byReference(items);
	const created = ['INV-1001', 'INV-1002', 'INV-1003', 'INV-1004'];
	const wantStatus = provider === 'oxapay' ? 'processing' : 'pending';
	for (const reference of created) {
		const item = refs[reference];
		expect(
			item && !item.error,
			`${reference}: expected a created payout, got ${JSON.stringify(item)}`,
		);
		expect(
			item.provider === provider && item.status === wantStatus && /^\d+$/.test(item.payoutId ?? ''),
			`${reference}: ${JSON.stringify(item)}`,
		);
	}
	const errors = errorItems(items);
	expect(
		errors.length === 2,
		`expected 2 error items (INV-1005, INV-1006), got ${errors.length}: ${JSON.stringify(errors)}`,
	);
	expect(
		errors
			.map((item) => item.reference)
			.sort()
			.join() === 'INV-1005,INV-1006',
		`error items for ${errors.map((item) => item.reference)}`,
	);
	for (const [row, item] of [
		[5, refs['INV-1005']!],
		[6, refs['INV-1006']!],
	] as const) {
		expect(
			item.status === 'refused' &&
				item.provider === provider &&
				item.operation === 'create' &&
				item.payoutId === null &&
				typeof item.error?.code === 'string' &&
				item.error.message?.startsWith(`Row ${row} (${item.reference}): `) &&
				'description' in item.error &&
				'field' in item.error &&
				item.address === rows![row - 1].address &&
				item.amount === rows![row - 1].amount,
			`refused row ${row} is not in the normalized shape: ${JSON.stringify(item)}`,
		);
	}
	const entries = (await sandbox.ledger()).filter((entry) => entry.provider === provider);
	expect(
		entries.length === 4,
		`sandbox ledger has ${entries.length} ${provider} payouts, expected 4`,
	);
	expect(
		entries.map((entry) => entry.amount).join() === '25.5,0.015,0.00123456,100',
		`ledger amounts ${entries.map((entry) => entry.amount)}`,
	);
	const ids = new Set(entries.map((entry) => entry.id));
	expect(
		created.every((reference) => ids.has(refs[reference]!.payoutId!)),
		'output payoutIds do not match the ledger',
	);
	return `6 CSV rows → 4 payouts in the ledger (${entries.map((entry) => entry.amount).join(', ')}), 2 error items (${errors.map((item) => `${item.reference} ${item.error!.code}`).join(', ')}); execute ${(result.ms / 1000).toFixed(1)} s`;
}

async function scheduleCheck({ n8n, sandbox }: BasicContext): Promise<string> {
	copyFileSync(
		path.join(REPO_ROOT, 'examples', 'payouts-weekly.csv'),
		path.join(n8n.files, 'payouts-weekly.csv'),
	);
	await sandbox.reset();
	const workflow = n8n.workflow('examples/scheduled-capped-payouts.json');
	expect(
		workflow.nodes.some((node) => node.type === 'n8n-nodes-base.scheduleTrigger'),
		'the example has no Schedule Trigger',
	);
	await n8n.importWorkflows(workflow);
	const result = await n8n.execute(workflow.id);
	expectExecuted(result);
	const items = asPayoutItems(nodeOutput(result.run, 'Crypto Payout (capped)'));
	expect(items?.length === 5, `expected 5 items, got ${items?.length}`);
	const refs = byReference(items);
	for (const reference of ['WK-2001', 'WK-2002', 'WK-2004', 'WK-2005']) {
		expect(
			refs[reference] && !refs[reference].error && refs[reference].payoutId,
			`${reference} not created: ${JSON.stringify(refs[reference])}`,
		);
	}
	expect(
		refs['WK-2003']?.error?.code === 'SPENDING_CAP_EXCEEDED',
		`WK-2003: ${JSON.stringify(refs['WK-2003'])}`,
	);
	const entries = await sandbox.ledger();
	const usdt = entries
		.filter((entry) => entry.currency === 'USDT')
		.map((entry) => Number(entry.amount));
	expect(entries.length === 4, `ledger has ${entries.length} payouts, expected 4`);
	expect(usdt.reduce((a, b) => a + b, 0) === 100, `USDT paid ${usdt.join('+')}, expected 100`);
	return 'started from its Manual Trigger (the Schedule Trigger branch shares the nodes): 4 paid, WK-2003 refused by the 100 USDT cap, ledger USDT total 100';
}

async function dryRunCheck({ n8n, sandbox }: BasicContext): Promise<string> {
	await sandbox.reset();
	await n8n.importWorkflows(n8n.workflow('e2e/workflows/dry-run.json'));
	const result = await n8n.execute('e2eDryRun00000001');
	expectExecuted(result);
	const summary = [];
	for (const nodeName of ['Dry Run OxaPay', 'Dry Run Cregis']) {
		const items = asPayoutItems(nodeOutput(result.run, nodeName));
		expect(items?.length === 3, `${nodeName}: ${items?.length} items`);
		expect(
			items.every((item) => item.status === 'validated' && item.payoutId === null && item.request),
			`${nodeName}: ${JSON.stringify(items)}`,
		);
		summary.push(`${nodeName}: 3 × validated`);
	}
	const entries = await sandbox.ledger();
	expect(entries.length === 0, `ledger has ${entries.length} payouts after a dry run`);
	const posts = (await sandbox.requests()).filter(
		(request) => request.method === 'POST' && /payout/.test(request.path),
	);
	expect(posts.length === 0, `dry run sent ${posts.length} payout requests`);
	return `${summary.join(', ')}; ledger empty, no payout request sent`;
}

/** The node's operations, loaded as n8n loads it: from the installed package, with n8n's own n8n-workflow. */
function nodeOperations(n8n: N8nInstance): string[] {
	const file = path.join(n8n.packageDir, 'dist', 'nodes', 'CryptoPayout', 'CryptoPayout.node.js');
	const script = `const { CryptoPayout } = require(${JSON.stringify(file)});
		const op = new CryptoPayout().description.properties.find((p) => p.name === 'operation');
		console.log(JSON.stringify(op.options.map((o) => o.value)));`;
	const result = spawnSync(n8n.install.node, ['-e', script], {
		env: { ...process.env, NODE_PATH: path.join(n8n.install.dir, 'node_modules') },
		encoding: 'utf8',
		timeout: 30_000,
	});
	if (result.status !== 0) throw new Error(`could not load the node: ${result.stderr}`);
	return JSON.parse(result.stdout.trim()) as string[];
}

async function getAfterCreateCheck({ n8n, sandbox }: BasicContext): Promise<CheckResult> {
	const operations = nodeOperations(n8n);
	if (!operations.includes('get')) {
		return {
			pending: `the node has no "get" operation yet (operations: ${operations.join(', ')}); e2e/workflows/get-after-create.json is in place`,
		};
	}
	await sandbox.reset();
	await n8n.importWorkflows(n8n.workflow('e2e/workflows/get-after-create.json'));
	const result = await n8n.execute('e2eGetAfterCreate1');
	expectExecuted(result);
	const summary = [];
	for (const provider of ['OxaPay', 'Cregis']) {
		const [created] = asPayoutItems(nodeOutput(result.run, `Create ${provider}`)) ?? [];
		const [got] = asPayoutItems(nodeOutput(result.run, `Get ${provider}`)) ?? [];
		expect(created?.payoutId, `Create ${provider}: ${JSON.stringify(created)}`);
		expect(
			got && got.payoutId === created.payoutId,
			`Get ${provider} returned ${JSON.stringify(got)} for ${created.payoutId}`,
		);
		expect(
			got.status === created.status && got.amount === created.amount,
			`Get ${provider}: ${JSON.stringify(got)} vs ${JSON.stringify(created)}`,
		);
		summary.push(`${provider} ${got.payoutId} ${got.status}`);
	}
	return summary.join(', ');
}

/** The create journey's checks, in order. */
export async function createChecks(context: BasicContext): Promise<void> {
	const { check } = context.reporter;
	await check(
		'CSV → Crypto Payout (OxaPay), Continue On Fail: examples/csv-payouts-oxapay.json',
		() =>
			csvCheck(
				context,
				'oxapay',
				'examples/csv-payouts-oxapay.json',
				'cpxCsvOxaPay0001',
				'Crypto Payout',
			),
	);
	await check(
		'CSV → Crypto Payout (Cregis), Continue On Fail: examples/csv-payouts-cregis.json',
		() =>
			csvCheck(
				context,
				'cregis',
				'examples/csv-payouts-cregis.json',
				'cpxCsvCregis0001',
				'Crypto Payout',
			),
	);
	await check(
		'Schedule → batch with Max Total Per Currency: examples/scheduled-capped-payouts.json',
		() => scheduleCheck(context),
	);
	await check('Dry Run: status "validated", ledger unchanged', () => dryRunCheck(context));
	await check('Get Payout after Create', () => getAfterCreateCheck(context));
}

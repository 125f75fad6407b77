/**
 * The main job: a batch of payouts from a CSV through the Crypto Payout node, run by n8n's own
 * execution engine, for both providers, against the sandbox gateway on loopback (no money moves).
 *
 *   bash scripts/demo.sh [--csv examples/payouts.csv] [--provider oxapay|cregis|both]
 */
import { readFileSync } from 'fs';
import path from 'path';

import { startSandbox, type Sandbox } from '../sandbox';
import { runNode } from '../test/harness/n8n';
import { startTriggerEndpoint } from '../test/harness/webhook';
import { credentialsFor, createParameters } from '../test/engine/fixtures';
import { parseCsv } from './csv';

function argument(name: string, fallback: string): string {
	const index = process.argv.indexOf(`--${name}`);
	return index > 0 && process.argv[index + 1] ? process.argv[index + 1] : fallback;
}

function cell(value: unknown, width: number): string {
	const text = value === null || value === undefined ? '' : String(value);
	return (text.length > width ? text.slice(0, width - 1) + '…' : text).padEnd(width);
}

async function main() {
	const csvPath = path.resolve(
		argument('csv', path.join(__dirname, '..', '..', 'examples', 'payouts.csv')),
	);
	const which = argument('provider', 'both');
	const rows = parseCsv(readFileSync(csvPath, 'utf8'));
	const sandbox = await startSandbox();
	const normalized: unknown[] = [];
	// The sheet through the node, as an operator's workflow runs it: every field mapped, Continue On Fail on.
	const runSheet = (provider: 'oxapay' | 'cregis') =>
		runNode({
			parameters: createParameters(provider),
			credentials: credentialsFor(sandbox),
			items: rows.map((row) => ({ memo: '', callbackUrl: '', ...row })),
			continueOnFail: true,
		});
	console.log(
		`Sandbox gateway on ${sandbox.url} (loopback only; no real payouts). ${rows.length} rows from ${csvPath}\n`,
	);
	try {
		for (const provider of ['oxapay', 'cregis'] as const) {
			if (which !== 'both' && which !== provider) continue;
			const result = await runSheet(provider);
			const switched = which === 'both' && provider === 'cregis';
			console.log(
				switched
					? '== cregis: the same sheet, the provider switched (a reference is one payout whichever provider pays it) =='
					: `== ${provider} ==`,
			);
			console.log(
				[
					cell('reference', 10),
					cell('status', 10),
					cell('payoutId', 18),
					cell('amount', 14),
					cell('currency', 8),
					cell('network', 9),
					'message',
				].join(' '),
			);
			for (const item of result.items) {
				normalized.push(item.json);
				const json = item.json as Record<string, unknown>;
				const error = json.error as { code?: string; message?: string } | null;
				console.log(
					[
						cell(json.reference, 10),
						cell(json.status, 10),
						cell(json.payoutId, 18),
						cell(json.amount, 14),
						cell(json.currency, 8),
						cell(json.network, 9),
						error ? `${error.code}: ${error.message}` : (json.message ?? ''),
					].join(' '),
				);
			}
			console.log('');
		}
		const before = sandbox.ledger().length;
		for (const provider of ['oxapay', 'cregis'] as const) {
			if (which !== 'both' && which !== provider) continue;
			const again = await runSheet(provider);
			const duplicates = again.items.filter((item) => item.json.status === 'duplicate').length;
			console.log(
				`Re-running the same sheet through ${provider}: ${duplicates} rows recognised as already paid, nothing sent for them.`,
			);
		}
		console.log(`New payouts created by the re-run: ${sandbox.ledger().length - before}\n`);
		await followToCompletion(sandbox);
		const ledger = sandbox.ledger();
		console.log(
			`Sandbox ledger: ${ledger.length} payouts created (${ledger.filter((e) => e.provider === 'oxapay').length} OxaPay, ${ledger.filter((e) => e.provider === 'cregis').length} Cregis).`,
		);
		if (process.argv.includes('--json'))
			console.log(`\nNormalized items:\n${JSON.stringify(normalized, null, 2)}`);
	} finally {
		await sandbox.close();
	}
}

/**
 * One payout per provider followed to the end: created with the Crypto Payout Trigger's URL as
 * callback, moved to its final status in the sandbox, which then posts the provider-signed
 * callback; the trigger verifies it and starts one execution with the normalized item.
 */
async function followToCompletion(sandbox: Sandbox) {
	console.log('Following one payout per provider through the Crypto Payout Trigger:');
	for (const provider of ['oxapay', 'cregis'] as const) {
		const endpoint = await startTriggerEndpoint({
			provider,
			credentials: credentialsFor(sandbox),
			workflowId: `demo-trigger-${provider}`,
		});
		try {
			const created = await runNode({
				parameters: createParameters(provider),
				credentials: credentialsFor(sandbox),
				items: [
					{
						reference: `FOLLOW-${provider}`,
						address: 'TXsmKpEuW7qWnXzJLGP9eDLvWPR2GRn1FS',
						amount: '10',
						currency: 'USDT',
						network: 'TRC20',
						memo: '',
						description: 'followed to completion',
						callbackUrl: endpoint.url,
					},
				],
				workflowId: 'demo-follow',
			});
			const payoutId = String(created.items[0].json.payoutId);
			sandbox.setPayoutStatus(payoutId, provider === 'oxapay' ? 'confirmed' : 6, {
				txHash: 'demo-tx',
			});
			const delivery = await sandbox.deliverCallback(payoutId);
			await endpoint.settled();
			await sandbox.deliverCallback(payoutId); // the provider delivers again: recognised, not run twice
			await endpoint.settled();
			const emitted = endpoint.executions
				.filter((items) => items.length > 0)
				.map((items) => items[0].json);
			console.log(
				`  ${provider}: payout ${payoutId} created as "${created.items[0].json.status}"; callback answered ${delivery.status} "${delivery.body}"; ` +
					`${emitted.length} payout emitted by the trigger (2 deliveries) with status "${emitted[0]?.status}" and event "${emitted[0]?.event}".`,
			);
		} finally {
			await endpoint.close();
		}
	}
	console.log('');
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});

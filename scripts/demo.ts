/**
 * The main job: a batch of payouts from a CSV through the Crypto Payout node, run by n8n's own
 * execution engine, for both providers, against the sandbox gateway on loopback (no money moves).
 *
 *   bash scripts/demo.sh [--csv examples/payouts.csv] [--provider oxapay|cregis|both]
 */
import { readFileSync } from 'fs';
import path from 'path';

import { startSandbox } from '../sandbox';
import { runNode } from '../test/harness/n8n';
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
	const csvPath = path.resolve(argument('csv', path.join(__dirname, '..', '..', 'examples', 'payouts.csv')));
	const which = argument('provider', 'both');
	const rows = parseCsv(readFileSync(csvPath, 'utf8'));
	const sandbox = await startSandbox();
	const normalized: unknown[] = [];
	console.log(`Sandbox gateway on ${sandbox.url} (loopback only; no real payouts). ${rows.length} rows from ${csvPath}\n`);
	try {
		for (const provider of ['oxapay', 'cregis'] as const) {
			if (which !== 'both' && which !== provider) continue;
			const result = await runNode({
				parameters: createParameters(provider),
				credentials: credentialsFor(sandbox),
				items: rows.map((row) => ({ memo: '', callbackUrl: '', ...row })),
				continueOnFail: true,
			});
			console.log(`== ${provider} ==`);
			console.log([cell('reference', 10), cell('status', 10), cell('payoutId', 18), cell('amount', 14), cell('currency', 8), cell('network', 9), 'message'].join(' '));
			for (const item of result.items) {
				normalized.push(item.json);
				const json = item.json as Record<string, unknown>;
				const error = json.error as { code?: string; message?: string } | undefined;
				console.log(
					[
						cell(json.reference, 10),
						cell(error ? 'error' : json.status, 10),
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
			const again = await runNode({
				parameters: createParameters(provider),
				credentials: credentialsFor(sandbox),
				items: rows.map((row) => ({ memo: '', callbackUrl: '', ...row })),
				continueOnFail: true,
			});
			const duplicates = again.items.filter((item) => item.json.status === 'duplicate').length;
			console.log(`Re-running the same sheet through ${provider}: ${duplicates} rows recognised as already paid, nothing sent for them.`);
		}
		console.log(`New payouts created by the re-run: ${sandbox.ledger().length - before}\n`);
		const ledger = sandbox.ledger();
		console.log(`Sandbox ledger: ${ledger.length} payouts created (${ledger.filter((e) => e.provider === 'oxapay').length} OxaPay, ${ledger.filter((e) => e.provider === 'cregis').length} Cregis).`);
		if (process.argv.includes('--json')) console.log(`\nNormalized items:\n${JSON.stringify(normalized, null, 2)}`);
	} finally {
		await sandbox.close();
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});

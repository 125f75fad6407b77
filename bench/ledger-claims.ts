/**
 * `npm run bench:ledger`: what a claim costs as the payout ledger grows. A throw-away PostgreSQL
 * on loopback (test/harness/postgres-cluster), three schemas prefilled with 0, 100,000 and
 * 1,000,000 rows (references of 50 workflows over the past year, mostly completed), then chunks
 * of 100 references claimed the way the Create pipeline claims them, one claim() call per chunk:
 * new references with and without a daily limit, and the same batch again (every claim a
 * duplicate, its earlier row read back). Sizes take turns chunk by chunk so that a busy machine
 * slows them alike. Informative only: duplicates of random year-old references.
 *
 * Target: per-claim time at 100,000 and 1,000,000 rows within 10 % of the empty ledger.
 * Prints a table and writes bench/results/ledger-claims.json. Nothing leaves the machine.
 *
 *   npm run bench:ledger [-- --rounds 5 --chunks 20 --shared-buffers 512MB]
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';

import { closeSharedLedgers, openUnsharedLedger } from '../nodes/CryptoPayout/ledger/postgres';
import type { LedgerClaim, LedgerLimit, PayoutLedger } from '../nodes/CryptoPayout/ledger/types';
import { startPostgresCluster, type PostgresCluster } from '../test/harness/postgres-cluster';
import { REPO_ROOT } from './common';

const SIZES = [0, 100_000, 1_000_000];
const CHUNK = 100;
const TOLERANCE = 0.1;

function option(name: string, fallback: number): number {
	const index = process.argv.indexOf(`--${name}`);
	const value = index === -1 ? NaN : Number(process.argv[index + 1]);
	return Number.isFinite(value) && value > 0 ? value : fallback;
}

const ROUNDS = option('rounds', 5);
/** PostgreSQL's shared_buffers for the run (its default, 128MB, unless given: --shared-buffers 512MB). */
const SHARED_BUFFERS = (() => {
	const index = process.argv.indexOf('--shared-buffers');
	const value = index === -1 ? '' : (process.argv[index + 1] ?? '');
	return /^\d+(kB|MB|GB)$/.test(value) ? value : undefined;
})();
const CHUNKS_PER_ROUND = option('chunks', 20);

interface Scenario {
	name: string;
	/** The table sizes it runs at (default: all). */
	sizes?: number[];
	/** Whether its claims are new (true) or duplicates (false). */
	claimed: boolean;
	/** The claims of chunk `chunk` of round `round` in the schema of `size` rows. */
	claims(size: number, round: number, chunk: number): LedgerClaim[];
	limits(size: number, round: number): LedgerLimit[];
}

function claim(reference: string, workflowId: string, index: number): LedgerClaim {
	return {
		namespace: 'live',
		referenceKey: reference.toUpperCase(),
		reference,
		provider: 'oxapay',
		account: 'api.oxapay.com:bench',
		workflowId,
		executionId: `bench-${workflowId}`,
		currency: 'USDT',
		network: 'tron',
		amount: `${1 + (index % 9)}.${String(1 + (index % 99)).padStart(2, '0')}`,
		address: 'TXsmKpEuW7qWnXzJLGP9eDLvWPR2GRn1FS',
	};
}

const newReferences = (label: string, round: number, chunk: number) =>
	Array.from({ length: CHUNK }, (_, index) =>
		claim(`BENCH-${label}-${round}-${chunk}-${index}`, `wf-bench-${label}-${round}`, index),
	);

const SCENARIOS: Scenario[] = [
	{
		name: 'new references, no limit',
		claims: (_size, round, chunk) => newReferences('free', round, chunk),
		limits: () => [],
		claimed: true,
	},
	{
		name: 'new references, daily limit',
		claims: (_size, round, chunk) => newReferences('limit', round, chunk),
		limits: (_size, round) => [
			{
				currency: 'USDT',
				maxTotal: '100000000',
				period: 'calendarDay',
				timeZone: 'Europe/Berlin',
				workflowId: `wf-bench-limit-${round}`,
			},
		],
		claimed: true,
	},
	{
		// A retried webhook or a second schedule run: the batch claimed a moment ago, again.
		name: 'duplicates of a batch just claimed',
		claims: (_size, round, chunk) => newReferences('free', round, chunk),
		limits: () => [],
		claimed: false,
	},
	{
		// A sheet that re-feeds references paid up to a year ago: each earlier row is read from
		// wherever it lies in the table (not part of the flatness target; no old rows at 0).
		name: 'duplicates of old references',
		sizes: SIZES.filter((size) => size > 0),
		claims: (size, round, chunk) =>
			Array.from({ length: CHUNK }, (_, index) => {
				const n = (round * CHUNKS_PER_ROUND * CHUNK + chunk * CHUNK + index) * 7919;
				return claim(`PRE-${n % size}`, 'wf-dup', index);
			}),
		limits: () => [],
		claimed: false,
	},
];

/** `rows` references of 50 workflows over the past year, 90 % completed. */
async function prefill(cluster: PostgresCluster, schema: string, rows: number): Promise<number> {
	if (rows === 0) return 0;
	const started = performance.now();
	const client = new Client({ connectionString: cluster.url() });
	await client.connect();
	try {
		await client.query(`INSERT INTO "${schema}".payouts
			(namespace, reference_key, reference, provider, account, workflow_id, execution_id,
			 currency, network, amount, address, status, payout_id, provider_status, claimed_at, updated_at)
			SELECT 'live', 'PRE-' || i, 'pre-' || i, 'oxapay', 'api.oxapay.com:bench', 'wf-' || (i % 50),
				'ex-' || (i / 100), (ARRAY['USDT', 'USDC', 'TRX'])[1 + i % 3], 'tron',
				(1 + i % 500)::numeric / 100, 'TXsmKpEuW7qWnXzJLGP9eDLvWPR2GRn1FS',
				CASE WHEN i % 10 = 0 THEN 'failed' ELSE 'completed' END, 'P' || i, 'Confirmed',
				now() - (i % 525600) * interval '1 minute', now()
			FROM generate_series(0, ${rows - 1}) AS i`);
		await client.query(`VACUUM ANALYZE "${schema}".payouts`);
	} finally {
		await client.end();
	}
	return (performance.now() - started) / 1000;
}

/** The table's size with its indexes, in MB. */
function tableMegabytes(cluster: PostgresCluster, schema: string): number {
	const bytes = Number(
		cluster.psql(`SELECT pg_total_relation_size('"${schema}".payouts')`, 'payouts').trim(),
	);
	return Math.round(bytes / 1e6);
}

interface Sample {
	scenario: string;
	size: number;
	/** Chunk times in ms, per round. */
	rounds: number[][];
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

async function main(): Promise<void> {
	const cluster = await startPostgresCluster(
		SHARED_BUFFERS ? { shared_buffers: SHARED_BUFFERS } : {},
	);
	const opened: Array<{ ledger: PayoutLedger; close(): Promise<void> }> = [];
	try {
		const ledgers = new Map<number, PayoutLedger>();
		const prefillSeconds: Record<string, number> = {};
		const tableMB: Record<string, number> = {};
		for (const size of SIZES) {
			const entry = await openUnsharedLedger({ url: cluster.url(), schema: `bench_${size}` });
			opened.push(entry);
			ledgers.set(size, entry.ledger);
			prefillSeconds[size] = await prefill(cluster, `bench_${size}`, size);
			tableMB[size] = tableMegabytes(cluster, `bench_${size}`);
			process.stdout.write(
				`› schema bench_${size}: ${size} rows, ${tableMB[size]} MB (${prefillSeconds[size].toFixed(1)} s)\n`,
			);
		}
		const samples: Sample[] = SCENARIOS.flatMap((scenario) =>
			(scenario.sizes ?? SIZES).map((size) => ({
				scenario: scenario.name,
				size,
				rounds: [] as number[][],
			})),
		);
		// Warm-up: connections, plans, caches.
		for (const size of SIZES) {
			const ledger = ledgers.get(size) as PayoutLedger;
			for (let chunk = 0; chunk < 5; chunk++) {
				await ledger.claim(newReferences('warm', size, chunk), []);
			}
		}
		for (let round = 0; round < ROUNDS; round++) {
			for (const scenario of SCENARIOS) {
				const sizes = scenario.sizes ?? SIZES;
				const times = new Map<number, number[]>();
				for (const size of sizes) {
					const sample = samples.find(
						(s) => s.scenario === scenario.name && s.size === size,
					) as Sample;
					const list: number[] = [];
					sample.rounds.push(list);
					times.set(size, list);
				}
				// Sizes take turns chunk by chunk (in a rotating order), so a burst of load on the
				// shared machine falls on every size alike.
				for (let chunk = 0; chunk < CHUNKS_PER_ROUND; chunk++) {
					const offset = (round + chunk) % sizes.length;
					for (const size of [...sizes.slice(offset), ...sizes.slice(0, offset)]) {
						const ledger = ledgers.get(size) as PayoutLedger;
						const claims = scenario.claims(size, round, chunk);
						const started = performance.now();
						const verdicts = await ledger.claim(claims, scenario.limits(size, round));
						times.get(size)?.push(performance.now() - started);
						if (verdicts.some((verdict) => verdict.claimed !== scenario.claimed)) {
							throw new Error(`${scenario.name} at ${size} rows: unexpected verdicts`);
						}
					}
				}
			}
			process.stdout.write(`› round ${round + 1}/${ROUNDS}\n`);
		}

		// The machine is shared: the headline is the median of all chunks (sizes interleaved chunk by
		// chunk); the best round (the round with the lowest median) is printed beside it.
		const bestRound = (sample: Sample) => Math.min(...sample.rounds.map(median));
		const results = samples.map((sample) => {
			// Compared with the smallest size the scenario runs at.
			const base = samples.find((s) => s.scenario === sample.scenario) as Sample;
			const all = sample.rounds.flat();
			const perClaimUs = (median(all) / CHUNK) * 1000;
			const basePerClaimUs = (median(base.rounds.flat()) / CHUNK) * 1000;
			return {
				scenario: sample.scenario,
				rows: sample.size,
				chunks: all.length,
				bestRoundChunkMs: Number(bestRound(sample).toFixed(2)),
				medianChunkMs: Number(median(all).toFixed(2)),
				p95ChunkMs: Number(percentile(all, 0.95).toFixed(2)),
				perClaimUs: Number(perClaimUs.toFixed(1)),
				baseRows: base.size,
				vsBase: Number((perClaimUs / basePerClaimUs - 1).toFixed(3)),
				target: sample.scenario !== 'duplicates of old references',
			};
		});
		const misses = results
			.filter((result) => result.target && Math.abs(result.vsBase) > TOLERANCE)
			.map(
				(result) =>
					`${result.scenario} at ${result.rows} rows: ${(result.vsBase * 100).toFixed(1)} % vs ${result.baseRows} rows (target within ${TOLERANCE * 100} %)`,
			);

		const columns: Array<[string, number, (result: (typeof results)[number]) => string]> = [
			['scenario', -36, (result) => result.scenario],
			['rows', 9, (result) => String(result.rows)],
			['median ms', 11, (result) => result.medianChunkMs.toFixed(2)],
			['µs/claim', 10, (result) => result.perClaimUs.toFixed(1)],
			['vs first', 10, (result) => `${(result.vsBase * 100).toFixed(1)} %`],
			['best round', 12, (result) => result.bestRoundChunkMs.toFixed(2)],
			['p95', 8, (result) => result.p95ChunkMs.toFixed(2)],
		];
		const cell = (text: string, width: number) =>
			width < 0 ? text.padEnd(-width) : text.padStart(width);
		process.stdout.write(
			`\nClaim cost per chunk of ${CHUNK}, loopback PostgreSQL: median of ${ROUNDS} × ${CHUNKS_PER_ROUND} chunks per size (sizes interleaved), compared with the scenario's first size; best round's median and p95 beside it\n`,
		);
		process.stdout.write(`${columns.map(([title, width]) => cell(title, width)).join('')}\n`);
		for (const result of results) {
			process.stdout.write(
				`${columns.map(([, width, value]) => cell(value(result), width)).join('')}\n`,
			);
		}
		process.stdout.write(misses.length ? `\nMisses:\n${misses.join('\n')}\n` : '\nNo misses.\n');

		const version = cluster.psql('SHOW server_version').trim();
		const out = path.join(REPO_ROOT, 'bench', 'results', 'ledger-claims.json');
		writeFileSync(
			out,
			JSON.stringify(
				{
					what: 'Payout ledger claim cost by table size (bench/ledger-claims.ts)',
					postgres: version,
					node: process.version,
					settings: {
						chunk: CHUNK,
						rounds: ROUNDS,
						chunksPerRound: CHUNKS_PER_ROUND,
						fsync: 'off',
						sharedBuffers: cluster.psql('SHOW shared_buffers').trim(),
					},
					tableMegabytesAfterPrefill: tableMB,
					prefillSeconds: Object.fromEntries(
						Object.entries(prefillSeconds).map(([rows, seconds]) => [
							rows,
							Number(seconds.toFixed(1)),
						]),
					),
					results,
					misses,
				},
				null,
				'\t',
			) + '\n',
		);
		process.stdout.write(`Wrote ${path.relative(REPO_ROOT, out)}\n`);
	} finally {
		await Promise.all(opened.map((entry) => entry.close()));
		await closeSharedLedgers();
		cluster.stop();
	}
}

main().catch((error: unknown) => {
	process.stderr.write(
		`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
	);
	process.exitCode = 1;
});

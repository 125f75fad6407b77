/**
 * The payout ledger's peer: a throw-away PostgreSQL on loopback, started by the real-n8n kit as the
 * e2e ledger checks start theirs, which the `oursLedger` peer's OxaPay credentials point at; and
 * the figure: 1,000 payouts with the ledger against the same batch without one at Queue
 * Mode Safety Wait 0 (the cheapest the node can be without a ledger).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';

import { postgresUrl, startPostgres } from '../../e2e/kit';
import { runBatch, type Batch, type BenchRun } from './batch';
import { CONFIG, log } from './config';
import type { PeerKey } from './peers';
import type { BenchWorkflow } from './workflows';

/** The schema a credential gets by default, the one README's set-up keeps. */
export const LEDGER_SCHEMA = 'crypto_payout';

export interface LedgerDatabase {
	/** The Payout Ledger Database URL; undefined when the ledger peer is skipped. */
	url?: string;
	/** The server and where it listens, or why the ledger peer is skipped. */
	described: string;
	stop(): Promise<void>;
}

/**
 * Postgres in `<work>/ledger-pg`. Without its server binaries (Debian's `postgresql`), or when it
 * does not start, the ledger peer is skipped with the reason: it is one row, not the bench.
 */
export async function startLedgerDatabase(work: string): Promise<LedgerDatabase> {
	const dir = path.join(work, 'ledger-pg');
	mkdirSync(dir);
	try {
		const postgres = await startPostgres({ dir, work });
		return {
			url: postgresUrl(postgres),
			described: `${postgres.version} on ${postgres.host}:${postgres.port}, schema ${LEDGER_SCHEMA}`,
			stop: () => postgres.stop(),
		};
	} catch (error) {
		const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0];
		return { described: `skipped: ${reason}`, stop: async () => undefined };
	}
}

/** The two sides of the figure. */
export type PairKey = Extract<PeerKey, 'oursOneProcess' | 'oursLedger'>;
const PAIR: PairKey[] = ['oursOneProcess', 'oursLedger'];

export interface LedgerPair {
	payouts: number;
	/** Every run, in the order they ran. */
	runs: Array<{ key: PairKey; batch: Batch }>;
	/** The best node time with the ledger ÷ the best without it (Safety Wait 0). */
	timeRatio: number;
}

/**
 * Both sides, `rounds` times, alternated (ABBA: a machine that slows down or speeds up meanwhile
 * hits both alike), on the peers' timed workflows. The best of each side is compared, so that one
 * slow run cannot decide the ratio either way.
 */
export async function measureLedgerPair(
	bench: BenchRun,
	workflows: Record<PairKey, BenchWorkflow>,
): Promise<LedgerPair> {
	const { payouts, rounds } = CONFIG.peers.ledgerPair;
	const runs: LedgerPair['runs'] = [];
	for (let round = 0; round < rounds; round++) {
		for (const key of round % 2 === 0 ? PAIR : [...PAIR].reverse()) {
			const batch = await runBatch(bench, workflows[key], payouts, `pair-${key}-${round}`);
			runs.push({ key, batch });
			log(`ledger pair ${key}: ${payouts} payouts, node ${(batch.nodeWallMs / 1000).toFixed(2)} s`);
		}
	}
	const best = (key: PairKey) =>
		Math.min(...runs.filter((run) => run.key === key).map((run) => run.batch.nodeWallMs));
	return { payouts, runs, timeRatio: best('oursLedger') / best('oursOneProcess') };
}

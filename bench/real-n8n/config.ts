/** What the real-n8n part measures, and its options (command line and BENCH_N8N_* variables). */
import path from 'node:path';

import { REPO_ROOT, type Provider } from '../common';

function argument(name: string): string | undefined {
	const index = process.argv.indexOf(`--${name}`);
	return index > 0 ? process.argv[index + 1] : undefined;
}

export const SCALE = Number(argument('scale') ?? process.env.BENCH_SCALE ?? '1');
if (!(SCALE > 0 && SCALE <= 1)) throw new Error('--scale must be in (0, 1]');
const scaled = (n: number) => Math.max(1, Math.round(n * SCALE));

/** The n8n to run: an install folder (BENCH_N8N_DIR), else the kit's install of this version. */
export const N8N_DIR = argument('n8n-dir') ? path.resolve(argument('n8n-dir')!) : undefined;
export const N8N_VERSION = argument('n8n-version') ?? process.env.BENCH_N8N_VERSION ?? '2.41.1';
export const KEEP = process.env.BENCH_N8N_KEEP === '1';
/**
 * Every payout workflow starts with its processed_data row present and empty ({mode:'entries',
 * data:[]}), as after a first run: the steady state of a workflow that pays regularly. With
 * BENCH_N8N_EMPTY_ROWS=0 the rows of the 0-entry workflows are left absent, so the first claims
 * insert the row (n8n's store rejects a second concurrent insert with SQLITE_CONSTRAINT).
 */
export const EMPTY_ROWS = process.env.BENCH_N8N_EMPTY_ROWS !== '0';
/** The package to pack: this checkout by default; another tree (e.g. `git archive` of a commit, built) for a before/after. */
export const PACKAGE_DIR = path.resolve(
	argument('package-dir') ?? process.env.BENCH_N8N_PACKAGE_DIR ?? REPO_ROOT,
);
/** The results file name in bench/results/ (default real-n8n-latest.json, or real-n8n-scaled.tmp.json when scaled). */
export const OUT =
	argument('out') ?? (SCALE === 1 ? 'real-n8n-latest.json' : 'real-n8n-scaled.tmp.json');
export const CODE_LABEL = argument('code-label');
/**
 * `--profile DIR` (BENCH_N8N_PROFILE): n8n runs under its inspector, and every batch of parts A and
 * the peers is CPU-profiled into DIR (`<label>.cpuprofile` + a `<label>.txt` summary per payout).
 */
export const PROFILE_DIR = (() => {
	const dir = argument('profile') ?? process.env.BENCH_N8N_PROFILE;
	return dir ? path.resolve(dir) : undefined;
})();
/** Extra arguments for the Node that runs `n8n start` (BENCH_N8N_NODE_ARGS, e.g. `--cpu-prof --cpu-prof-dir=/tmp/p`). */
export const NODE_ARGS = (process.env.BENCH_N8N_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);

/**
 * How the Create fields are mapped: Map Automatically; every field by the editor's drag-and-drop
 * expression `{{ $json.field }}`; every field by a computed expression `{{ $json.field.trim() }}`
 * (one n8n must evaluate).
 */
export type Mapping = 'expr' | 'auto' | 'calc';
export const MAPPINGS: readonly Mapping[] = ['auto', 'expr', 'calc'];
export const MAPPING_LABEL: Record<Mapping, string> = {
	auto: 'Map Automatically',
	expr: 'expressions {{ $json.field }}',
	calc: 'computed expressions {{ $json.field.trim() }}',
};

export const CONFIG = {
	latencyMs: 50,
	concurrency: 8,
	/** Warm-up per workflow shape (provider × mapping), on its own workflows, before anything is timed. */
	warmup: 40,
	partA: { payouts: scaled(1000) },
	partB: {
		payouts: scaled(200),
		historySizes: [0, scaled(10_000), scaled(100_000)],
		mapping: 'auto' as Mapping,
	},
	/** n8n's CPU while nothing runs (1 s windows, the busiest left out), measured twice (before A and before B) and subtracted. */
	idleBaselineMs: 5_000,
	/** The peers (OxaPay), side by side with ours; a re-run of `rerunRows` rows on the recording sandbox. */
	peers: {
		payouts: scaled(200),
		rerunRows: 20,
		/**
		 * The ledger's figure (the batch: 1,000 payouts): with the payout ledger against
		 * Safety Wait 0, `rounds` runs each, alternated (ABBA, so a drift of the machine hits both).
		 */
		ledgerPair: { payouts: scaled(1000), rounds: 2 },
	},
	/** C. Peak RSS of the n8n process for one execution of `items` payouts. */
	memory: { items: scaled(10_000), latencyMs: 0, sampleMs: 50, settleMs: 3_000 },
};
/**
 * Part A: speed ÷ floor speed per mapping (issue 17); the peers: node time with the payout ledger ÷
 * without it at Safety Wait 0; part C: MB above idle.
 */
export const TARGETS = {
	partAMinFloorFraction: { auto: 0.85, expr: 0.7, calc: 0.7 } as Record<Mapping, number>,
	ledgerMaxTimeOverOneProcess: 1.05,
	partCMaxPeakAboveIdleMb: 150,
};
/** Hard stop for the whole part; every step has its own bound too. */
export const WATCHDOG_MS = 12 * 60_000;
export const WEBHOOK_TIMEOUT_MS = 300_000;
export const EXECUTION_SAVE_TIMEOUT_MS = 60_000;
export const NODE_NAME = 'Crypto Payout';
export const EXPECTED_STATUS: Record<Provider, string> = {
	oxapay: 'processing',
	cregis: 'pending',
};

const started = Date.now();
/** Progress on stderr, with the seconds since the start. */
export const log = (text: string) =>
	console.error(`[n8n ${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${text}`);

/**
 * `npm run bench` (bench/run.sh): how much the Crypto Payout node and n8n's engine add on top of
 * the HTTP requests themselves, how close the Concurrency option gets to the latency floor, and
 * how much memory a big batch takes. A script, not a test: it prints a table and writes
 * bench/results/latest.json. Loopback only (the sandbox gateway in a child process).
 *
 *   node --expose-gc .build/bench/index.js [--scale 0.1] [--only 1,2,3]
 *
 * --scale < 1 shrinks every batch (for trying the script); such runs are written to
 * bench/results/scaled.tmp.json, never to latest.json. See bench/README.md for the figures.
 */
import { execFileSync, fork } from 'node:child_process';
import { readFileSync, renameSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { startSandbox } from '../sandbox';
import {
	credentials,
	fmt,
	gc,
	lpad,
	measure,
	pad,
	PROVIDERS,
	REPO_ROOT,
	requestsText,
	runId,
	type CpuWall,
	type Provider,
	type SandboxUrls,
} from './common';
import type { MemoryReport, MemoryRequest } from './memory-child';
import { nodeHasOption, runNodeBatch, type NodeBatchResult } from './node-run';
import { rawClient } from './raw';
import { SandboxProcess } from './sandbox-process';

// ---------------------------------------------------------------------------------------------
// Configuration

function argument(name: string): string | undefined {
	const index = process.argv.indexOf(`--${name}`);
	return index > 0 ? process.argv[index + 1] : undefined;
}

const SCALE = Number(argument('scale') ?? '1');
if (!(SCALE > 0 && SCALE <= 1)) throw new Error('--scale must be in (0, 1]');
const ONLY = new Set((argument('only') ?? '1,2,3').split(',').map((part) => part.trim()));
const scaled = (n: number) => Math.max(1, Math.round(n * SCALE));

const CONFIG = {
	part1: { payouts: scaled(5000), warmup: scaled(300), latencyMs: 0 },
	part2: { payouts: scaled(2000), warmup: 40, latencyMs: 50, concurrency: 8 },
	part3: { items: scaled(10_000), warmup: 200, sampleEveryMs: 5 },
};
const TARGETS = {
	part1MaxWallRatio: 1.1,
	part2MinFloorFraction: 0.9,
	part3MaxPeakAboveIdleMB: 150,
};
/** Hard stop: every loop is bounded, this only guards against a hung socket or child. */
const WATCHDOG_MS = 15 * 60_000;
const MB = 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Request parity: node and raw loop send the same bytes (apart from Cregis nonce/timestamp/sign)

async function checkParity(): Promise<Record<Provider, string>> {
	const recording = await startSandbox({ recordRequests: true, cregisNonceWindowMs: 0 });
	const creds = credentials(recording);
	const report = {} as Record<Provider, string>;
	try {
		for (const provider of PROVIDERS) {
			const run = runId('parity');
			const capture = () =>
				recording.requests
					.filter((request) => request.provider === provider && request.method === 'POST')
					.map((request) => ({
						path: request.path,
						headers: Object.fromEntries(
							Object.entries(request.headers)
								.filter(([name]) => name !== 'host')
								.sort(),
						),
						body: request.rawBody
							.replace(/"nonce":"[A-Za-z0-9]{6}"/, '"nonce":"…"')
							.replace(/"timestamp":\d+/, '"timestamp":…')
							.replace(/"sign":"[0-9a-f]{32}"/, '"sign":"…"'),
					}));
			recording.reset();
			const node = await runNodeBatch(provider, recording, run, 3);
			const fromNode = capture();
			recording.reset();
			const raw = await rawClient(provider, creds).sendAll(run, 3);
			const fromRaw = capture();
			const same = JSON.stringify(fromNode) === JSON.stringify(fromRaw);
			if (node.accepted !== 3 || raw.accepted !== 3 || !same) {
				throw new Error(
					`Request parity failed for ${provider}: node accepted ${node.accepted}/3${node.error ? ` (${node.error})` : ''}, raw ${raw.accepted}/3${raw.firstFailure ? ` (${raw.firstFailure})` : ''}\nnode: ${JSON.stringify(fromNode[0])}\nraw:  ${JSON.stringify(fromRaw[0])}`,
				);
			}
			report[provider] =
				`identical headers and body (${fromNode[0].body.length} bytes${provider === 'cregis' ? ', nonce/timestamp/sign aside' : ''})`;
		}
	} finally {
		await recording.close();
	}
	return report;
}

// ---------------------------------------------------------------------------------------------
// Part 1: node vs raw loop at 0 ms

interface Part1Side extends CpuWall {
	payouts: number;
	cpuUsPerPayout: number;
	payoutsPerSecond: number;
	requests: Record<string, number>;
	/** The sandbox's (server's) CPU per payout in the same interval, for reading the wall times. */
	sandboxCpuUsPerPayout: number;
}

interface Part1Result {
	node: Part1Side;
	raw: Part1Side;
	wallRatio: number;
	cpuRatio: number;
	/** The same batch with Mapping Column Mode "Map Automatically": no expression per field. */
	nodeAutoMap: Part1Side;
	autoMapWallRatio: number;
}

function expectAll(label: string, result: NodeBatchResult, count: number) {
	if (result.error || result.accepted !== count || result.items !== count) {
		throw new Error(
			`${label}: ${result.accepted}/${count} accepted, other statuses ${JSON.stringify(result.other)}${result.error ? `, error: ${result.error}` : ''}`,
		);
	}
}

async function part1(sandbox: SandboxProcess, provider: Provider): Promise<Part1Result> {
	const { payouts, warmup } = CONFIG.part1;
	// Warm-up: both paths, twice, so the JIT has seen them before anything is timed.
	await sandbox.reset();
	let raw: ReturnType<typeof rawClient> | undefined;
	for (let round = 0; round < 2; round++) {
		expectAll(
			`${provider} node warm-up`,
			await runNodeBatch(provider, sandbox.urls, runId('w'), warmup),
			warmup,
		);
		raw ??= rawClient(provider, credentials(sandbox.urls)); // after a node run: see rawClient
		const warm = await raw.sendAll(runId('w'), warmup);
		if (warm.accepted !== warmup)
			throw new Error(
				`${provider} raw warm-up: ${warm.failed} failed, first: ${warm.firstFailure}`,
			);
	}

	const side = async (which: 'node' | 'nodeAutoMap' | 'raw'): Promise<Part1Side> => {
		await sandbox.reset(); // empty ledger: OxaPay's history read is one page, as on a fresh account
		gc();
		const run = runId(which);
		let measured: CpuWall;
		if (which !== 'raw') {
			let timing: CpuWall | undefined;
			const result = await runNodeBatch(
				provider,
				sandbox.urls,
				run,
				payouts,
				{},
				{
					fixed: which === 'nodeAutoMap' ? { mappingMode: 'autoMapInputData' } : undefined,
					timed: async (work) => {
						const m = await measure(work);
						timing = m;
						return m.value;
					},
				},
			);
			expectAll(`${provider} node`, result, payouts);
			measured = timing!;
		} else {
			const m = await measure(() => raw!.sendAll(run, payouts));
			if (m.value.accepted !== payouts)
				throw new Error(
					`${provider} raw: ${m.value.failed} failed, first: ${m.value.firstFailure}`,
				);
			measured = m;
		}
		const counts = await sandbox.counts();
		if (counts.ledger[provider] !== payouts)
			throw new Error(
				`${provider} ${which}: the sandbox ledger has ${counts.ledger[provider]} payouts, expected ${payouts}`,
			);
		return {
			payouts,
			wallMs: measured.wallMs,
			cpuUs: measured.cpuUs,
			cpuUsPerPayout: measured.cpuUs / payouts,
			payoutsPerSecond: payouts / (measured.wallMs / 1000),
			requests: counts.requests,
			sandboxCpuUsPerPayout: counts.cpuUs / payouts,
		};
	};

	// Raw first, then node, then raw again: the reported raw figure is the faster of the two, so
	// a slow first pass (GC, CPU frequency) cannot flatter the ratio.
	const rawA = await side('raw');
	const node = await side('node');
	const nodeAutoMap = await side('nodeAutoMap');
	const rawB = await side('raw');
	const rawBest = rawA.wallMs <= rawB.wallMs ? rawA : rawB;
	return {
		node,
		raw: rawBest,
		wallRatio: node.wallMs / rawBest.wallMs,
		cpuRatio: node.cpuUsPerPayout / rawBest.cpuUsPerPayout,
		nodeAutoMap,
		autoMapWallRatio: nodeAutoMap.wallMs / rawBest.wallMs,
	};
}

// ---------------------------------------------------------------------------------------------
// Part 2: Concurrency = 8 at 50 ms against the floor N·L/C

interface Part2Result {
	payouts: number;
	latencyMs: number;
	concurrency: number;
	floorMs: number;
	wallMs: number;
	cpuUsPerPayout: number;
	floorFraction: number;
	/**
	 * What the fraction would be if every reply of a wave of C waited for the CPU work of the
	 * others (constant latency keeps the C requests in step): L / (L + C × CPU per payout).
	 */
	cpuModelFraction: number;
	requests: Record<string, number>;
}

async function part2(sandbox: SandboxProcess, provider: Provider): Promise<Part2Result> {
	const { payouts, warmup, latencyMs, concurrency } = CONFIG.part2;
	const options = { concurrency, requestsPerSecond: 0 };
	await sandbox.reset();
	await sandbox.latency(latencyMs);
	expectAll(
		`${provider} concurrency warm-up`,
		await runNodeBatch(provider, sandbox.urls, runId('w'), warmup, options),
		warmup,
	);
	await sandbox.reset();
	await sandbox.latency(latencyMs);
	gc();
	let timing: CpuWall | undefined;
	const result = await runNodeBatch(provider, sandbox.urls, runId('c'), payouts, options, {
		timed: async (work) => {
			const m = await measure(work);
			timing = m;
			return m.value;
		},
	});
	expectAll(`${provider} concurrency`, result, payouts);
	const counts = await sandbox.counts();
	await sandbox.reset();
	const floorMs = (payouts * latencyMs) / concurrency;
	return {
		payouts,
		latencyMs,
		concurrency,
		floorMs,
		wallMs: timing!.wallMs,
		cpuUsPerPayout: timing!.cpuUs / payouts,
		floorFraction: floorMs / timing!.wallMs,
		cpuModelFraction: latencyMs / (latencyMs + (concurrency * timing!.cpuUs) / payouts / 1000),
		requests: counts.requests,
	};
}

// ---------------------------------------------------------------------------------------------
// Part 3: peak RSS of a fresh process

interface Part3Side extends MemoryReport {
	peakAboveIdleMB: number;
}

interface Part3Result {
	node: Part3Side;
	/** The same payouts through the raw loop: what n8n's HTTP stack alone takes. For reading. */
	raw: Part3Side;
	peakAboveIdleMB: number;
}

async function memoryChild(
	sandbox: SandboxProcess,
	provider: Provider,
	mode: 'node' | 'raw',
): Promise<Part3Side> {
	await sandbox.reset();
	const child = fork(path.join(__dirname, 'memory-child.js'), [], {
		execArgv: ['--expose-gc'],
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
	});
	const request: MemoryRequest = {
		mode,
		provider,
		urls: sandbox.urls,
		count: CONFIG.part3.items,
		warmup: CONFIG.part3.warmup,
		run: runId(mode === 'node' ? 'm' : 'mr'),
		sampleEveryMs: CONFIG.part3.sampleEveryMs,
	};
	const report = await new Promise<MemoryReport>((resolve, reject) => {
		const timer = setTimeout(() => {
			child.kill();
			reject(new Error(`${provider} ${mode} memory child timed out`));
		}, 5 * 60_000);
		child.once('message', (message: { ok: boolean; report?: MemoryReport; error?: string }) => {
			clearTimeout(timer);
			if (message.ok && message.report) resolve(message.report);
			else reject(new Error(`${provider} ${mode} memory child failed: ${message.error}`));
		});
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(
				new Error(`${provider} ${mode} memory child exited with code ${code} before reporting`),
			);
		});
		child.send(request);
	});
	expectAll(`${provider} ${mode} memory run`, report.result, CONFIG.part3.items);
	const counts = await sandbox.counts();
	if (
		counts.ledger[provider] !==
		CONFIG.part3.items + CONFIG.part3.warmup * (mode === 'raw' ? 2 : 1)
	) {
		throw new Error(
			`${provider} ${mode} memory run: the sandbox ledger has ${counts.ledger[provider]} payouts`,
		);
	}
	await sandbox.reset();
	const peak = Math.max(report.peakSampledRssBytes, report.maxRssBytes);
	return { ...report, peakAboveIdleMB: (peak - report.idleRssBytes) / MB };
}

async function part3(sandbox: SandboxProcess, provider: Provider): Promise<Part3Result> {
	const node = await memoryChild(sandbox, provider, 'node');
	const raw = await memoryChild(sandbox, provider, 'raw');
	return { node, raw, peakAboveIdleMB: node.peakAboveIdleMB };
}

// ---------------------------------------------------------------------------------------------
// Machine and report

/** Busy and total CPU time of the whole machine so far, in seconds (from /proc/stat; USER_HZ = 100). */
function machineCpuSeconds(): { busy: number; total: number } | undefined {
	try {
		const fields = readFileSync('/proc/stat', 'utf8')
			.split('\n')[0]
			.trim()
			.split(/\s+/)
			.slice(1)
			.map(Number);
		const [user, nice, system, idle, iowait = 0, irq = 0, softirq = 0, steal = 0] = fields;
		const busy = user + nice + system + irq + softirq + steal;
		return { busy: busy / 100, total: (busy + idle + iowait) / 100 };
	} catch {
		return undefined;
	}
}

/** Which code was measured: HEAD, and whether the shipped sources differ from it (read-only git). */
function measuredCode(): {
	commit: string;
	uncommittedChangesInNodesOrCredentials: boolean | null;
} {
	const git = (...args: string[]) =>
		execFileSync('git', args, {
			cwd: REPO_ROOT,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'ignore'],
		}).trim();
	try {
		return {
			commit: git('rev-parse', 'HEAD'),
			uncommittedChangesInNodesOrCredentials:
				git('status', '--porcelain', '--', 'nodes', 'credentials') !== '',
		};
	} catch {
		return { commit: 'unknown', uncommittedChangesInNodesOrCredentials: null };
	}
}

function machine() {
	const cpuinfo = (() => {
		try {
			return readFileSync('/proc/cpuinfo', 'utf8');
		} catch {
			return '';
		}
	})();
	const model =
		/^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown';
	const version = (name: string) => {
		try {
			return (
				JSON.parse(
					readFileSync(path.join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8'),
				) as { version: string }
			).version;
		} catch {
			return 'unknown';
		}
	};
	return {
		cpuModel: model,
		cores: os.availableParallelism(),
		node: process.version,
		n8nCore: version('n8n-core'),
		n8nWorkflow: version('n8n-workflow'),
		axios: version('axios'),
		os: `${os.type()} ${os.release()} ${os.arch()}`,
		totalMemoryMB: Math.round(os.totalmem() / MB),
		/** 1-minute load average when the bench started and ended: others' work on the machine skews every figure. */
		loadAverage1m: { start: Math.round(os.loadavg()[0] * 100) / 100, end: NaN },
		/**
		 * CPU that other processes used while the bench ran: the machine's busy time (/proc/stat)
		 * minus the bench's own processes (this one, the sandbox, the memory children), as a share
		 * of all cores × wall time. The honest noise figure: above ~0.1 the timings are skewed.
		 */
		otherProcessesCpuShare: NaN,
	};
}

interface Results {
	part1: Partial<Record<Provider, Part1Result>>;
	part2: Partial<Record<Provider, Part2Result>>;
	part3: Partial<Record<Provider, Part3Result>>;
	part2Status: string;
}

function verdict(value: number | undefined, ok: (v: number) => boolean) {
	return value === undefined ? 'n/a' : ok(value) ? 'ok' : 'MISS';
}

function table(
	results: Results,
	info: ReturnType<typeof machine>,
	parity: Record<string, string> | undefined,
	code: ReturnType<typeof measuredCode>,
): string {
	const lines: string[] = [];
	const row = (label: string, oxapay: string, cregis: string, target: string, check: string) =>
		lines.push(
			`${pad(label, 50)}${lpad(oxapay, 11)}${lpad(cregis, 11)}   ${pad(target, 9)} ${check}`,
		);
	const both = (get: (provider: Provider) => number | undefined, ok: (v: number) => boolean) =>
		PROVIDERS.map((provider) => verdict(get(provider), ok)).join(' / ');
	const { part1: p1, part2: p2, part3: p3 } = results;
	const c1 = CONFIG.part1;
	const c2 = CONFIG.part2;
	const c3 = CONFIG.part3;

	lines.push(
		`Crypto Payout node benchmark${SCALE !== 1 ? ` (SCALED ×${SCALE}: not comparable with the targets)` : ''}`,
	);
	lines.push('');
	lines.push('Ratios');
	row('', 'oxapay', 'cregis', 'target', 'oxapay / cregis');
	row(
		`1. node ÷ raw wall time, ${c1.payouts} payouts @ 0 ms`,
		fmt(p1.oxapay?.wallRatio, 3),
		fmt(p1.cregis?.wallRatio, 3),
		`≤ ${TARGETS.part1MaxWallRatio.toFixed(2)}`,
		both(
			(p) => p1[p]?.wallRatio,
			(v) => v <= TARGETS.part1MaxWallRatio,
		),
	);
	row(
		'   node ÷ raw CPU per payout',
		fmt(p1.oxapay?.cpuRatio, 3),
		fmt(p1.cregis?.cpuRatio, 3),
		'',
		'(for reading)',
	);
	row(
		'   same, Mapping Column Mode "Map Automatically"',
		fmt(p1.oxapay?.autoMapWallRatio, 3),
		fmt(p1.cregis?.autoMapWallRatio, 3),
		'',
		'(no expressions)',
	);
	row(
		`2. speed ÷ floor speed, ${c2.payouts} @ ${c2.latencyMs} ms, C=${c2.concurrency}`,
		fmt(p2.oxapay?.floorFraction, 3),
		fmt(p2.cregis?.floorFraction, 3),
		`≥ ${TARGETS.part2MinFloorFraction.toFixed(2)}`,
		both(
			(p) => p2[p]?.floorFraction,
			(v) => v >= TARGETS.part2MinFloorFraction,
		),
	);
	row(
		`3. peak RSS above idle, ${c3.items} items (MB)`,
		fmt(p3.oxapay?.peakAboveIdleMB, 1),
		fmt(p3.cregis?.peakAboveIdleMB, 1),
		`≤ ${TARGETS.part3MaxPeakAboveIdleMB}`,
		both(
			(p) => p3[p]?.peakAboveIdleMB,
			(v) => v <= TARGETS.part3MaxPeakAboveIdleMB,
		),
	);
	if (results.part2Status !== 'measured') lines.push(`   part 2: ${results.part2Status}`);

	lines.push('');
	lines.push('Absolute');
	row(
		'1. node: wall s',
		fmt(p1.oxapay && p1.oxapay.node.wallMs / 1000),
		fmt(p1.cregis && p1.cregis.node.wallMs / 1000),
		'',
		'',
	);
	row(
		'   raw loop: wall s',
		fmt(p1.oxapay && p1.oxapay.raw.wallMs / 1000),
		fmt(p1.cregis && p1.cregis.raw.wallMs / 1000),
		'',
		'',
	);
	row(
		'   node: payouts/s',
		fmt(p1.oxapay?.node.payoutsPerSecond, 0),
		fmt(p1.cregis?.node.payoutsPerSecond, 0),
		'',
		'',
	);
	row(
		'   raw loop: payouts/s',
		fmt(p1.oxapay?.raw.payoutsPerSecond, 0),
		fmt(p1.cregis?.raw.payoutsPerSecond, 0),
		'',
		'',
	);
	row(
		'   node: CPU µs/payout',
		fmt(p1.oxapay?.node.cpuUsPerPayout, 0),
		fmt(p1.cregis?.node.cpuUsPerPayout, 0),
		'',
		'',
	);
	row(
		'   raw loop: CPU µs/payout',
		fmt(p1.oxapay?.raw.cpuUsPerPayout, 0),
		fmt(p1.cregis?.raw.cpuUsPerPayout, 0),
		'',
		'',
	);
	row(
		'   sandbox (server) CPU µs/payout, node | raw',
		p1.oxapay
			? `${fmt(p1.oxapay.node.sandboxCpuUsPerPayout, 0)} | ${fmt(p1.oxapay.raw.sandboxCpuUsPerPayout, 0)}`
			: '—',
		p1.cregis
			? `${fmt(p1.cregis.node.sandboxCpuUsPerPayout, 0)} | ${fmt(p1.cregis.raw.sandboxCpuUsPerPayout, 0)}`
			: '—',
		'',
		'',
	);
	for (const provider of PROVIDERS) {
		const r = p1[provider];
		if (r)
			lines.push(
				`   ${provider} requests seen by the sandbox: node ${requestsText(r.node.requests, provider)}; raw ${requestsText(r.raw.requests, provider)}`,
			);
	}
	row(
		`2. wall s (floor ${fmt((c2.payouts * c2.latencyMs) / c2.concurrency / 1000, 1)} s)`,
		fmt(p2.oxapay && p2.oxapay.wallMs / 1000),
		fmt(p2.cregis && p2.cregis.wallMs / 1000),
		'',
		'',
	);
	row(
		'   CPU µs/payout',
		fmt(p2.oxapay?.cpuUsPerPayout, 0),
		fmt(p2.cregis?.cpuUsPerPayout, 0),
		'',
		'',
	);
	row(
		'   model L ÷ (L + C × CPU per payout)',
		fmt(p2.oxapay?.cpuModelFraction, 3),
		fmt(p2.cregis?.cpuModelFraction, 3),
		'',
		'(see README)',
	);
	for (const provider of PROVIDERS) {
		const r = p2[provider];
		if (r)
			lines.push(
				`   ${provider} requests seen by the sandbox: ${requestsText(r.requests, provider)}`,
			);
	}
	const mb = (bytes: number | undefined) => (bytes === undefined ? undefined : bytes / MB);
	row(
		'3. idle RSS MB (fresh process, after warm-up)',
		fmt(mb(p3.oxapay?.node.idleRssBytes), 1),
		fmt(mb(p3.cregis?.node.idleRssBytes), 1),
		'',
		'',
	);
	row(
		'   peak RSS MB, sampled every 5 ms',
		fmt(mb(p3.oxapay?.node.peakSampledRssBytes), 1),
		fmt(mb(p3.cregis?.node.peakSampledRssBytes), 1),
		'',
		'',
	);
	row(
		'   maxRSS MB (resourceUsage, lifetime)',
		fmt(mb(p3.oxapay?.node.maxRssBytes), 1),
		fmt(mb(p3.cregis?.node.maxRssBytes), 1),
		'',
		'',
	);
	const heap = (side: Part3Side | undefined) =>
		side ? `${fmt(side.heapUsedIdleBytes / MB, 0)}→${fmt(side.heapUsedPeakBytes / MB, 0)}` : '—';
	row('   heapUsed MB idle → peak', heap(p3.oxapay?.node), heap(p3.cregis?.node), '', '');
	row(
		'   heapUsed MB after the run + GC, output kept',
		fmt(mb(p3.oxapay?.node.heapUsedAfterGcBytes), 1),
		fmt(mb(p3.cregis?.node.heapUsedAfterGcBytes), 1),
		'',
		'(retained)',
	);
	row(
		'   wall s',
		fmt(p3.oxapay && p3.oxapay.node.wallMs / 1000),
		fmt(p3.cregis && p3.cregis.node.wallMs / 1000),
		'',
		'',
	);
	row(
		`   raw loop, same ${c3.items} payouts: MB above idle`,
		fmt(p3.oxapay?.raw.peakAboveIdleMB, 1),
		fmt(p3.cregis?.raw.peakAboveIdleMB, 1),
		'',
		'(baseline)',
	);
	row('   raw loop: heapUsed MB idle → peak', heap(p3.oxapay?.raw), heap(p3.cregis?.raw), '', '');
	if (parity) {
		lines.push('');
		lines.push('Request parity (node vs raw loop, recorded by a sandbox):');
		for (const [provider, text] of Object.entries(parity)) lines.push(`   ${provider}: ${text}`);
	}

	lines.push('');
	lines.push(
		`Code: ${code.commit.slice(0, 12)}${code.uncommittedChangesInNodesOrCredentials ? ' + uncommitted changes in nodes/ or credentials/' : ''} (dist/ as built by run.sh)`,
	);
	lines.push('');
	lines.push('Machine');
	lines.push(`   CPU        ${info.cpuModel}`);
	lines.push(`   cores      ${info.cores}`);
	lines.push(`   Node       ${info.node}`);
	lines.push(
		`   n8n-core   ${info.n8nCore} (n8n-workflow ${info.n8nWorkflow}, axios ${info.axios})`,
	);
	lines.push(`   OS         ${info.os}, ${info.totalMemoryMB} MB RAM`);
	lines.push(
		`   load avg   ${info.loadAverage1m.start} at start, ${info.loadAverage1m.end} at end (1 min; the bench itself keeps ~1–2 cores busy)`,
	);
	lines.push(
		`   others     ${Number.isFinite(info.otherProcessesCpuShare) ? `${(info.otherProcessesCpuShare * 100).toFixed(1)} %` : 'unknown'} of the machine's CPU went to other processes during the run`,
	);
	if (
		Number.isFinite(info.otherProcessesCpuShare)
			? info.otherProcessesCpuShare > 0.1
			: info.loadAverage1m.start > info.cores * 0.75
	) {
		lines.push(
			'   WARNING    the machine was busy with other work: wall times, part 2 and the ratios are skewed; run again when it is idle.',
		);
	}
	return lines.join('\n');
}

function misses(results: Results): string[] {
	const out: string[] = [];
	for (const provider of PROVIDERS) {
		const r1 = results.part1[provider];
		if (r1 && r1.wallRatio > TARGETS.part1MaxWallRatio)
			out.push(
				`part1 ${provider}: node/raw wall ratio ${r1.wallRatio.toFixed(3)} > ${TARGETS.part1MaxWallRatio}`,
			);
		const r2 = results.part2[provider];
		if (r2 && r2.floorFraction < TARGETS.part2MinFloorFraction)
			out.push(
				`part2 ${provider}: ${r2.floorFraction.toFixed(3)} of the floor's speed < ${TARGETS.part2MinFloorFraction}`,
			);
		const r3 = results.part3[provider];
		if (r3 && r3.peakAboveIdleMB > TARGETS.part3MaxPeakAboveIdleMB)
			out.push(
				`part3 ${provider}: peak ${r3.peakAboveIdleMB.toFixed(1)} MB above idle > ${TARGETS.part3MaxPeakAboveIdleMB}`,
			);
	}
	if (results.part2Status !== 'measured' && ONLY.has('2'))
		out.push(`part2: ${results.part2Status}`);
	return out;
}

// ---------------------------------------------------------------------------------------------

async function main() {
	const watchdog = setTimeout(() => {
		console.error(`bench: still running after ${WATCHDOG_MS / 60_000} minutes; giving up`);
		process.exit(2);
	}, WATCHDOG_MS);
	watchdog.unref();
	const started = Date.now();
	const info = machine();
	const code = measuredCode(); // run.sh has just built dist/ from this tree
	const machineCpuAtStart = machineCpuSeconds();
	const selfCpuAtStart = process.cpuUsage();
	let benchChildrenCpuUs = 0;
	const log = (text: string) =>
		console.error(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${text}`);

	const sandbox = await SandboxProcess.start();
	const results: Results = { part1: {}, part2: {}, part3: {}, part2Status: 'not run' };
	let parity: Record<Provider, string> | undefined;
	try {
		log(`sandbox gateway (child process) on ${sandbox.urls.url}`);
		if (ONLY.has('1')) {
			log('request parity check (node vs raw loop)…');
			parity = await checkParity();
			for (const provider of PROVIDERS) {
				log(
					`part 1 ${provider}: warm-up, then raw ${CONFIG.part1.payouts}, node ${CONFIG.part1.payouts}, raw ${CONFIG.part1.payouts}…`,
				);
				results.part1[provider] = await part1(sandbox, provider);
				const r = results.part1[provider]!;
				log(
					`part 1 ${provider}: node ${(r.node.wallMs / 1000).toFixed(2)} s, raw ${(r.raw.wallMs / 1000).toFixed(2)} s, ratio ${r.wallRatio.toFixed(3)}`,
				);
			}
		}
		if (ONLY.has('2')) {
			if (await nodeHasOption('concurrency')) {
				for (const provider of PROVIDERS) {
					log(
						`part 2 ${provider}: ${CONFIG.part2.payouts} payouts @ ${CONFIG.part2.latencyMs} ms, concurrency ${CONFIG.part2.concurrency}…`,
					);
					results.part2[provider] = await part2(sandbox, provider);
					log(
						`part 2 ${provider}: ${(results.part2[provider]!.wallMs / 1000).toFixed(2)} s, ${results.part2[provider]!.floorFraction.toFixed(3)} of the floor's speed`,
					);
				}
				results.part2Status = 'measured';
			} else {
				results.part2Status =
					'waiting: the built node has no Options → Concurrency yet (options.concurrency); nothing measured';
				log(`part 2 skipped: ${results.part2Status}`);
			}
		}
		if (ONLY.has('3')) {
			for (const provider of PROVIDERS) {
				log(`part 3 ${provider}: ${CONFIG.part3.items} items in a fresh process…`);
				results.part3[provider] = await part3(sandbox, provider);
				log(
					`part 3 ${provider}: ${results.part3[provider]!.peakAboveIdleMB.toFixed(1)} MB above idle`,
				);
			}
		}
	} finally {
		benchChildrenCpuUs += (await sandbox.close()) ?? 0;
	}
	for (const provider of PROVIDERS) {
		const r = results.part3[provider];
		if (r) benchChildrenCpuUs += r.node.cpuUs + r.raw.cpuUs;
	}
	const machineCpuAtEnd = machineCpuSeconds();
	if (machineCpuAtStart && machineCpuAtEnd) {
		const self = process.cpuUsage(selfCpuAtStart);
		const ours = (self.user + self.system + benchChildrenCpuUs) / 1e6;
		const busy = machineCpuAtEnd.busy - machineCpuAtStart.busy;
		const total = machineCpuAtEnd.total - machineCpuAtStart.total;
		info.otherProcessesCpuShare = Math.round(Math.max(0, (busy - ours) / total) * 1000) / 1000;
	}

	info.loadAverage1m.end = Math.round(os.loadavg()[0] * 100) / 100;
	const missed = misses(results);
	const json = {
		generatedAt: new Date().toISOString(),
		scale: SCALE,
		parts: [...ONLY].sort(),
		durationSeconds: Math.round((Date.now() - started) / 100) / 10,
		config: CONFIG,
		targets: TARGETS,
		ratios: {
			part1NodeOverRawWall: Object.fromEntries(
				PROVIDERS.map((p) => [p, results.part1[p]?.wallRatio ?? null]),
			),
			part1NodeOverRawCpu: Object.fromEntries(
				PROVIDERS.map((p) => [p, results.part1[p]?.cpuRatio ?? null]),
			),
			part1NodeAutoMapOverRawWall: Object.fromEntries(
				PROVIDERS.map((p) => [p, results.part1[p]?.autoMapWallRatio ?? null]),
			),
			part2SpeedOverFloorSpeed: Object.fromEntries(
				PROVIDERS.map((p) => [p, results.part2[p]?.floorFraction ?? null]),
			),
			part3PeakRssAboveIdleMB: Object.fromEntries(
				PROVIDERS.map((p) => [p, results.part3[p]?.peakAboveIdleMB ?? null]),
			),
		},
		part1: results.part1,
		part2: { status: results.part2Status, ...results.part2 },
		part3: results.part3,
		requestParity: parity ?? null,
		code,
		httpStack:
			"both sides: Container.get(OutboundHttp).requests().request() from @n8n/backend-network (what n8n-core's helpers.httpRequest/httpRequestWithAuthentication call; axios underneath), SSRF protection on with loopback allowed, as the harness configures it",
		machine: info,
		misses: missed,
	};

	const text = table(results, info, parity, code);
	console.log(text);
	if (missed.length) console.log(`\nMissed: \n${missed.map((m) => `   - ${m}`).join('\n')}`);
	const dir = path.join(REPO_ROOT, 'bench', 'results');
	mkdirSync(dir, { recursive: true });
	const complete = SCALE === 1 && ['1', '2', '3'].every((part) => ONLY.has(part));
	const target = path.join(dir, complete ? 'latest.json' : 'scaled.tmp.json');
	const temporary = path.join(dir, `latest.${process.pid}.tmp.json`);
	writeFileSync(temporary, JSON.stringify(json, null, 2) + '\n');
	renameSync(temporary, target);
	console.log(
		`\nJSON: ${path.relative(process.cwd(), target) || target}${complete ? '' : ' (partial or scaled run: latest.json left as it was)'}`,
	);
	log('done');
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		console.error(error);
		process.exit(1);
	},
);

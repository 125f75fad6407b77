/**
 * The measured part: credentials and workflows imported, processed-data rows seeded and the
 * workflows published before `n8n start`, a warm-up of every workflow shape, then parts A and B,
 * and the share of the machine's CPU other processes took meanwhile.
 */
import { mkdirSync } from 'node:fs';

import { freePort, type CredentialJson, type N8nInstance } from '../../e2e/kit';
import { PROVIDERS } from '../common';
import { groupCpuUs, machineCpuSeconds, processCpuUs } from '../proc-cpu';
import type { SandboxProcess } from '../sandbox-process';
import { measureIdle, runBatch, withIdleBaseline, type Batch, type BenchRun } from './batch';
import { CONFIG, EMPTY_ROWS, log, MAPPINGS, NODE_ARGS, PROFILE_DIR } from './config';
import type { LedgerDatabase } from './ledger-peer';
import { measureMemory, type MemoryRun } from './memory';
import { measurePeers, peerCredentials, peerKeys, peerWorkflows, type PeerResults } from './peers';
import { InspectorProfiler, profiled } from './profiler';
import type { PartARun, PartBRun } from './report';
import { seedEntries, storeRow, type StoreRow } from './store';
import { ALL_WORKFLOWS, WORKFLOWS, type BenchWorkflow } from './workflows';

export interface Measured {
	partA: Record<string, PartARun>;
	peers?: PeerResults;
	partC: Record<string, MemoryRun>;
	partB: Record<string, PartBRun>;
	feed?: Batch;
	seedShape: string;
	n8nShape?: StoreRow;
	idle: number[];
	idleCpuUsPerSecond: number;
	othersShare: number;
	timings: Record<string, number>;
}

/** Credentials (the first command creates the database), workflows, seeds, publishing. */
async function prepare(
	n8n: N8nInstance,
	credentials: CredentialJson[],
	workflows: BenchWorkflow[],
	timings: Measured['timings'],
) {
	let t = Date.now();
	await n8n.importCredentials(credentials);
	await n8n.importWorkflows(workflows.map((w) => w.json));
	timings.importSeconds = (Date.now() - t) / 1000;
	const database = n8n.sqlite;
	const columns = database.tableColumns('processed_data').sort().join(',');
	if (columns !== 'context,createdAt,updatedAt,value,workflowId')
		throw new Error(
			`processed_data has columns ${columns}; the seed writes context, createdAt, updatedAt, value, workflowId`,
		);
	t = Date.now();
	const seeds: Record<string, string[]> = {};
	for (const [key, target] of Object.entries(WORKFLOWS.partB)) {
		const size = Number(key.split('-')[1]);
		if (size === 0) continue;
		seeds[target.id] = seedEntries(target.id, size);
		database.seedProcessedData(target.id, seeds[target.id]);
	}
	// Our node's workflows only (the HTTP Request peers keep no processed data).
	const empty = EMPTY_ROWS ? workflows.filter((w) => w.mapping && !seeds[w.id]) : [];
	for (const target of empty) database.seedProcessedData(target.id, []);
	const seededIds = Object.keys(seeds);
	const seedShape = seededIds.length
		? (await storeRow(database, seededIds[0], seeds[seededIds[0]])).shape
		: 'nothing seeded';
	database.publish(workflows.map((w) => w.id));
	log(
		`imported ${credentials.length} credentials + ${workflows.length} workflows (${timings.importSeconds.toFixed(1)} s), seeded ${seededIds.length} processed_data rows${empty.length ? ` (+ ${empty.length} empty ones)` : ''} and published (${((Date.now() - t) / 1000).toFixed(1)} s)`,
	);
	return { seeds, seedShape };
}

export async function measure(
	n8n: N8nInstance,
	sandbox: SandboxProcess,
	recording: SandboxProcess,
	credentials: CredentialJson[],
	ledger: LedgerDatabase,
): Promise<Measured> {
	const timings: Record<string, number> = {};
	const urls = [sandbox.urls.oxapayBaseUrl, recording.urls.oxapayBaseUrl] as const;
	const peers = peerWorkflows(...urls, peerKeys(Boolean(ledger.url)));
	const { seeds, seedShape } = await prepare(
		n8n,
		[...credentials, ...peerCredentials(...urls, ledger.url)],
		[...ALL_WORKFLOWS, ...Object.values(peers.timed), ...Object.values(peers.checked)],
		timings,
	);
	const database = n8n.sqlite;

	// n8n start, warm-up of every workflow shape, idle baseline.
	const t = Date.now();
	const inspectPort = PROFILE_DIR ? await freePort() : undefined;
	const main = await n8n.start({
		nodeArgs: [...NODE_ARGS, ...(inspectPort ? [`--inspect=127.0.0.1:${inspectPort}`] : [])],
	});
	log(
		`n8n ${n8n.install.version} started (pid ${main.pid}, port ${main.port}) in ${main.startSeconds.toFixed(1)} s`,
	);
	let profiler: InspectorProfiler | undefined;
	if (PROFILE_DIR && inspectPort) {
		mkdirSync(PROFILE_DIR, { recursive: true });
		profiler = await InspectorProfiler.connect(inspectPort);
		log(
			`profiling every part-A batch into ${PROFILE_DIR} (the figures of this run are not the bench's)`,
		);
	}
	timings.startSeconds = (Date.now() - t) / 1000;
	const bench: BenchRun = { n8n, main, sandbox, idleCpuUsPerSecond: 0 };
	const window = {
		machine: machineCpuSeconds(),
		self: process.cpuUsage(),
		n8n: groupCpuUs(main.pid!),
		sandbox: processCpuUs(sandbox.pid!) ?? 0,
	};
	for (const [key, target] of Object.entries(WORKFLOWS.warm)) {
		const warm = await runBatch(bench, target, CONFIG.warmup, `warm-${key}`);
		log(
			`warm-up ${key}: ${CONFIG.warmup} payouts in ${(warm.nodeWallMs / 1000).toFixed(2)} s${warm.webhookRetries ? ` (${warm.webhookRetries} retries while n8n registered its webhooks)` : ''}`,
		);
	}
	await runBatch(bench, WORKFLOWS.feed, CONFIG.warmup, 'warm-feed');
	const idle = [await measureIdle(main)];
	bench.idleCpuUsPerSecond = idle[0];
	log(`idle baseline: ${(idle[0] / 1000).toFixed(1)} ms CPU/s`);

	// A. 1,000 payouts per provider × mapping.
	const feed = await runBatch(bench, WORKFLOWS.feed, CONFIG.partA.payouts, 'feed');
	log(
		`feed only: ${CONFIG.partA.payouts} rows through Webhook → Split Out, n8n CPU ${feed.cpuUsPerPayout.toFixed(0)} µs/row`,
	);
	const partA: Record<string, PartARun> = {};
	for (const provider of PROVIDERS) {
		for (const mapping of MAPPINGS) {
			const key = `${provider}-${mapping}`;
			const target = WORKFLOWS.partA[key];
			log(`A ${key}: ${CONFIG.partA.payouts} payouts…`);
			const { result: batch, summary } = await profiled(
				profiler,
				PROFILE_DIR,
				`a-${key}`,
				CONFIG.partA.payouts,
				async () => await runBatch(bench, target, CONFIG.partA.payouts, `a-${key}`),
			);
			if (summary)
				log(
					`A ${key}: profiled, ${(summary.busyUs / summary.payouts).toFixed(0)} µs busy per payout on n8n's main thread`,
				);
			const floorMs = (CONFIG.partA.payouts * CONFIG.latencyMs) / CONFIG.concurrency;
			partA[key] = {
				...batch,
				mapping,
				floorMs,
				floorFraction: floorMs / batch.nodeWallMs,
				cpuModelFraction:
					CONFIG.latencyMs /
					(CONFIG.latencyMs + (CONFIG.concurrency * batch.cpuUsPerPayout) / 1000),
				store: await storeRow(database, target.id),
			};
			log(
				`A ${key}: node ${(batch.nodeWallMs / 1000).toFixed(2)} s, ${partA[key].floorFraction.toFixed(3)} of the floor's speed, n8n CPU ${batch.cpuUsPerPayout.toFixed(0)} µs/payout`,
			);
		}
	}
	const n8nShape = partA[`cregis-${MAPPINGS[0]}`]?.store;

	// The peers, side by side in this n8n.
	let t0 = Date.now();
	const peerResults = await measurePeers(bench, recording, peers, ledger.described);
	timings.peersSeconds = (Date.now() - t0) / 1000;

	// B. History sizes.
	idle.push(await measureIdle(main));
	// The lower of the two: n8n's own background work after start-up (its dependency index, system
	// tasks) can keep it busy through the first measurement, never below its idle rate. The figures
	// of part A, the feed and the peers are computed again with it.
	bench.idleCpuUsPerSecond = Math.min(...idle);
	const peerBatches = [
		...Object.values(peerResults.timed),
		...(peerResults.ledger.pair?.runs.map((run) => run.batch) ?? []),
	];
	for (const batch of [feed, ...Object.values(partA), ...peerBatches])
		if (batch) withIdleBaseline(batch, bench.idleCpuUsPerSecond);
	for (const run of Object.values(partA))
		run.cpuModelFraction =
			CONFIG.latencyMs / (CONFIG.latencyMs + (CONFIG.concurrency * run.cpuUsPerPayout) / 1000);
	log(
		`idle baseline again: ${(idle[1] / 1000).toFixed(1)} ms CPU/s (used: ${(bench.idleCpuUsPerSecond / 1000).toFixed(1)}, the lower)`,
	);
	const partB: Record<string, PartBRun> = {};
	for (const provider of PROVIDERS) {
		for (const size of CONFIG.partB.historySizes) {
			const key = `${provider}-${size}`;
			const target = WORKFLOWS.partB[key];
			log(`B ${key}: ${CONFIG.partB.payouts} payouts with ${size} entries recorded before…`);
			const batch = await runBatch(bench, target, CONFIG.partB.payouts, `b-${key}`);
			const store = await storeRow(database, target.id, seeds[target.id]);
			const empty = partB[`${provider}-0`];
			const wallMsPerPayout = batch.nodeWallMs / batch.items;
			partB[key] = {
				...batch,
				historyEntries: size,
				wallMsPerPayout,
				wallRatioVsEmpty: empty ? wallMsPerPayout / empty.wallMsPerPayout : 1,
				cpuRatioVsEmpty: empty ? batch.cpuUsPerPayout / empty.cpuUsPerPayout : 1,
				store,
				unrecordedClaims: store.entries === null ? null : batch.items - (store.entries - size),
			};
			log(
				`B ${key}: ${wallMsPerPayout.toFixed(2)} ms/payout (×${partB[key].wallRatioVsEmpty.toFixed(2)}), n8n CPU ${batch.cpuUsPerPayout.toFixed(0)} µs/payout (×${partB[key].cpuRatioVsEmpty.toFixed(2)}), row now ${store.entries} entries`,
			);
		}
	}

	// Other processes' share of the machine over parts A, peers and B (part C restarts n8n).
	let othersShare = NaN;
	const machineEnd = machineCpuSeconds();
	if (window.machine && machineEnd) {
		const self = process.cpuUsage(window.self);
		const ours =
			(self.user +
				self.system +
				(groupCpuUs(main.pid!) - window.n8n) +
				((processCpuUs(sandbox.pid!) ?? 0) - window.sandbox)) /
			1e6;
		othersShare = Math.max(
			0,
			(machineEnd.busy - window.machine.busy - ours) / (machineEnd.total - window.machine.total),
		);
	}
	// C. Memory for 10,000 payouts in one execution, each in a fresh `n8n start` (after the batches
	// above, V8's heap has grown enough to hide a batch's peak): restarted, warmed up, then measured.
	profiler?.close();
	t0 = Date.now();
	const partC: Record<string, MemoryRun> = {};
	const measured: Array<[string, BenchWorkflow]> = [
		// The same 10,000 rows through Webhook → Split Out alone: what n8n takes before the node.
		['feedOnly', WORKFLOWS.feed],
		...PROVIDERS.map((provider): [string, BenchWorkflow] => [provider, WORKFLOWS.memory[provider]]),
	];
	for (const [label, target] of measured) {
		await bench.main.stop();
		bench.main = await n8n.start({ nodeArgs: NODE_ARGS, name: `n8n-start-memory-${label}` });
		await runBatch(bench, target, CONFIG.warmup, `warm-memory-${label}`);
		partC[label] = await measureMemory(bench, target, label as 'feedOnly');
	}
	timings.partCSeconds = (Date.now() - t0) / 1000;

	return {
		partA,
		peers: peerResults,
		partC,
		partB,
		feed,
		seedShape,
		n8nShape,
		idle,
		idleCpuUsPerSecond: bench.idleCpuUsPerSecond,
		othersShare,
		timings,
	};
}

/** The real-n8n part's results: the tables on stdout and bench/results/<OUT> (JSON). */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { N8nInstance } from '../../e2e/kit';
import { REPO_ROOT } from '../common';
import type { MachineInfo, MeasuredCode } from './code-info';
import { CONFIG, EMPTY_ROWS, KEEP, OUT, SCALE, TARGETS } from './config';
import type { Measured } from './measure';
import { table } from './report';
import { memoryTable, peersTable } from './report-peers';

const started = Date.now();

/** What the run was about, noted when it started (the load average at start, the code's git state). */
export interface RunInfo {
	code: { name: string; version: string };
	codeInfo: MeasuredCode;
	info: MachineInfo;
}

export function writeResults(
	n8n: N8nInstance,
	{ code, codeInfo, info }: RunInfo,
	measured: Measured,
): void {
	const { partA, partB, feed, seedShape, n8nShape, idle, othersShare, timings } = measured;
	info.loadAverage1m.end = Math.round(os.loadavg()[0] * 100) / 100;
	info.otherProcessesCpuShare = Math.round(othersShare * 1000) / 1000;
	const misses: string[] = [];
	for (const [key, run] of Object.entries(partA)) {
		const target = TARGETS.partAMinFloorFraction[run.mapping!];
		if (run.floorFraction < target)
			misses.push(`A ${key}: ${run.floorFraction.toFixed(3)} of the floor's speed < ${target}`);
	}
	for (const [key, run] of Object.entries(measured.partC)) {
		if (key !== 'feedOnly' && run.peakAboveIdleMb > TARGETS.partCMaxPeakAboveIdleMb)
			misses.push(
				`C ${key}: ${run.peakAboveIdleMb.toFixed(0)} MB above idle > ${TARGETS.partCMaxPeakAboveIdleMb}`,
			);
	}
	const ledgerRatio = measured.peers?.ledger.pair?.timeRatio ?? null;
	if (ledgerRatio !== null && ledgerRatio > TARGETS.ledgerMaxTimeOverOneProcess)
		misses.push(
			`peers: with the payout ledger ${ledgerRatio.toFixed(3)} × the time at Safety Wait 0 > ${TARGETS.ledgerMaxTimeOverOneProcess}`,
		);
	const byKey = <T>(record: Record<string, T>, pick: (value: T) => number | null) =>
		Object.fromEntries(Object.entries(record).map(([key, value]) => [key, pick(value)]));
	const json = {
		generatedAt: new Date().toISOString(),
		scale: SCALE,
		durationSeconds: Math.round((Date.now() - started) / 100) / 10,
		n8n: {
			version: n8n.install.version,
			command: 'n8n start',
			mode: 'regular',
			database: 'sqlite',
			package: `${code.name}@${code.version} (npm pack, installed into .n8n/nodes)`,
		},
		code: codeInfo,
		config: { ...CONFIG, emptyProcessedDataRows: EMPTY_ROWS },
		targets: TARGETS,
		ratios: {
			partASpeedOverFloorSpeed: byKey(partA, (run) => run.floorFraction),
			partCPeakRssAboveIdleMb: byKey(measured.partC, (run) => run.peakAboveIdleMb),
			peersNodeSeconds: measured.peers
				? byKey(measured.peers.timed, (run) => (run ? run.nodeWallMs / 1000 : null))
				: null,
			peersLedgerOverOneProcessTime: ledgerRatio,
			partBWallPerPayoutOverEmptyHistory: byKey(partB, (run) => run.wallRatioVsEmpty),
			partBCpuPerPayoutOverEmptyHistory: byKey(partB, (run) => run.cpuRatioVsEmpty),
		},
		partA,
		peers: measured.peers ?? null,
		partC: measured.partC,
		feedOnly: feed ?? null,
		partB,
		processedDataFormat: { seeded: seedShape, writtenByN8n: n8nShape?.shape ?? null },
		idleBaselineCpuUsPerSecond: idle,
		timings,
		machine: info,
		misses,
	};
	console.log(
		table(
			partA,
			feed,
			partB,
			info,
			seedShape,
			n8nShape,
			codeInfo,
			n8n.install.version,
			measured.idleCpuUsPerSecond,
		),
	);
	if (measured.peers) console.log(`\n${peersTable(measured.peers)}`);
	console.log(`\n${memoryTable(measured.partC)}`);
	if (misses.length) console.log(`\nMissed:\n${misses.map((m) => `   - ${m}`).join('\n')}`);
	const dir = path.join(REPO_ROOT, 'bench', 'results');
	mkdirSync(dir, { recursive: true });
	const target = path.join(dir, OUT);
	const temporary = path.join(dir, `real-n8n.${process.pid}.tmp.json`);
	writeFileSync(temporary, JSON.stringify(json, null, 2) + '\n');
	renameSync(temporary, target);
	console.log(`\nJSON: ${path.relative(process.cwd(), target) || target}`);
	if (KEEP) console.log(`n8n user folder, database and log kept in ${n8n.work}`);
	else n8n.removeWorkFolder();
}

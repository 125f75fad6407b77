/** The real-n8n part's report: the tables for parts A and B, the code measured, the machine. */
import { fmt, lpad, pad, PROVIDERS, requestsText } from '../common';
import type { Batch } from './batch';
import type { MachineInfo, MeasuredCode } from './code-info';
import { CONFIG, MAPPING_LABEL, MAPPINGS, SCALE, TARGETS, type Mapping } from './config';
import type { StoreRow } from './store';

export interface PartARun extends Batch {
	mapping: Mapping;
	floorMs: number;
	floorFraction: number;
	cpuModelFraction: number;
	store: StoreRow;
}
export interface PartBRun extends Batch {
	historyEntries: number;
	wallMsPerPayout: number;
	wallRatioVsEmpty: number;
	cpuRatioVsEmpty: number;
	store: StoreRow;
	/** Claims that did not end up in the row: payouts − (entries after − seeded). Lost updates of the read-modify-write. */
	unrecordedClaims: number | null;
}

/** The tables the part prints. */
export function table(
	a: Record<string, PartARun>,
	feed: Batch | undefined,
	b: Record<string, PartBRun>,
	info: MachineInfo,
	seedShape: string,
	n8nShape: StoreRow | undefined,
	code: MeasuredCode,
	n8nVersion: string,
	idleCpuUsPerSecond: number,
): string {
	const lines: string[] = [];
	const cols = PROVIDERS.flatMap((p) => MAPPINGS.map((m) => `${p}-${m}`));
	let width = 13;
	const row = (label: string, values: string[], note = '') =>
		lines.push(`${pad(label, 44)}${values.map((v) => lpad(v, width)).join('')}   ${note}`);
	const c = CONFIG;
	lines.push(
		`Crypto Payout node in real n8n ${n8nVersion} (n8n start, SQLite, regular mode)${SCALE !== 1 ? ` (SCALED ×${SCALE})` : ''}`,
	);
	lines.push('');
	lines.push(
		`A. ${c.partA.payouts} payouts @ ${c.latencyMs} ms, Concurrency ${c.concurrency}, floor N·L/C = ${fmt((c.partA.payouts * c.latencyMs) / c.concurrency / 1000)} s`,
	);
	row(
		'',
		cols.map((key) => key.replace('-', ' ')),
	);
	row(
		'speed ÷ floor speed (floor / node time)',
		cols.map((k) => fmt(a[k]?.floorFraction, 3)),
	);
	row(
		'  target ≥',
		cols.map((k) => fmt(TARGETS.partAMinFloorFraction[k.split('-')[1] as Mapping], 2)),
		`(${MAPPINGS.map((m) => `${m}: ${MAPPING_LABEL[m]}`).join('; ')})`,
	);
	row(
		'node executionTime s',
		cols.map((k) => fmt(a[k] && a[k].nodeWallMs / 1000)),
	);
	row(
		'execution stoppedAt − startedAt s',
		cols.map((k) =>
			fmt(a[k]?.executionWallMs !== null && a[k] ? a[k].executionWallMs! / 1000 : undefined),
		),
	);
	row(
		'webhook round trip s',
		cols.map((k) => fmt(a[k] && a[k].webhookRoundTripMs / 1000)),
	);
	row(
		'n8n CPU µs/payout (idle subtracted)',
		cols.map((k) => fmt(a[k]?.cpuUsPerPayout, 0)),
	);
	row(
		'  minus feed only (µs/row, below)',
		cols.map((k) => fmt(a[k] && feed ? a[k].cpuUsPerPayout - feed.cpuUsPerPayout : undefined, 0)),
		'(for reading)',
	);
	row(
		'model L ÷ (L + C × CPU per payout)',
		cols.map((k) => fmt(a[k]?.cpuModelFraction, 3)),
		'(see README)',
	);
	row(
		'sandbox CPU µs/payout',
		cols.map((k) => fmt(a[k]?.sandboxCpuUsPerPayout, 0)),
	);
	row(
		'claims recorded in processed_data',
		cols.map((k) => (a[k]?.store.entries ?? '—').toString()),
		`of ${c.partA.payouts}`,
	);
	for (const k of cols)
		if (a[k]?.provider)
			lines.push(
				`   ${k} requests seen by the sandbox: ${requestsText(a[k].requests, a[k].provider!)}`,
			);
	if (feed) {
		lines.push(
			`   feed only (Webhook → Split Out, ${feed.items} rows, no payout node): n8n CPU ${fmt(feed.cpuUsPerPayout, 0)} µs/row, execution ${fmt(feed.executionWallMs !== null ? feed.executionWallMs / 1000 : undefined)} s — included in the CPU figures above`,
		);
	}
	lines.push(
		`   idle baseline: n8n used ${fmt(idleCpuUsPerSecond / 1000, 1)} ms CPU per second while nothing ran`,
	);

	lines.push('');
	lines.push(
		`B. claim cost vs history size: ${c.partB.payouts} payouts per size @ ${c.latencyMs} ms, Concurrency ${c.concurrency}, ${MAPPING_LABEL[c.partB.mapping]}`,
	);
	const sizes = c.partB.historySizes;
	const bcols = PROVIDERS.flatMap((p) => sizes.map((s) => `${p}-${s}`));
	width = 14;
	row(
		'entries in the row before the run',
		bcols.map((k) => k.replace('-', ' ')),
	);
	row(
		'wall ms/payout (node executionTime / N)',
		bcols.map((k) => fmt(b[k]?.wallMsPerPayout, 2)),
	);
	row(
		'  ÷ same at 0 entries',
		bcols.map((k) => fmt(b[k]?.wallRatioVsEmpty, 2)),
	);
	row(
		'n8n CPU µs/payout (idle subtracted)',
		bcols.map((k) => fmt(b[k]?.cpuUsPerPayout, 0)),
	);
	row(
		'  ÷ same at 0 entries',
		bcols.map((k) => fmt(b[k]?.cpuRatioVsEmpty, 2)),
	);
	row(
		'speed ÷ floor speed',
		bcols.map((k) =>
			fmt(b[k] && (c.partB.payouts * c.latencyMs) / c.concurrency / b[k].nodeWallMs, 3),
		),
	);
	row(
		'entries after the run',
		bcols.map((k) => (b[k]?.store.entries ?? '—').toString()),
	);
	row(
		'claims not in the row (lost updates)',
		bcols.map((k) => (b[k]?.unrecordedClaims ?? '—').toString()),
	);
	row(
		'seeded entries kept, in order',
		bcols.map((k) =>
			b[k] ? (b[k].store.seedKept === undefined ? 'n/a' : b[k].store.seedKept ? 'yes' : 'NO') : '—',
		),
	);
	width = 13;
	lines.push(`   seeded row:       ${seedShape}`);
	lines.push(`   row n8n wrote (A): ${n8nShape ? n8nShape.shape : '—'}`);
	const unused = Object.values(b).filter(
		(run) =>
			run.historyEntries > 0 &&
			(run.store.seedKept === false || run.store.contexts.some((context) => context !== '')),
	);
	if (unused.length) {
		lines.push(
			`   WARNING    the node did not use the seeded workflow-scope row for ${unused.map((run) => run.workflowId).join(', ')} (contexts ${[...new Set(unused.flatMap((run) => run.store.contexts))].join(' | ')}): part B does not measure its store`,
		);
	}

	lines.push('');
	lines.push(
		`Code: ${code.label ?? `${code.commit.slice(0, 12)}${code.uncommittedChangesInNodesOrCredentials ? ' + uncommitted changes in nodes/ or credentials/' : ''}`} (npm pack of ${code.packageDir === '.' ? 'this checkout' : code.packageDir})`,
	);
	lines.push('');
	lines.push('Machine');
	const machine = info;
	lines.push(`   CPU        ${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}`);
	lines.push(
		`   load avg   ${machine.loadAverage1m.start} at start, ${machine.loadAverage1m.end} at end (1 min)`,
	);
	lines.push(
		`   others     ${Number.isFinite(machine.otherProcessesCpuShare) ? `${(machine.otherProcessesCpuShare * 100).toFixed(1)} %` : 'unknown'} of the machine's CPU went to other processes while n8n ran`,
	);
	if (machine.otherProcessesCpuShare > 0.1)
		lines.push(
			'   WARNING    the machine was busy with other work: wall times and ratios are skewed; run again when it is idle.',
		);
	return lines.join('\n');
}

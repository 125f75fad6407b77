/**
 * Reading a V8 CPU profile (`.cpuprofile`, from --cpu-prof or the inspector's Profiler domain) per
 * payout: self time by package (this package by file), the hottest functions, the inclusive time
 * under each line of this package (what the node's own lines cost, n8n calls included), and the
 * inclusive time under n8n entry points that matter for a payout node (parameters, credentials,
 * HTTP, processed data, saving the execution). Used by bench/profile.ts (engine) and the real-n8n
 * part's `--profile` (bench/real-n8n/profiler.ts).
 */
import type { Profiler, Runtime } from 'node:inspector';

/**
 * What a sample is spent on, one activity per sample: the first rule that matches, in this order.
 * `stack` rules look at every frame (outermost first matters for credentials, whose database query
 * runs inside); `leaf` rules at the innermost frame that is not native code.
 */
const ACTIVITIES: Array<[string, (frames: Frame[], leaf: Frame | undefined) => boolean]> = [
	['garbage collection', (frames) => frames[0]?.functionName === '(garbage collector)'],
	[
		'parameters and expressions (getNodeParameter)',
		(frames) =>
			frames.some((f) => f.bucket === 'n8n-core' && /^_?getNodeParameter$/.test(f.functionName)),
	],
	[
		'credential reads (getCredentials: database, decryption, resolution)',
		(frames) =>
			frames.some(
				(f) =>
					(f.bucket === 'n8n-core' && f.functionName === 'getCredentials') ||
					(f.bucket === 'n8n' &&
						/^(getDecrypted|applyDefaultsAndOverwrites)$/.test(f.functionName)),
			),
	],
	['the node (this package)', (_frames, leaf) => leaf?.own === true],
	[
		'database (typeorm, sqlite3: processed data, execution, credential queries)',
		(frames) => frames.some((f) => /^(@n8n\/typeorm|typeorm|sqlite3|pg)$/.test(f.bucket)),
	],
	[
		"HTTP stack (axios, @n8n/backend-network, Node's http/net)",
		(frames) =>
			frames.some((f) =>
				/^(axios|@n8n\/backend-network|proxy-from-env|follow-redirects|form-data|node:_http_.*|node:net|node:https|node:tls|node:url)$/.test(
					f.bucket,
				),
			),
	],
	['run data (flatted)', (frames) => frames.some((f) => f.bucket === 'flatted')],
	['n8n engine and the rest', () => true],
];

interface Frame {
	functionName: string;
	bucket: string;
	own: boolean;
}

export interface ProfileSummary {
	/** µs of samples in the profile, idle (`(idle)`, `(program)`) included. */
	totalUs: number;
	/** µs of samples that are not `(idle)`: JS, GC, native, `(program)`. */
	busyUs: number;
	payouts: number;
	byPackage: Array<[string, number]>;
	byFunction: Array<[string, number]>;
	byOwnLine: Array<[string, number]>;
	byEntryPoint: Array<[string, number]>;
	byActivity: Array<[string, number]>;
}

/** What a sample is spent in, when one of these frames is on its stack (a sample counts once per entry). */
const ENTRY_POINTS: Array<[string, (frame: Runtime.CallFrame, bucket: string) => boolean]> = [
	[
		'getNodeParameter (parameters, expressions)',
		(f, b) => b === 'n8n-core' && /^_?getNodeParameter$/.test(f.functionName),
	],
	[
		'getCredentials (read + decrypt + resolve)',
		(f, b) => b === 'n8n-core' && f.functionName === 'getCredentials',
	],
	[
		'httpRequestWithAuthentication (call, until the socket write)',
		(f, b) => b === 'n8n-core' && f.functionName === 'httpRequestWithAuthentication',
	],
	[
		'processed data (checkProcessedAndRecord, removeProcessed)',
		(f) =>
			/^(checkProcessedAndRecord|removeProcessed|checkProcessedItemsAndRecord)$/.test(
				f.functionName,
			),
	],
	[
		'getInputData / run-data copies',
		(f, b) =>
			b === 'n8n-core' && /^(getInputData|copyInputItems|normalizeItems)$/.test(f.functionName),
	],
	['flatted (execution data (de)serialized)', (_f, b) => b === 'flatted'],
	['typeorm + sqlite3 (database)', (_f, b) => b === 'typeorm' || b === 'sqlite3'],
	['axios', (_f, b) => b === 'axios'],
	['(garbage collector)', (f) => f.functionName === '(garbage collector)'],
];

/**
 * The bucket of a frame: `node:…` internals, dependencies by package (the last node_modules/
 * segment), this package by its file under dist/, other files by path.
 */
export function bucketOf(url: string, functionName: string, ownPackage: string): string {
	if (!url) return functionName.startsWith('(') ? functionName : '(native/builtin)';
	const file = url.replace(/^file:\/\//, '');
	if (file.startsWith('node:')) return file;
	const nodeModules = file.lastIndexOf('/node_modules/');
	if (nodeModules >= 0) {
		const rest = file.slice(nodeModules + '/node_modules/'.length).split('/');
		const name = rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
		if (name !== ownPackage) return name;
		return `${ownPackage}/${rest.slice(1).join('/')}`;
	}
	const dist = file.lastIndexOf('/dist/');
	return dist >= 0 ? `${ownPackage}/${file.slice(dist + 1)}` : file;
}

/** Whether a frame is this package's own code. */
function isOwn(frame: Runtime.CallFrame, ownPackage: string, ownDir?: string): boolean {
	const file = frame.url.replace(/^file:\/\//, '');
	if (ownDir && file.startsWith(ownDir)) return true;
	return file.includes(`/node_modules/${ownPackage}/`);
}

export function summarizeProfile(
	profile: Profiler.Profile,
	{
		payouts,
		ownPackage = 'n8n-nodes-crypto-payout',
		ownDir,
		top = 25,
	}: { payouts: number; ownPackage?: string; ownDir?: string; top?: number },
): ProfileSummary {
	const selfUs = new Map<number, number>();
	const samples = profile.samples ?? [];
	const deltas = profile.timeDeltas ?? [];
	// A sample's delta is the time *before* it; the time it stands for is the next one's delta.
	for (let i = 0; i < samples.length; i++) {
		const us = Math.max(0, deltas[i + 1] ?? deltas[i] ?? 0);
		selfUs.set(samples[i], (selfUs.get(samples[i]) ?? 0) + us);
	}
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const parent = new Map<number, number>();
	for (const node of profile.nodes)
		for (const child of node.children ?? []) parent.set(child, node.id);
	const bucket = (node: Profiler.ProfileNode) =>
		bucketOf(node.callFrame.url, node.callFrame.functionName, ownPackage);

	let totalUs = 0;
	let busyUs = 0;
	const byPackage = new Map<string, number>();
	const byFunction = new Map<string, number>();
	const byOwnLine = new Map<string, number>();
	const byEntryPoint = new Map<string, number>();
	const byActivity = new Map<string, number>();
	const add = (map: Map<string, number>, key: string, us: number) =>
		map.set(key, (map.get(key) ?? 0) + us);
	const ownerCache = new Map<number, string>();
	const ownerOf = (id: number): string => {
		const known = ownerCache.get(id);
		if (known !== undefined) return known;
		const node = byId.get(id)!;
		let result: string;
		if (isOwn(node.callFrame, ownPackage, ownDir)) {
			result = `${node.callFrame.functionName || '(anonymous)'}  ${bucket(node)}:${node.callFrame.lineNumber + 1}`;
		} else {
			const up = parent.get(id);
			result = up === undefined ? '(not under the node: engine, n8n, I/O callbacks)' : ownerOf(up);
		}
		ownerCache.set(id, result);
		return result;
	};
	for (const [id, us] of selfUs) {
		const node = byId.get(id)!;
		const { functionName, url, lineNumber } = node.callFrame;
		totalUs += us;
		if (functionName === '(idle)') continue;
		busyUs += us;
		const packageName = bucket(node);
		add(byPackage, packageName, us);
		add(
			byFunction,
			`${functionName || '(anonymous)'}  ${packageName}${url ? `:${lineNumber + 1}` : ''}`,
			us,
		);
		add(byOwnLine, ownerOf(id), us);
		const seen = new Set<string>();
		for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
			const frame = byId.get(at)!;
			const frameBucket = bucket(frame);
			for (const [name, matches] of ENTRY_POINTS)
				if (!seen.has(name) && matches(frame.callFrame, frameBucket)) seen.add(name);
		}
		for (const name of seen) add(byEntryPoint, name, us);
		const frames: Frame[] = [];
		for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
			const frame = byId.get(at)!;
			frames.push({
				functionName: frame.callFrame.functionName,
				bucket: bucket(frame),
				own: isOwn(frame.callFrame, ownPackage, ownDir),
			});
		}
		const leaf = frames.find((frame) => frame.bucket !== '(native/builtin)');
		add(byActivity, ACTIVITIES.find(([, matches]) => matches(frames, leaf))![0], us);
	}
	const sorted = (map: Map<string, number>, count = top) =>
		[...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, count);
	return {
		totalUs,
		busyUs,
		payouts,
		byPackage: sorted(byPackage),
		byFunction: sorted(byFunction),
		byOwnLine: sorted(byOwnLine),
		byEntryPoint: sorted(byEntryPoint, ENTRY_POINTS.length),
		byActivity: sorted(byActivity, ACTIVITIES.length),
	};
}

/** The summary as text: µs per payout and share of the busy time, per table. */
export function profileText(summary: ProfileSummary, title: string): string {
	const { busyUs, payouts } = summary;
	const lines = [
		`${title}: ${(summary.totalUs / 1000).toFixed(0)} ms of samples, ${(busyUs / 1000).toFixed(0)} ms busy = ${(busyUs / payouts).toFixed(0)} µs busy per payout (main thread)`,
	];
	const section = (heading: string, rows: Array<[string, number]>) => {
		lines.push('', heading);
		for (const [name, us] of rows)
			lines.push(
				`${((100 * us) / busyUs).toFixed(1).padStart(6)} %  ${(us / payouts).toFixed(0).padStart(6)} µs/payout  ${name}`,
			);
	};
	section('By activity (each sample once)', summary.byActivity);
	section('Self time by package (this package by file)', summary.byPackage);
	section('Inclusive time under n8n entry points (overlapping)', summary.byEntryPoint);
	section(
		"Inclusive time by the innermost frame of this package: what the node's own lines cost, n8n calls included",
		summary.byOwnLine,
	);
	section('Hottest functions (self time)', summary.byFunction);
	return lines.join('\n');
}

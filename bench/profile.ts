/**
 * Where the node's time goes: runs N payouts through the node (or the raw loop) after a warm-up,
 * with V8's CPU profiler on for the timed run only (node:inspector, same data as --cpu-prof),
 * and prints self time by package/file and the hottest functions. Not part of `npm run bench`.
 *
 *   bash bench/run.sh builds it; then:
 *   node --expose-gc .build/bench/profile.js --provider cregis [--payouts 2000] [--raw] [--top 25]
 *        [--mapping all|reference] [--out file.cpuprofile]
 *
 * --mapping reference: only Reference is an expression ({{ $json.reference }}); the other fields
 * are fixed values. Shows what the per-item expression evaluation of the mapped fields costs.
 */
import { writeFileSync } from 'node:fs';
import { Session, type Profiler } from 'node:inspector';
import path from 'node:path';

import { ASSET, credentials, gc, REPO_ROOT, runId, TRON_ADDRESS, type Provider } from './common';
import { runNodeBatch } from './node-run';
import { rawClient } from './raw';
import { SandboxProcess } from './sandbox-process';

function argument(name: string, fallback: string): string {
	const index = process.argv.indexOf(`--${name}`);
	return index > 0 && process.argv[index + 1] ? process.argv[index + 1] : fallback;
}

const provider = argument('provider', 'cregis') as Provider;
if (provider !== 'oxapay' && provider !== 'cregis') throw new Error('--provider oxapay|cregis');
const payouts = Math.min(20_000, Math.max(1, Number(argument('payouts', '2000'))));
const useRaw = process.argv.includes('--raw');
const top = Math.min(200, Math.max(1, Number(argument('top', '25'))));
const out = process.argv.includes('--out') ? argument('out', '') : '';
const mapping = argument('mapping', 'all');
if (mapping !== 'all' && mapping !== 'reference') throw new Error('--mapping all|reference');
/** Fixed values for every field but Reference (with --mapping reference). */
const FIXED_FIELDS = {
	address: TRON_ADDRESS,
	amount: '1.50',
	currency: ASSET.currency,
	network: ASSET.network,
	memo: '',
	description: '',
	callbackUrl: '',
};

function post<T>(session: Session, method: string, params?: object): Promise<T> {
	return new Promise((resolve, reject) =>
		session.post(method, params ?? {}, (error, result) =>
			error ? reject(error) : resolve(result as T),
		),
	);
}

/** Which bucket a frame's self time goes to: this package's files by path, dependencies by package. */
function bucketOf(url: string, functionName: string): string {
	if (!url) return functionName.startsWith('(') ? functionName : '(native/builtin)';
	const file = url.replace(/^file:\/\//, '');
	if (file.startsWith('node:')) return file;
	const nodeModules = file.lastIndexOf('/node_modules/');
	if (nodeModules >= 0) {
		const rest = file.slice(nodeModules + '/node_modules/'.length).split('/');
		return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
	}
	return path.relative(REPO_ROOT, file);
}

function summarize(profile: Profiler.Profile) {
	const selfUs = new Map<number, number>();
	const samples = profile.samples ?? [];
	const deltas = profile.timeDeltas ?? [];
	for (let i = 0; i < samples.length; i++)
		selfUs.set(samples[i], (selfUs.get(samples[i]) ?? 0) + (deltas[i] ?? 0));
	const total = [...selfUs.values()].reduce((a, b) => a + b, 0);

	// Inclusive time by the innermost frame in this package's dist/ (the node's own code): which
	// line of the node is responsible for the time, including what it calls in n8n.
	const parent = new Map<number, number>();
	for (const node of profile.nodes)
		for (const child of node.children ?? []) parent.set(child, node.id);
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const distPrefix = `file://${path.join(REPO_ROOT, 'dist')}/`;
	const owner = new Map<number, string>();
	const ownerOf = (id: number): string => {
		const known = owner.get(id);
		if (known !== undefined) return known;
		const frame = byId.get(id)!.callFrame;
		let result: string;
		if (frame.url.startsWith(distPrefix)) {
			result = `${frame.functionName || '(anonymous)'}  ${frame.url.slice(distPrefix.length)}:${frame.lineNumber + 1}`;
		} else {
			const up = parent.get(id);
			result =
				up === undefined
					? '(not under the node: engine, harness, HTTP completion, idle)'
					: ownerOf(up);
		}
		owner.set(id, result);
		return result;
	};
	const byNodeFrame = new Map<string, number>();
	for (const [id, us] of selfUs) {
		const key = ownerOf(id);
		byNodeFrame.set(key, (byNodeFrame.get(key) ?? 0) + us);
	}
	const byBucket = new Map<string, number>();
	const byFunction = new Map<string, number>();
	for (const node of profile.nodes) {
		const us = selfUs.get(node.id) ?? 0;
		if (!us) continue;
		const { url, functionName, lineNumber } = node.callFrame;
		const bucket = bucketOf(url, functionName);
		byBucket.set(bucket, (byBucket.get(bucket) ?? 0) + us);
		const name = `${functionName || '(anonymous)'}  ${bucket}${url ? `:${lineNumber + 1}` : ''}`;
		byFunction.set(name, (byFunction.get(name) ?? 0) + us);
	}
	const print = (title: string, map: Map<string, number>) => {
		console.log(`\n${title}`);
		for (const [name, us] of [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)) {
			console.log(
				`${((100 * us) / total).toFixed(1).padStart(6)} %  ${(us / payouts).toFixed(0).padStart(6)} µs/payout  ${name}`,
			);
		}
	};
	console.log(
		`\nProfiled ${(total / 1000).toFixed(0)} ms of samples over ${payouts} payouts (${(total / payouts).toFixed(0)} µs/payout incl. idle)`,
	);
	print('Self time by package / file', byBucket);
	print('Hottest functions (self time)', byFunction);
	print(
		"Inclusive time by the innermost node-code frame (dist/): what the node's own lines cost, n8n calls included",
		byNodeFrame,
	);
}

async function main() {
	const sandbox = await SandboxProcess.start();
	const session = new Session();
	session.connect();
	try {
		// the raw loop needs the harness's DI setup, which the first node run does
		await runNodeBatch(provider, sandbox.urls, runId('w'), 10);
		const raw = rawClient(provider, credentials(sandbox.urls));
		const once = async (count: number) => {
			if (useRaw) {
				const result = await raw.sendAll(runId('p'), count);
				if (result.accepted !== count)
					throw new Error(`raw: ${result.failed} failed: ${result.firstFailure}`);
			} else {
				const result = await runNodeBatch(
					provider,
					sandbox.urls,
					runId('p'),
					count,
					{},
					{ fixed: mapping === 'reference' ? FIXED_FIELDS : {} },
				);
				if (result.accepted !== count) throw new Error(`node: ${JSON.stringify(result)}`);
			}
		};
		await once(Math.min(500, payouts));
		await sandbox.reset();
		gc();
		await post(session, 'Profiler.enable');
		await post(session, 'Profiler.setSamplingInterval', { interval: 200 });
		await post(session, 'Profiler.start');
		const start = performance.now();
		await once(payouts);
		const wallMs = performance.now() - start;
		const { profile } = await post<{ profile: Profiler.Profile }>(session, 'Profiler.stop');
		console.log(
			`${useRaw ? 'raw loop' : `node (mapping: ${mapping})`} ${provider}: ${payouts} payouts in ${(wallMs / 1000).toFixed(2)} s`,
		);
		summarize(profile);
		if (out) {
			writeFileSync(out, JSON.stringify(profile));
			console.log(
				`\nprofile written to ${out} (open in Chrome DevTools → Performance, or speedscope)`,
			);
		}
	} finally {
		session.disconnect();
		await sandbox.close();
	}
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		console.error(error);
		process.exit(1);
	},
);

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
import { profileText, summarizeProfile } from './cpu-profile';
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
		console.log(
			profileText(
				summarizeProfile(profile, {
					payouts,
					ownDir: `${path.join(REPO_ROOT, 'dist')}/`,
					top,
				}),
				'profile',
			),
		);
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

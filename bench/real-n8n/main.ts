/**
 * The real-n8n part of `npm run bench` (bench/run.sh): the packed package installed into an n8n
 * 2.41.1 user folder, `n8n start` in regular mode with SQLite on 127.0.0.1, all through the
 * real-n8n kit (e2e/kit/); the sandbox gateway in its own process on 127.0.0.1 with 50 ms latency.
 * See bench/README.md, "Real n8n".
 *
 *   node .build/bench/real-n8n/main.js [--n8n-version 2.41.1 | --n8n-dir DIR] [--scale 0.1]
 *                                      [--package-dir DIR] [--out NAME.json] [--code-label TEXT]
 *
 * A. Concurrency in n8n: 1,000 payouts, Concurrency 8, both providers, Map Automatically and
 *    expressions: the Crypto Payout node's executionTime from the saved execution, its ratio to
 *    the floor N·L/C, and CPU per payout of the n8n process (/proc, idle baseline subtracted).
 * Peers: n8n's HTTP Request node beside ours (defaults, expressions, Map Automatically, Safety Wait
 *    0, and with the payout ledger on a throw-away PostgreSQL on 127.0.0.1, skipped without one).
 * B. Claim cost vs history size: the workflow's processed_data row pre-seeded with 0 / 10,000 /
 *    100,000 entries before `n8n start`, 200 payouts per size: wall and CPU per payout, ratio vs 0.
 *
 * Writes bench/results/real-n8n-latest.json (full run) or real-n8n-scaled.tmp.json (--scale < 1).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import {
	existingInstall,
	installN8n,
	makeWorkFolder,
	N8nInstance,
	run,
	sandboxCredentials,
	stopEverything,
	stopEverythingOnExit,
	tail,
} from '../../e2e/kit';
import { SandboxProcess } from '../sandbox-process';
import { machineInfo, measuredCode } from './code-info';
import { startLedgerDatabase } from './ledger-peer';
import { measure, type Measured } from './measure';
import { N8N_DIR, N8N_VERSION, PACKAGE_DIR, WATCHDOG_MS, log } from './config';
import { writeResults } from './results';
import { CREDENTIALS } from './workflows';

/** The package's name and version, from the tree that is packed. */
function packageOf(): { name: string; version: string } {
	try {
		return JSON.parse(readFileSync(path.join(PACKAGE_DIR, 'package.json'), 'utf8')) as {
			name: string;
			version: string;
		};
	} catch {
		return { name: 'n8n-nodes-crypto-payout', version: '?' };
	}
}

async function main() {
	const watchdog = setTimeout(() => {
		console.error(
			`bench (real n8n): still running after ${WATCHDOG_MS / 60_000} minutes; giving up`,
		);
		stopEverything();
		process.exit(2);
	}, WATCHDOG_MS);
	watchdog.unref();
	const about = { code: packageOf(), codeInfo: measuredCode(), info: machineInfo() };
	const install = N8N_DIR
		? existingInstall(N8N_DIR, path.dirname(process.execPath))
		: await installN8n(N8N_VERSION);
	const n8n = new N8nInstance({ install, work: makeWorkFolder('crypto-payout-bench-n8n-') });
	log(`work folder ${n8n.work}`);
	const sandbox = await SandboxProcess.start();
	log(`sandbox gateway (own process, pid ${sandbox.pid}) on ${sandbox.urls.url}`);
	// A second one that records raw request bodies, for the peers' correctness checks.
	const recording = await SandboxProcess.start({ record: true });
	// The payout ledger's PostgreSQL, for the ledger peer only (n8n itself keeps SQLite).
	const ledger = await startLedgerDatabase(n8n.work);
	log(`payout ledger: ${ledger.described}`);

	let measured: Measured;
	try {
		// The packed package, into a fresh user folder.
		const t = Date.now();
		const pack = await run('npm', ['pack', '--silent', '--pack-destination', n8n.work], {
			cwd: PACKAGE_DIR,
			env: process.env,
			timeoutMs: 120_000,
		});
		if (pack.code !== 0) throw new Error(`npm pack exited ${pack.code}\n${tail(pack.stderr)}`);
		const tarball = path.join(n8n.work, pack.stdout.trim().split('\n').pop()!);
		await n8n.installPackage(tarball, about.code.name);
		log(
			`packed and installed ${path.basename(tarball)} into .n8n/nodes (${((Date.now() - t) / 1000).toFixed(1)} s)`,
		);
		measured = await measure(
			n8n,
			sandbox,
			recording,
			sandboxCredentials(sandbox.urls, CREDENTIALS),
			ledger,
		);
	} catch (error) {
		console.error(error);
		console.error(`n8n log and database kept in ${n8n.work}`);
		await n8n.stopAll();
		await sandbox.close();
		await recording.close();
		await ledger.stop();
		stopEverything();
		process.exit(1);
	}
	await n8n.stopAll();
	await sandbox.close();
	await recording.close();
	await ledger.stop();
	stopEverything();
	writeResults(n8n, about, measured);
	log('done');
}

stopEverythingOnExit();
main().then(
	() => process.exit(0),
	(error: unknown) => {
		console.error(error);
		stopEverything();
		process.exit(1);
	},
);

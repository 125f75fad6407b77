/**
 * The real n8n editor with this package installed, the sandbox gateway, sandbox credentials for
 * both providers and the example workflows, on loopback. Started by scripts/playground.sh
 * (`npm run playground`), which builds and packs the package and installs n8n first:
 *
 *   node scripts/playground.mjs --n8n-dir .cache/n8n/2.41.1 --node-bin <dir of Node 24>
 *        --tarball <n8n-nodes-crypto-payout-x.y.z.tgz> --sandbox-cli <sandbox/cli.js> [--fresh]
 *
 * The user folder is .cache/playground/home (PLAYGROUND_DIR), kept between runs so workflows made
 * in the editor survive; --fresh (PLAYGROUND_FRESH=1) starts from an empty one. Every start
 * reinstalls the packed package, re-imports the two credentials (pointing at this run's sandbox)
 * and the example workflows (same ids: an edited copy of an example is overwritten, a new workflow
 * is not). PLAYGROUND_PORT (default 5678, else a free port) and PLAYGROUND_SANDBOX_PORT (default
 * a free port) choose the ports. Ctrl-C stops n8n and the sandbox (process groups).
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';

import {
	CREGIS,
	OXAPAY_KEY,
	ROOT,
	cleanup,
	createN8n,
	freePort,
	installPackage,
	loadWorkflow,
	parseArgs,
	sandboxCredentials,
	startSandbox,
	stopBackground,
} from '../e2e/lib/harness.mjs';
import { ensureOwner, startN8nServer } from '../e2e/lib/server.mjs';

// Fake login of a throw-away loopback instance (n8n wants 8+ characters, a digit and an uppercase letter).
const LOGIN = { email: 'playground@example.com', password: 'Playground-2024' };

const args = parseArgs(
	['n8n-dir', 'node-bin', 'tarball', 'sandbox-cli'],
	'node scripts/playground.mjs --n8n-dir DIR --node-bin DIR --tarball TGZ --sandbox-cli FILE [--fresh]',
	['fresh'],
);
const DIR = path.resolve(process.env.PLAYGROUND_DIR ?? path.join(ROOT, '.cache', 'playground'));
const HOME = path.join(DIR, 'home');
const FILES = path.join(DIR, 'files');
const WORK = path.join(DIR, 'work');

function portIsFree(port) {
	return import('node:net').then(
		({ default: net }) =>
			new Promise((resolve) => {
				const server = net.createServer();
				server.once('error', () => resolve(false));
				server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
			}),
	);
}

async function main() {
	const fresh = args.fresh || process.env.PLAYGROUND_FRESH === '1';
	if (fresh) rmSync(HOME, { recursive: true, force: true });
	rmSync(WORK, { recursive: true, force: true });
	for (const dir of [path.join(HOME, '.n8n', 'nodes'), FILES, WORK])
		mkdirSync(dir, { recursive: true });

	const cli = createN8n({
		nodeBinDir: path.resolve(args['node-bin']),
		n8nDir: path.resolve(args['n8n-dir']),
		home: HOME,
		files: FILES,
		work: WORK,
	});

	console.log(
		`› installing ${path.basename(args.tarball)} as a community package into ${HOME}/.n8n/nodes`,
	);
	await installPackage({
		home: HOME,
		tarball: path.resolve(args.tarball),
		nodeBinDir: path.resolve(args['node-bin']),
	});

	const sandboxPort = process.env.PLAYGROUND_SANDBOX_PORT;
	const sandbox = await startSandbox({
		cli: args['sandbox-cli'],
		logFile: path.join(WORK, 'sandbox.log'),
		port: sandboxPort,
	});
	console.log(`› sandbox gateway on ${sandbox.url}`);

	console.log('› importing the sandbox credentials and the example workflows');
	await cli.importCredentials(await sandboxCredentials(sandbox));
	for (const csv of readdirSync(path.join(ROOT, 'examples')).filter((name) =>
		name.endsWith('.csv'),
	)) {
		copyFileSync(path.join(ROOT, 'examples', csv), path.join(FILES, csv));
	}
	const examples = readdirSync(path.join(ROOT, 'examples'))
		.filter((name) => name.endsWith('.json'))
		.sort()
		.map((name) =>
			loadWorkflow(path.join('examples', name), { '/home/node/.n8n-files/': `${FILES}/` }),
		);
	await cli.importWorkflow(examples);

	const wanted = Number(process.env.PLAYGROUND_PORT ?? 5678);
	const port = (await portIsFree(wanted)) ? wanted : await freePort();
	console.log(`› starting n8n on 127.0.0.1:${port} (log: ${path.join(WORK, 'n8n-start.log')})`);
	const server = await startN8nServer(cli, { port, work: WORK });
	const { created } = await ensureOwner(server.base, LOGIN);

	let stopping = false;
	const stop = async (code) => {
		if (stopping) return;
		stopping = true;
		console.log('\n› stopping n8n and the sandbox');
		await stopBackground(server, 20_000);
		await stopBackground(sandbox, 5_000);
		cleanup();
		process.exit(code);
	};
	// Replaces the harness's immediate SIGKILL: let n8n close its database first.
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
		process.removeAllListeners(signal);
		process.on(signal, () => void stop(130));
	}
	server.child.on('close', () => {
		if (!stopping) {
			console.log('› n8n exited; see the log above');
			void stop(1);
		}
	});

	const n8nVersion = JSON.parse(
		readFileSync(path.join(args['n8n-dir'], 'node_modules', 'n8n', 'package.json'), 'utf8'),
	).version;
	const info = (await (await fetch(`${sandbox.url}/_sandbox`)).json()) ?? {};
	console.log(`
Crypto Payout playground (n8n ${n8nVersion}, loopback only; no real money moves)

  Editor      ${server.base}/
  Login       ${LOGIN.email} / ${LOGIN.password}${created ? ' (owner created)' : ''}

  Credentials "OxaPay (sandbox)" and "Cregis (sandbox)" point at the sandbox:
    OxaPay    Base URL ${info.oxapayBaseUrl}   Payout API key ${OXAPAY_KEY}
    Cregis    Base URL ${info.cregisBaseUrl}   Project ID ${CREGIS.pid}   API key ${CREGIS.apiKey}
  Workflows   ${examples.map((workflow) => workflow.name).join('\n              ')}
  CSV files   ${FILES}/ (the examples read payouts.csv / payouts-weekly.csv from here)
  Sandbox     ${sandbox.url}/_sandbox (ledger: ${sandbox.url}/_sandbox/ledger)
  User folder ${HOME}${existsSync(path.join(HOME, '.n8n', 'database.sqlite')) ? ' (kept between runs; --fresh starts over)' : ''}

Ctrl-C stops everything.`);
	await new Promise(() => {});
}

main().catch((error) => {
	console.error(`playground: ${error?.stack ?? error}`);
	cleanup();
	process.exit(1);
});

/**
 * The real n8n editor with this package installed, the sandbox gateway, sandbox credentials for
 * both providers and the example workflows, on loopback; n8n started through the real-n8n kit
 * (e2e/kit/). Started by scripts/playground.sh (`npm run playground`), which builds and packs the
 * package first:
 *
 *   node <build>/scripts/playground.js --version 2.41.1 --tarball <n8n-nodes-crypto-payout-x.y.z.tgz>
 *        [--sandbox-cli <sandbox/cli.js>] [--fresh]
 *
 * The user folder is .cache/playground/home (PLAYGROUND_DIR), kept between runs so workflows made
 * in the editor survive; --fresh (PLAYGROUND_FRESH=1) starts from an empty one. Every start
 * reinstalls the packed package, re-imports the two credentials (pointing at this run's sandbox)
 * and the example workflows (same ids: an edited copy of an example is overwritten, a new workflow
 * is not). PLAYGROUND_PORT (default 5678, else a free port) and PLAYGROUND_SANDBOX_PORT (default
 * a free port) choose the ports. Ctrl-C stops n8n and the sandbox (process groups).
 */
import { copyFileSync, existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';

import { SANDBOX_CREGIS, SANDBOX_OXAPAY_KEY } from '../sandbox';
import {
	ensureOwner,
	freePort,
	installN8n,
	N8nInstance,
	portIsFree,
	REPO_ROOT,
	SandboxGateway,
	stopEverything,
	stopEverythingOnExit,
} from '../e2e/kit';

// Fake login of a throw-away loopback instance (n8n wants 8+ characters, a digit and an uppercase letter).
const LOGIN = { email: 'playground@example.com', password: 'Playground-2024' };
const USAGE = 'node scripts/playground.js --version V --tarball TGZ [--sandbox-cli FILE] [--fresh]';

function parseArgs() {
	const values: Record<string, string> = {};
	let fresh = process.env.PLAYGROUND_FRESH === '1';
	for (let i = 2; i < process.argv.length; i++) {
		const flag = process.argv[i];
		if (flag === '--fresh') fresh = true;
		else if (flag.startsWith('--')) values[flag.slice(2)] = process.argv[++i];
		else throw new Error(`Unexpected argument ${flag}\nUsage: ${USAGE}`);
	}
	if (!values.version || !values.tarball) {
		console.error(`Usage: ${USAGE}`);
		process.exit(2);
	}
	return {
		version: values.version,
		tarball: path.resolve(values.tarball),
		sandboxCli: values['sandbox-cli'],
		fresh,
	};
}

const args = parseArgs();
const DIR = path.resolve(
	process.env.PLAYGROUND_DIR ?? path.join(REPO_ROOT, '.cache', 'playground'),
);
const EXAMPLES = path.join(REPO_ROOT, 'examples');

async function main() {
	stopEverythingOnExit();
	if (args.fresh) rmSync(path.join(DIR, 'home'), { recursive: true, force: true });
	const work = path.join(DIR, 'work');
	rmSync(work, { recursive: true, force: true });
	const n8n = new N8nInstance({
		install: await installN8n(args.version),
		work,
		home: path.join(DIR, 'home'),
		files: path.join(DIR, 'files'),
	});

	console.log(
		`› installing ${path.basename(args.tarball)} as a community package into ${n8n.home}/.n8n/nodes`,
	);
	await n8n.installPackage(args.tarball);

	const sandboxPort = process.env.PLAYGROUND_SANDBOX_PORT;
	const sandbox = await SandboxGateway.start({
		cli: args.sandboxCli,
		logFile: path.join(work, 'sandbox.log'),
		port: sandboxPort ? Number(sandboxPort) : 0,
	});
	console.log(`› sandbox gateway on ${sandbox.url}`);

	console.log('› importing the sandbox credentials and the example workflows');
	await n8n.importCredentials(await sandbox.credentials());
	for (const csv of readdirSync(EXAMPLES).filter((name) => name.endsWith('.csv')))
		copyFileSync(path.join(EXAMPLES, csv), path.join(n8n.files, csv));
	const examples = readdirSync(EXAMPLES)
		.filter((name) => name.endsWith('.json'))
		.sort()
		.map((name) => n8n.workflow(path.join('examples', name)));
	await n8n.importWorkflows(examples);

	const wanted = Number(process.env.PLAYGROUND_PORT ?? 5678);
	const port = (await portIsFree(wanted)) ? wanted : await freePort();
	console.log(`› starting n8n on 127.0.0.1:${port} (log: ${path.join(work, 'n8n-start.log')})`);
	const server = await n8n.start({ port });
	const { created } = await ensureOwner(server.base, LOGIN);

	let stopping = false;
	const stop = async (code: number) => {
		if (stopping) return;
		stopping = true;
		console.log('\n› stopping n8n and the sandbox');
		await server.stop(20_000);
		await sandbox.stop(5_000);
		stopEverything();
		process.exit(code);
	};
	// Instead of the kit's immediate SIGKILL: let n8n close its database first.
	stopEverythingOnExit(() => void stop(130));
	void server.exitedPromise().then(() => {
		if (!stopping) {
			console.log('› n8n exited; see the log above');
			void stop(1);
		}
	});

	const urls = await sandbox.urls();
	console.log(`
Crypto Payout playground (n8n ${n8n.install.version}, loopback only; no real money moves)

  Editor      ${server.base}/
  Login       ${LOGIN.email} / ${LOGIN.password}${created ? ' (owner created)' : ''}

  Credentials "OxaPay (sandbox)" and "Cregis (sandbox)" point at the sandbox:
    OxaPay    Base URL ${urls.oxapayBaseUrl}   Payout API key ${SANDBOX_OXAPAY_KEY}
    Cregis    Base URL ${urls.cregisBaseUrl}   Project ID ${SANDBOX_CREGIS.pid}   API key ${SANDBOX_CREGIS.apiKey}
  Workflows   ${examples.map((workflow) => workflow.name).join('\n              ')}
  CSV files   ${n8n.files}/ (the examples read payouts.csv / payouts-weekly.csv from here)
  Sandbox     ${sandbox.url}/_sandbox (ledger: ${sandbox.url}/_sandbox/ledger)
  User folder ${n8n.home}${existsSync(path.join(n8n.home, '.n8n', 'database.sqlite')) ? ' (kept between runs; --fresh starts over)' : ''}

Ctrl-C stops everything.`);
	await new Promise(() => {});
}

main().catch((error: unknown) => {
	console.error(`playground: ${error instanceof Error ? error.stack : String(error)}`);
	stopEverything();
	process.exit(1);
});

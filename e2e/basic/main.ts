/**
 * End-to-end checks of the packed package in the real n8n CLI, headless, against the sandbox
 * gateway on loopback. Started by scripts/e2e.sh once per n8n version (E2E_ONLY=basic alone):
 *
 *   node <build>/e2e/basic/main.js --version 2.41.1 --tarball <n8n-nodes-crypto-payout-x.y.z.tgz>
 *        [--sandbox-cli <sandbox/cli.js>] [--summary-file counts.json] [--keep]
 *
 * Journeys (E2E_BASIC_PARTS, default create,batch,server): create.ts (the examples and test
 * workflows through `n8n execute`), batch.ts (the operator's batch through `n8n execute`) and
 * server.ts (one `n8n start` for the trigger, the trigger against hostile callbacks, and the
 * operator's batch in one process). For every check it prints `PASS|FAIL|PENDING [n8n <version>]
 * <check>: <detail>` and at the end `e2e n8n <version>: N passed, N failed, N pending`. Exit code
 * 1 when anything failed. Every step is bounded in time and every process it starts is stopped on exit
 * (process group). The concurrency checks are concurrency/, the browser test editor/.
 */
import path from 'node:path';

import { makeWorkFolder, N8nInstance, SandboxGateway } from '../kit';
import { createReporter, expect, parseRunnerArgs, runRunner } from '../runner';
import { batchChecks } from './batch';
import { createChecks } from './create';
import { serverJourney } from './server';

const args = parseRunnerArgs('e2e/basic/main.js');
/** Which journeys run (E2E_BASIC_PARTS, comma-separated; default all): create, batch, server. */
const PARTS = (process.env.E2E_BASIC_PARTS ?? 'create,batch,server')
	.split(',')
	.map((part) => part.trim());
const TAG = `[n8n ${args.version}]`;
const reporter = createReporter(TAG);

void runRunner({ args, reporter, label: `e2e n8n ${args.version}`, tag: TAG }, async (install) => {
	const n8n = new N8nInstance({
		install,
		work: makeWorkFolder(`crypto-payout-e2e-${args.version}-`),
	});
	console.log(`› ${TAG} work folder ${n8n.work}`);
	const version = await n8n.n8nVersion();
	expect(version === args.version, `n8n --version printed ${JSON.stringify(version)}`);
	const { check } = reporter;
	let sandbox: SandboxGateway | undefined;

	let ready = await check(
		'install the packed package into N8N_USER_FOLDER/.n8n/nodes',
		async () => {
			await n8n.installPackage(args.tarball);
			return path.basename(args.tarball);
		},
	);
	ready &&= await check('start the sandbox gateway on loopback', async () => {
		sandbox = await SandboxGateway.start({
			cli: args.sandboxCli,
			logFile: path.join(n8n.logs, 'sandbox.log'),
		});
		return sandbox.url;
	});
	ready &&= await check('import credentials (OxaPay + Cregis → sandbox)', async () => {
		const result = await n8n.importCredentials(await sandbox!.credentials());
		return `first n8n command on an empty user folder ${(result.ms / 1000).toFixed(1)} s`;
	});
	if (ready && sandbox) {
		const context = { n8n, sandbox, reporter };
		if (PARTS.includes('create')) await createChecks(context);
		if (PARTS.includes('batch')) await batchChecks(context);
		if (PARTS.includes('server')) await serverJourney(context);
	}
	await sandbox?.stop(30_000);
	await n8n.stopAll();
	return { work: n8n.work, kept: 'logs and database kept in' };
});

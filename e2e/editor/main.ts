/**
 * The node in the real n8n editor, driven by headless Chromium (Debian's /usr/bin/chromium through
 * playwright-core): the packed package installed as a community package, `n8n start` and the
 * sandbox gateway on loopback. Started by scripts/e2e.sh for n8n 2.41.1 (E2E_ONLY=editor alone):
 *
 *   node <build>/e2e/editor/main.js --version 2.41.1 --tarball <tgz>
 *        [--sandbox-cli <sandbox/cli.js>] [--summary-file F] [--keep]
 *
 * What a person does in the editor, in order (steps-start.ts, steps-provider.ts, steps-end.ts):
 * sign in; a workflow whose Manual Trigger has two pinned rows; Crypto Payout added from the node
 * creator; the Provider field in the parameter panel and what switching it shows (Get Many and
 * "Duplicate Check Window (Days)" for OxaPay only); each provider's credential created from the
 * node, its test passing; the Currency and Network dropdowns loaded right after; Network reset when
 * Currency changes; the two rows mapped with expressions ({{ $json.currency }} = USDT,
 * {{ $json.network }} = TRC20) without a parameter issue; Execute step and the output table
 * (status, payoutId); the node switched to Cregis finding the rows OxaPay paid; Dry Run on a paid
 * and a fresh reference; a mixed batch (a good and a bad row) under Continue On Fail and on the
 * error output (steps-batch.ts); the trigger's Provider field and Production URL. Page errors and failed dropdown / credential-test requests fail the run
 * (session.ts). Screenshots: .cache/editor-shots/ (E2E_EDITOR_SHOTS).
 *
 * When the Provider field is not in the parameter panel the provider is switched where n8n shows
 * it instead (the credential modal's type selector, or a credential of the other type), so the
 * later checks still say what they see.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import {
	ensureOwner,
	makeWorkFolder,
	N8nInstance,
	REPO_ROOT,
	SandboxGateway,
	type N8nMain,
} from '../kit';
import { createReporter, expect, parseRunnerArgs, runRunner } from '../runner';
import { Credentials, EDITOR_PROVIDERS } from './credentials';
import { NodePanel } from './panel';
import { EditorSession } from './session';
import { mixedBatchSteps } from './steps-batch';
import { dryRunSteps, triggerStep } from './steps-end';
import { providerSteps } from './steps-provider';
import { startSteps } from './steps-start';

const args = parseRunnerArgs('e2e/editor/main.js');
const TAG = `[n8n ${args.version} editor]`;
const CHROMIUM = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';
const SHOTS = path.resolve(
	process.env.E2E_EDITOR_SHOTS ?? path.join(REPO_ROOT, '.cache', 'editor-shots'),
);
const LOGIN = { email: 'editor-e2e@example.com', password: 'Editor-e2e-2024' };

const reporter = createReporter(TAG);

/** Every step, in one browser; `run.session` records what the page did wrong. */
async function editorSteps(
	server: N8nMain,
	sandbox: SandboxGateway,
	run: { session?: EditorSession },
): Promise<void> {
	const { chromium, selectors } = await import('playwright-core');
	selectors.setTestIdAttribute('data-test-id');
	expect(existsSync(CHROMIUM), `${CHROMIUM} is missing (apt-get install -y chromium)`);
	const browser = await chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: [
			'--no-sandbox',
			'--disable-dev-shm-usage',
			'--disable-gpu',
			'--no-first-run',
			'--disable-extensions',
		],
	});
	try {
		const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
		context.setDefaultTimeout(15_000);
		context.setDefaultNavigationTimeout(60_000);
		const page = await context.newPage();
		const session = new EditorSession(page, server.base, sandbox, reporter, SHOTS);
		run.session = session;
		const panel = new NodePanel(page);
		const credentials = new Credentials(panel, sandbox.url);
		if (!(await startSteps(session, panel, LOGIN))) return;
		const paid: Record<string, boolean> = {};
		for (const provider of [EDITOR_PROVIDERS.oxapay, EDITOR_PROVIDERS.cregis])
			paid[provider.id] = await providerSteps(session, panel, credentials, provider, paid);
		await dryRunSteps(session, panel, credentials, paid);
		await mixedBatchSteps(session, panel);
		await triggerStep(session, panel);
	} finally {
		await browser.close().catch(() => {});
	}
}

void runRunner(
	{ args, reporter, label: `e2e n8n ${args.version} editor`, tag: TAG },
	async (install) => {
		const n8n = new N8nInstance({
			install,
			work: makeWorkFolder(`crypto-payout-editor-${args.version}-`),
		});
		console.log(
			`› ${TAG} work folder ${n8n.work}; screenshots in ${path.relative(REPO_ROOT, SHOTS) || SHOTS}`,
		);
		rmSync(SHOTS, { recursive: true, force: true });
		mkdirSync(SHOTS, { recursive: true });

		let sandbox: SandboxGateway | undefined;
		let server: N8nMain | undefined;
		const started = await reporter.check(
			'n8n start with the packed package, the sandbox, an owner',
			async () => {
				await n8n.installPackage(args.tarball);
				sandbox = await SandboxGateway.start({
					cli: args.sandboxCli,
					logFile: path.join(n8n.logs, 'sandbox.log'),
				});
				server = await n8n.start();
				await ensureOwner(server.base, LOGIN);
				return `${server.base} ready after ${server.startSeconds.toFixed(0)} s; sandbox ${sandbox.url}`;
			},
		);
		const run: { session?: EditorSession } = {};
		if (started && server && sandbox) {
			try {
				await editorSteps(server, sandbox, run);
			} catch (error) {
				reporter.report('FAIL', 'editor run', error instanceof Error ? error.stack : String(error));
			}
			if (run.session) {
				run.session.currentStep = 'end';
				const stray = run.session.strayProblems();
				if (stray.length > 0)
					reporter.report('FAIL', 'page errors after the last step', stray.join(' | '));
			}
		}
		await n8n.stopAll();
		await sandbox?.stop(5_000);
		writeFileSync(
			path.join(n8n.work, 'editor-requests.json'),
			JSON.stringify(run.session?.requestLog ?? [], null, 2),
		);
		return { work: n8n.work, kept: 'n8n log and database kept in' };
	},
);

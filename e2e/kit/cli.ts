/**
 * The kit from a shell script (scripts/e2e.sh, scripts/playground.sh, bench/run.sh):
 *
 *   node <build>/e2e/kit/cli.js install <version>
 *
 * installs n8n <version> (or reuses the install) on the Node it runs on and prints
 * {"version","dir","node","nodeVersion"} as the last line of stdout; exit 3 when this machine has
 * no Node that version accepts, 1 when the install failed.
 */
import { spawnSync } from 'node:child_process';

import { installN8n, NoSuitableNode } from './install';

async function main(): Promise<number> {
	const [command, version] = process.argv.slice(2);
	if (command !== 'install' || !version) {
		console.error('Usage: node e2e/kit/cli.js install <version>');
		return 2;
	}
	try {
		const install = await installN8n(version);
		const nodeVersion = spawnSync(install.node, ['--version'], { encoding: 'utf8' }).stdout.trim();
		console.log(JSON.stringify({ version, dir: install.dir, node: install.node, nodeVersion }));
		return 0;
	} catch (error) {
		console.error(error instanceof Error ? error.message : String(error));
		return error instanceof NoSuitableNode ? 3 : 1;
	}
}

main().then((code) => process.exit(code));

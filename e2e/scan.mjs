/**
 * @n8n/scan-community-package without the network: `npx @n8n/scan-community-package <name>` first
 * checks the npm provenance of a *published* version, fetches the attested GitHub source and the
 * tarball from the registry, then lints both with ESLint. The two lint legs are the part that can
 * run before publishing; this calls the scanner's own `analyzePackage` with its own rules and file
 * patterns on
 *   1. this checkout (SOURCE_FILE_PATTERNS: package.json and nodes/, credentials/ sources), and
 *   2. the packed tarball, unpacked (compiled **\/*.js and the published package.json).
 * Provenance cannot be checked before publishing: publish from CI with `npm publish --provenance`.
 *
 *   node e2e/scan.mjs <repo root> <package .tgz>
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [root, tarball] = process.argv.slice(2);
if (!root || !tarball) {
	console.error('Usage: node e2e/scan.mjs <repo root> <package .tgz>');
	process.exit(2);
}
const tools = process.env.N8N_LINT_TOOLS ?? path.join(root, '.cache', 'lint-tools');
const require = createRequire(path.join(tools, 'package.json'));
const scannerPackage = require.resolve('@n8n/scan-community-package/package.json');
const { version } = require('@n8n/scan-community-package/package.json');
const scanner = await import(
	pathToFileURL(path.join(path.dirname(scannerPackage), 'scanner', 'scanner.mjs')).href
);

const unpacked = mkdtempSync(path.join(os.tmpdir(), 'scan-tgz-'));
let failed = false;
try {
	execFileSync('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1']);
	const legs = [
		{
			label: 'source (nodes/, credentials/, package.json)',
			dir: path.resolve(root),
			patterns: scanner.SOURCE_FILE_PATTERNS,
		},
		{
			label: `tarball ${path.basename(tarball)} (**/*.js, package.json)`,
			dir: unpacked,
			patterns: ['**/*.js', 'package.json'],
		},
	];
	console.log(
		`@n8n/scan-community-package ${version}: provenance check skipped (needs a version published with --provenance)`,
	);
	for (const leg of legs) {
		const result = await scanner.analyzePackage(leg.dir, leg.patterns);
		if (result.passed) {
			console.log(`PASS scan ${leg.label}${result.message ? ` (${result.message})` : ''}`);
		} else {
			failed = true;
			console.log(`FAIL scan ${leg.label}: ${result.message}`);
			if (result.details) console.log(result.details);
		}
	}
} finally {
	rmSync(unpacked, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);

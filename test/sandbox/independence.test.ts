import * as fs from 'fs';
import * as path from 'path';

/**
 * The sandbox judges the node, so it must not share code with it: a bug in a shared signer,
 * JSON writer or asset table would be invisible to every sandbox-based test. This guard reads
 * every file under sandbox/ and fails on any import that reaches the node's code (nodes/,
 * credentials/, their compiled copies, or the package itself), and on any relative import that
 * leaves sandbox/, since a file elsewhere could pass the node's code through.
 */
const ROOT = path.resolve(__dirname, '../..');
const SANDBOX = path.join(ROOT, 'sandbox');
const PACKAGE_NAME = (
	JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string }
).name;
const NODE_CODE_DIRS = new Set(['nodes', 'credentials']);

interface ImportSite {
	file: string;
	line: number;
	specifier: string;
}

/** Static and type-only imports, re-exports, side-effect imports, require(), import() and triple-slash paths. */
const IMPORT_PATTERNS = [
	/\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
	/\bimport\s*['"]([^'"]+)['"]/g,
	/\b(?:require|import)\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g,
	/\/\/\/\s*<reference\s+path\s*=\s*['"]([^'"]+)['"]/g,
];

function importSites(file: string, source: string): ImportSite[] {
	const sites: ImportSite[] = [];
	for (const pattern of IMPORT_PATTERNS) {
		for (const match of source.matchAll(pattern)) {
			const line = source.slice(0, match.index).split('\n').length;
			sites.push({ file, line, specifier: match[1] });
		}
	}
	return sites;
}

function filesUnder(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		return entry.isDirectory() ? filesUnder(full) : [full];
	});
}

const isPathSpecifier = (specifier: string) =>
	specifier.startsWith('.') || path.isAbsolute(specifier);

function resolveFrom(site: ImportSite): string {
	return path.resolve(path.dirname(site.file), site.specifier);
}

/** nodes/, credentials/, or a compiled copy of them (dist/nodes, .build/credentials), or the package by name. */
function reachesNodeCode(site: ImportSite): boolean {
	if (!isPathSpecifier(site.specifier))
		return site.specifier === PACKAGE_NAME || site.specifier.startsWith(`${PACKAGE_NAME}/`);
	const segments = path.relative(ROOT, resolveFrom(site)).split(path.sep);
	return segments.some((segment) => NODE_CODE_DIRS.has(segment));
}

function leavesSandbox(site: ImportSite): boolean {
	if (!isPathSpecifier(site.specifier)) return false;
	const relative = path.relative(SANDBOX, resolveFrom(site));
	return relative.startsWith('..') || path.isAbsolute(relative);
}

const describeSite = (site: ImportSite) =>
	`${path.relative(ROOT, site.file)}:${site.line} imports ${JSON.stringify(site.specifier)}`;

const SITES = filesUnder(SANDBOX).flatMap((file) =>
	importSites(file, fs.readFileSync(file, 'utf8')),
);

describe('sandbox independence', () => {
	it('finds the sandbox files and their imports (so the checks below are not vacuous)', () => {
		expect(filesUnder(SANDBOX).filter((file) => file.endsWith('.ts')).length).toBeGreaterThan(10);
		expect(SITES.filter((site) => site.specifier.startsWith('./')).length).toBeGreaterThan(20);
	});

	it('imports nothing from nodes/ or credentials/', () => {
		expect(SITES.filter(reachesNodeCode).map(describeSite)).toEqual([]);
	});

	it('imports no file outside sandbox/', () => {
		expect(SITES.filter(leavesSandbox).map(describeSite)).toEqual([]);
	});
});

describe('sandbox independence guard: detection', () => {
	const file = path.join(SANDBOX, 'example.ts');
	const specifiersIn = (source: string) => importSites(file, source).map((site) => site.specifier);
	const flagged = (source: string) =>
		importSites(file, source)
			.filter(reachesNodeCode)
			.map((site) => site.specifier);

	it('sees every import form', () => {
		const source = [
			"import { a } from '../nodes/A';",
			"import type { B } from '../nodes/B';",
			'import {\n\tc,\n\td,\n} from "../nodes/C";',
			"import * as e from '../credentials/E';",
			"export { f } from '../nodes/F';",
			"export * from '../nodes/G';",
			"import '../nodes/H';",
			"const i = require('../nodes/I');",
			"import j = require('../nodes/J');",
			"const k = await import('../nodes/K');",
			"/// <reference path='../nodes/L.d.ts' />",
		].join('\n');
		expect(specifiersIn(source).sort()).toEqual(
			[
				'../nodes/A',
				'../nodes/B',
				'../nodes/C',
				'../credentials/E',
				'../nodes/F',
				'../nodes/G',
				'../nodes/H',
				'../nodes/I',
				'../nodes/J',
				'../nodes/K',
				'../nodes/L.d.ts',
			].sort(),
		);
	});

	it('flags the node code however it is reached, and nothing else', () => {
		expect(flagged("import { x } from '../nodes/CryptoPayout/shared/json';")).toEqual([
			'../nodes/CryptoPayout/shared/json',
		]);
		expect(flagged("import { x } from './../credentials/CregisApi.credentials';")).toEqual([
			'./../credentials/CregisApi.credentials',
		]);
		expect(
			flagged("const x = require('../dist/nodes/CryptoPayout/CryptoPayout.node.js');"),
		).toHaveLength(1);
		expect(
			flagged(`import { x } from '${PACKAGE_NAME}/dist/nodes/CryptoPayout/shared/assets';`),
		).toHaveLength(1);
		expect(
			flagged(
				`import { x } from '${path.join(ROOT, 'nodes', 'CryptoPayout', 'shared', 'assets')}';`,
			),
		).toHaveLength(1);
		expect(
			flagged(
				"import { x } from './raw-json';\nimport { createHash } from 'crypto';\nimport * as http from 'http';",
			),
		).toEqual([]);
	});

	it('flags a relative import that leaves sandbox/', () => {
		const sites = importSites(
			file,
			"import { x } from '../test/harness/fixtures';\nimport { y } from './decimal';",
		);
		expect(sites.filter(leavesSandbox).map((site) => site.specifier)).toEqual([
			'../test/harness/fixtures',
		]);
	});
});

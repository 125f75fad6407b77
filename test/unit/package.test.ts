/**
 * What `npm publish` would ship, and whether n8n can load it: the tarball holds only the build,
 * the docs and package.json; every node and credential listed in package.json's `n8n` section
 * exists in dist/ and exports the class n8n looks for; every icon and codex file they reference is
 * there too. Assumes `npm run build` ran first (scripts/test.sh and `npm test` do).
 */
import { execFileSync } from 'child_process';
import { existsSync, readFileSync } from 'fs';
import path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');

interface PackageJson {
	name: string;
	version: string;
	main?: string;
	files?: string[];
	n8n: { n8nNodesApiVersion: number; nodes: string[]; credentials: string[] };
	dependencies?: Record<string, string>;
	peerDependencies?: Record<string, string>;
	scripts?: Record<string, string>;
}

const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as PackageJson;

interface PackResult {
	filename: string;
	files: Array<{ path: string; size: number }>;
}

let packedFiles: string[] = [];

beforeAll(() => {
	expect(existsSync(path.join(ROOT, 'dist'))).toBe(true);
	const stdout = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
		cwd: ROOT,
		encoding: 'utf8',
		timeout: 60_000,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const [result] = JSON.parse(stdout.slice(stdout.indexOf('['))) as PackResult[];
	packedFiles = result.files.map((file) => file.path).sort();
}, 90_000);

const DOCS = ['README.md', 'LICENSE', 'CHANGELOG.md', 'package.json'];
/** npm always packs the `main` file; n8n itself reads only the `n8n` section. */
const MAIN = pkg.main ? [path.posix.normalize(pkg.main)] : [];

type IconValue = string | { light: string; dark: string } | undefined;

function iconFiles(icon: IconValue): string[] {
	if (icon === undefined) return [];
	const values = typeof icon === 'string' ? [icon] : [icon.light, icon.dark];
	return values.map((value) => {
		expect(value).toMatch(/^file:/);
		return value.slice('file:'.length);
	});
}

function loadClass(file: string): new () => Record<string, unknown> {
	const exported = require(path.join(ROOT, file)) as Record<
		string,
		new () => Record<string, unknown>
	>;
	const className = path.basename(file).replace(/\.(node|credentials)\.js$/, '');
	// n8n instantiates the export named after the file.
	expect(typeof exported[className]).toBe('function');
	return exported[className];
}

describe('npm pack', () => {
	it('ships only dist/, the docs and package.json', () => {
		expect(pkg.main).toBeUndefined();
		const unexpected = packedFiles.filter(
			(file) => !file.startsWith('dist/') && !DOCS.includes(file) && !MAIN.includes(file),
		);
		expect(unexpected).toEqual([]);
	});

	it('ships the README, the LICENSE and package.json', () => {
		for (const file of ['README.md', 'LICENSE', 'package.json'])
			expect(packedFiles).toContain(file);
		if (existsSync(path.join(ROOT, 'CHANGELOG.md'))) expect(packedFiles).toContain('CHANGELOG.md');
	});

	it('ships no sources, tests, sandbox or local build output', () => {
		const leaked = packedFiles.filter(
			(file) =>
				/(^|\/)(test|sandbox|\.build|\.cache|e2e|bench|examples|scripts)\//.test(file) ||
				(/\.ts$/.test(file) && !/\.d\.ts$/.test(file)),
		);
		expect(leaked).toEqual([]);
	});

	it('ships every file listed in package.json n8n.nodes / n8n.credentials', () => {
		for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials])
			expect(packedFiles).toContain(file);
	});
});

describe('package.json for n8n', () => {
	it('is a community node package n8n can install', () => {
		expect(pkg.name).toMatch(/^(@[a-z0-9-~][a-z0-9-._~]*\/)?n8n-nodes-/);
		expect(pkg.n8n.n8nNodesApiVersion).toBe(1);
		expect(pkg.n8n.nodes.length).toBeGreaterThan(0);
		// One runtime dependency: pg, the payout ledger's driver (README, "Payout ledger").
		expect(Object.keys(pkg.dependencies ?? {})).toEqual(['pg']);
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		for (const script of ['preinstall', 'install', 'postinstall', 'prepare'])
			expect(pkg.scripts?.[script]).toBeUndefined();
	});

	it('its runtime dependencies need no install script (n8n installs them with --ignore-scripts)', () => {
		// n8n's Community Nodes page runs `npm pack`, strips dev, peer and optional dependencies,
		// then `npm install --ignore-scripts` in the package folder: pg and everything it needs
		// must work without a build step. package-lock.json marks packages that have one.
		const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
			packages: Record<
				string,
				{ version?: string; hasInstallScript?: boolean; dependencies?: Record<string, string> }
			>;
		};
		const seen = new Set<string>();
		const visit = (name: string) => {
			const entry = lock.packages[`node_modules/${name}`];
			if (!entry || seen.has(name)) return;
			seen.add(name);
			expect({ name, hasInstallScript: entry.hasInstallScript ?? false }).toEqual({
				name,
				hasInstallScript: false,
			});
			for (const dependency of Object.keys(entry.dependencies ?? {})) visit(dependency);
		};
		for (const name of Object.keys(pkg.dependencies ?? {})) visit(name);
		expect(seen.has('pg')).toBe(true);
		expect(seen.size).toBeLessThan(20);
	});

	it.each(pkg.n8n.nodes.map((file) => [file]))(
		'node %s exists after build, with its icon and codex file',
		(file) => {
			expect(existsSync(path.join(ROOT, file))).toBe(true);
			const NodeClass = loadClass(file);
			const description = new NodeClass().description as { name: string; icon?: IconValue };
			const dir = path.dirname(file);
			const icons = iconFiles(description.icon);
			expect(icons.length).toBeGreaterThan(0);
			for (const icon of icons) {
				expect(existsSync(path.join(ROOT, dir, icon))).toBe(true);
				expect(packedFiles).toContain(path.posix.join(dir, icon));
			}
			const codexFile = file.replace(/\.js$/, '.json');
			expect(packedFiles).toContain(codexFile);
			const codex = JSON.parse(readFileSync(path.join(ROOT, codexFile), 'utf8')) as {
				node: string;
			};
			expect(codex.node).toBe(`${pkg.name}.${description.name}`);
		},
	);

	it.each(pkg.n8n.credentials.map((file) => [file]))(
		'credential %s exists after build, with its icon',
		(file) => {
			expect(existsSync(path.join(ROOT, file))).toBe(true);
			const CredentialClass = loadClass(file);
			const credential = new CredentialClass() as { name: string; icon?: IconValue };
			const icons = iconFiles(credential.icon);
			expect(icons.length).toBeGreaterThan(0);
			for (const icon of icons) {
				expect(existsSync(path.join(ROOT, path.dirname(file), icon))).toBe(true);
				expect(packedFiles).toContain(path.posix.join(path.dirname(file), icon));
			}
		},
	);

	it('has every node and credential under nodes/ and credentials/ registered', () => {
		const registered = new Set([...pkg.n8n.nodes, ...pkg.n8n.credentials]);
		const sources = execFileSync(
			'git',
			['ls-files', '--cached', '--others', '--exclude-standard', 'nodes', 'credentials'],
			{ cwd: ROOT, encoding: 'utf8' },
		)
			.split('\n')
			.filter((file) => /\.(node|credentials)\.ts$/.test(file));
		for (const source of sources)
			expect(registered).toContain(`dist/${source.replace(/\.ts$/, '.js')}`);
	});
});

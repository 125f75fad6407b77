/**
 * The package's shape, checked on the sources: layers point down, and provider knowledge lives
 * in its provider's folder, its credential and the registry, nowhere else.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const NODES = path.join(ROOT, 'nodes');

function sourceFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const full = path.join(dir, name);
		if (statSync(full).isDirectory()) return sourceFiles(full);
		return name.endsWith('.ts') ? [full] : [];
	});
}

const importsOf = (file: string) =>
	[...readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)].map((match) => match[1]);
const relative = (file: string) => path.relative(ROOT, file);

/** Code without comments and without the editor's help texts (description strings may name providers). */
function codeOf(file: string): string {
	return readFileSync(file, 'utf8')
		.replace(/\/\*[\s\S]*?\*\//g, '')
		.replace(/\/\/.*$/gm, '')
		.replace(
			/(description|displayName|placeholder|name|action|hint):\s*(['"`])(?:\\.|(?!\2).)*\2/g,
			'$1: ""',
		);
}

describe('layers point down', () => {
	it.each(['shared', 'validation', 'ledger'])(
		'nodes/CryptoPayout/%s imports nothing from providers/ or actions/',
		(layer) => {
			const offenders = sourceFiles(path.join(NODES, 'CryptoPayout', layer)).flatMap((file) =>
				importsOf(file)
					.filter((target) =>
						/(^|\/)(providers|actions)(\/|$)/.test(
							path.resolve(path.dirname(file), target).replace(NODES, ''),
						),
					)
					.map((target) => `${relative(file)} → ${target}`),
			);
			expect(offenders).toEqual([]);
		},
	);

	it('credentials import only the Cregis signing leaf, the base-URL check and the ledger fields from the node', () => {
		const imports = sourceFiles(path.join(ROOT, 'credentials')).flatMap((file) =>
			importsOf(file).filter((target) => target.startsWith('.')),
		);
		for (const target of imports)
			expect(target).toMatch(
				/providers\/cregis\/(sign|request)$|shared\/(base-url|ledger-fields)$/,
			);
	});
});

describe('the ledger driver', () => {
	it('only ledger/postgres.ts imports pg, and only ledger/index.ts imports it (credentials never load the driver)', () => {
		const files = [...sourceFiles(NODES), ...sourceFiles(path.join(ROOT, 'credentials'))];
		const importersOf = (pattern: RegExp) =>
			files.filter((file) => importsOf(file).some((target) => pattern.test(target))).map(relative);
		expect(importersOf(/^pg(\/|$)/)).toEqual(['nodes/CryptoPayout/ledger/postgres.ts']);
		expect(importersOf(/(^|\/)postgres$/)).toEqual(['nodes/CryptoPayout/ledger/index.ts']);
	});
});

describe('provider knowledge stays behind the seam', () => {
	// Every provider folder's name and every credential type name, so a new provider is policed too.
	const PROVIDERS_DIR = path.join(NODES, 'CryptoPayout', 'providers');
	const providerIds = readdirSync(PROVIDERS_DIR).filter((name) =>
		statSync(path.join(PROVIDERS_DIR, name)).isDirectory(),
	);
	const credentialTypes = sourceFiles(path.join(ROOT, 'credentials')).flatMap((file) =>
		[...readFileSync(file, 'utf8').matchAll(/^\s*name = '([^']+)'/gm)].map((match) => match[1]),
	);
	const PROVIDER_NAMES = new RegExp(
		`['"\`](${[...providerIds, ...credentialTypes].join('|')})['"\`]`,
	);
	const allowed = (file: string) =>
		new RegExp(
			`nodes/CryptoPayout/providers/(${providerIds.join('|')})/|nodes/CryptoPayout/providers/registry\\.ts$`,
		).test(file);

	it('knows the providers and credentials it polices', () => {
		expect(providerIds).toEqual(expect.arrayContaining(['oxapay', 'cregis']));
		expect(credentialTypes).toEqual(expect.arrayContaining(['oxaPayApi', 'cregisApi']));
	});

	it('no code outside providers/<name>/ and the registry names a provider id or credential type', () => {
		const offenders = sourceFiles(NODES)
			.filter((file) => !allowed(file))
			.flatMap((file) =>
				codeOf(file)
					.split('\n')
					.filter((line) => PROVIDER_NAMES.test(line))
					.map((line) => `${relative(file)}: ${line.trim()}`),
			);
		expect(offenders).toEqual([]);
	});
});

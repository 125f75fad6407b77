/**
 * n8n's community-node lint, as `n8n-node lint` (@n8n/node-cli) and the verification scanner
 * (@n8n/scan-community-package) apply it to the shippable sources: nodes/, credentials/ and
 * package.json. Run it with `npm run lint` (e2e/lint.sh), which also installs
 * eslint-plugin-n8n-nodes-base into .cache/lint-tools: every release of that plugin has a
 * `preinstall: npx only-allow pnpm` that breaks a plain `npm install`, so it is not a root
 * devDependency (see e2e/LINT-NOTES.md).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import tsParser from '@typescript-eslint/parser';
import { defineConfig, globalIgnores } from 'eslint/config';

const root = path.dirname(fileURLToPath(import.meta.url));
const toolsDir = process.env.N8N_LINT_TOOLS ?? path.join(root, '.cache', 'lint-tools');

function loadNodesBasePlugin() {
	try {
		return createRequire(path.join(toolsDir, 'package.json'))('eslint-plugin-n8n-nodes-base');
	} catch (error) {
		throw new Error(
			`eslint-plugin-n8n-nodes-base is not installed in ${toolsDir}: run \`npm run lint\` (e2e/lint.sh installs it). ${error.message}`,
		);
	}
}
const nodesBase = loadNodesBasePlugin();

/**
 * The payout ledger's one exception (issue 16): `pg` is the package's single runtime dependency,
 * imported by nodes/CryptoPayout/ledger/postgres.ts alone. n8n's rules forbid any runtime
 * dependency and any import but n8n-workflow; these two rules keep them for everything else:
 * package.json may list `pg` and nothing more, and only that file may import it.
 */
const LEDGER_DRIVER = 'pg';
const LEDGER_MODULE = 'nodes/CryptoPayout/ledger/postgres.ts';
const ledgerException = {
	rules: {
		'only-ledger-runtime-dependency': {
			meta: {
				type: 'problem',
				messages: {
					other: `Only "${LEDGER_DRIVER}" (the payout ledger's driver) may be a runtime dependency; "{{name}}" may not.`,
				},
				schema: [],
			},
			create(context) {
				return {
					ObjectExpression(node) {
						if (node.parent?.type !== 'ExpressionStatement') return;
						const dependencies = node.properties.find(
							(property) => property.type === 'Property' && property.key.value === 'dependencies',
						);
						if (dependencies?.value.type !== 'ObjectExpression') return;
						for (const entry of dependencies.value.properties) {
							const name = entry.type === 'Property' ? entry.key.value : undefined;
							if (name !== LEDGER_DRIVER)
								context.report({ node: entry, messageId: 'other', data: { name } });
						}
					},
				};
			},
		},
	},
};

export default defineConfig(
	globalIgnores(['dist/**', '.build/**', '.cache/**', 'node_modules/**', 'coverage/**']),
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		extends: [n8nCommunityNodesPlugin.configs.recommended],
		languageOptions: { parser: tsParser },
		rules: { 'no-console': 'error' },
	},
	{ plugins: { 'n8n-nodes-base': nodesBase } },
	{
		files: ['package.json'],
		extends: [n8nCommunityNodesPlugin.configs.recommended],
		languageOptions: { parser: tsParser, parserOptions: { extraFileExtensions: ['.json'] } },
		plugins: { 'ledger-exception': ledgerException },
		rules: {
			...nodesBase.configs.community.rules,
			// Replaced by its narrower twin: `pg` and nothing else (see ledgerException above).
			'@n8n/community-nodes/no-runtime-dependencies': 'off',
			'ledger-exception/only-ledger-runtime-dependency': 'error',
		},
	},
	{
		files: ['credentials/**/*.ts'],
		rules: {
			...nodesBase.configs.credentials.rules,
			// Not valid for community nodes (same overrides as n8n-node lint and the scanner).
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			// @n8n/eslint-plugin-community-nodes credential-password-field is the more accurate rule.
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		rules: {
			...nodesBase.configs.nodes.rules,
			// Inputs and outputs are the NodeConnectionTypes enum, not the string "main".
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			// A provider's own limits (timeouts, windows) are real maxima.
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},
	{
		// The ledger's driver import (see ledgerException above). n8n's import rule is off for this
		// one file only; ESLint's own rule takes its place and allows what it allowed plus `pg`.
		files: [LEDGER_MODULE],
		rules: {
			'@n8n/community-nodes/no-restricted-imports': 'off',
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							regex: `^(?!(${LEDGER_DRIVER}|n8n-workflow|crypto|node:crypto)$)[^.]`,
							message: `The ledger module may import only ${LEDGER_DRIVER}, n8n-workflow, crypto and relative modules.`,
						},
					],
				},
			],
		},
	},
);

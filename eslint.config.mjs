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
		rules: { ...nodesBase.configs.community.rules },
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
);

/**
 * A throw-away copy of the BUILT package (dist/ + package.json, node_modules linked to the same
 * installed dependencies). Loaded from its own directory it gets its own module state, as a
 * second n8n process (a queue-mode worker) would, while sharing the harness's processed-data store.
 */
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { REPO_ROOT } from './n8n';

export interface PackageCopy {
	/** The copy's root: pass it as `packageDir` to the harness. */
	dir: string;
	remove(): void;
}

export function copyBuiltPackage(prefix = 'crypto-payout-copy-'): PackageCopy {
	if (!existsSync(path.join(REPO_ROOT, 'dist')))
		throw new Error('dist/ is missing: run `npm run build` first');
	const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
	cpSync(path.join(REPO_ROOT, 'dist'), path.join(dir, 'dist'), { recursive: true });
	cpSync(path.join(REPO_ROOT, 'package.json'), path.join(dir, 'package.json'));
	symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
	return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

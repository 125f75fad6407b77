/** What was measured, for the report: which code was packed, and on which machine. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { REPO_ROOT } from '../common';
import { CODE_LABEL, PACKAGE_DIR } from './config';

/** Which code was packed: the package dir, and its git commit and state when it is a checkout (read-only git). */
export function measuredCode() {
	const git = (...args: string[]) =>
		execFileSync('git', args, {
			cwd: PACKAGE_DIR,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'ignore'],
			timeout: 10_000,
		}).trim();
	let commit = 'unknown (not a git checkout)';
	let uncommitted: boolean | null = null;
	try {
		if (path.resolve(git('rev-parse', '--show-toplevel')) === PACKAGE_DIR) {
			commit = git('rev-parse', 'HEAD');
			uncommitted = git('status', '--porcelain', '--', 'nodes', 'credentials') !== '';
		}
	} catch {
		/* not a checkout */
	}
	return {
		packageDir: PACKAGE_DIR === REPO_ROOT ? '.' : path.relative(REPO_ROOT, PACKAGE_DIR),
		commit,
		uncommittedChangesInNodesOrCredentials: uncommitted,
		label: CODE_LABEL ?? null,
	};
}

export function machineInfo() {
	let cpuinfo = '';
	try {
		cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
	} catch {
		/* not Linux */
	}
	return {
		cpuModel:
			/^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown',
		cores: os.availableParallelism(),
		node: process.version,
		os: `${os.type()} ${os.release()} ${os.arch()}`,
		totalMemoryMB: Math.round(os.totalmem() / (1024 * 1024)),
		loadAverage1m: { start: Math.round(os.loadavg()[0] * 100) / 100, end: NaN },
		otherProcessesCpuShare: NaN,
	};
}

export type MeasuredCode = ReturnType<typeof measuredCode>;
export type MachineInfo = ReturnType<typeof machineInfo>;

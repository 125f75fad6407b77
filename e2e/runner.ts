/**
 * What the three e2e runners (basic/, concurrency/, editor/) share: their arguments,
 * PASS/FAIL/PENDING reporting and the closing summary. Starting and reading n8n is the kit's (kit/).
 *
 *   node <build>/e2e/<runner>/main.js --version 2.41.1 --tarball <tgz> [--summary-file F] [--keep]
 *        [--sandbox-cli <sandbox/cli.js>]
 */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { installN8n, stopEverything, stopEverythingOnExit, type N8nInstall } from './kit';

export class CheckFailure extends Error {}

/** Fails the current check with `message` unless `condition` holds. */
export function expect(condition: unknown, message: string): asserts condition {
	if (!condition) throw new CheckFailure(message);
}

export interface RunnerArgs {
	version: string;
	tarball: string;
	sandboxCli?: string;
	summaryFile?: string;
	keep: boolean;
}

/** `--flag value` pairs (`--keep` takes none). Exits 2 when --version or --tarball is missing. */
export function parseRunnerArgs(runner: string): RunnerArgs {
	const values: Record<string, string> = {};
	let keep = false;
	for (let i = 2; i < process.argv.length; i++) {
		const flag = process.argv[i];
		if (!flag.startsWith('--')) throw new Error(`Unexpected argument ${flag}`);
		if (flag === '--keep') keep = true;
		else values[flag.slice(2)] = process.argv[++i];
	}
	if (!values.version || !values.tarball) {
		console.error(
			`Usage: node ${runner} --version V --tarball TGZ [--sandbox-cli FILE] [--summary-file FILE] [--keep]`,
		);
		process.exit(2);
	}
	return {
		version: values.version,
		tarball: path.resolve(values.tarball),
		sandboxCli: values['sandbox-cli'],
		summaryFile: values['summary-file'],
		keep,
	};
}

export type State = 'PASS' | 'FAIL' | 'PENDING';
/** What a check returns: its PASS detail, or `{ pending }` to report PENDING. */
export type CheckResult = string | { pending: string } | void;

export interface Reporter {
	report(state: State, check: string, detail?: string): void;
	/** Runs one check; its return value is the PASS detail, `{pending}` reports PENDING, a throw FAIL. */
	check(name: string, fn: () => Promise<CheckResult>): Promise<boolean>;
	count(state: State): number;
}

/** Prints `STATE <tag> check: detail` lines and counts them. */
export function createReporter(tag: string): Reporter {
	const results: State[] = [];
	function report(state: State, check: string, detail?: string) {
		results.push(state);
		console.log(`${state} ${tag} ${check}${detail ? `: ${detail}` : ''}`);
	}
	async function check(name: string, fn: () => Promise<CheckResult>): Promise<boolean> {
		const started = Date.now();
		const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
		try {
			const detail = await fn();
			if (detail && typeof detail === 'object') report('PENDING', name, detail.pending);
			else report('PASS', name, `${detail ?? 'ok'} (${seconds()} s)`);
			return true;
		} catch (error) {
			const message =
				error instanceof CheckFailure
					? error.message
					: error instanceof Error
						? (error.stack ?? error.message)
						: String(error);
			report('FAIL', name, `${message} (${seconds()} s)`);
			return false;
		}
	}
	const count = (state: State) => results.filter((result) => result === state).length;
	return { report, check, count };
}

/**
 * A runner's life: stops every process on exit or a signal, installs (reuses) n8n `version`, runs
 * `body`, prints `<label>: N passed, N failed, N pending (T s)`, writes the summary file, keeps the
 * work folder when asked or when a check failed, and sets the exit code.
 */
export async function runRunner(
	options: {
		args: RunnerArgs;
		reporter: Reporter;
		label: string;
		tag: string;
		/** What the summary file carries besides the counts. */
		extra?: () => Record<string, unknown>;
	},
	body: (install: N8nInstall) => Promise<{ work: string; kept: string }>,
): Promise<void> {
	const { args, reporter, label, tag } = options;
	stopEverythingOnExit();
	const t0 = Date.now();
	try {
		const install = await installN8n(args.version);
		const { work, kept } = await body(install);
		const { count } = reporter;
		console.log(
			`${label}: ${count('PASS')} passed, ${count('FAIL')} failed, ${count('PENDING')} pending (${((Date.now() - t0) / 1000).toFixed(0)} s)`,
		);
		if (args.summaryFile) {
			writeFileSync(
				args.summaryFile,
				JSON.stringify({
					version: args.version,
					passed: count('PASS'),
					failed: count('FAIL'),
					pending: count('PENDING'),
					...options.extra?.(),
				}),
			);
		}
		if (args.keep || count('FAIL') > 0) console.log(`› ${tag} ${kept} ${work}`);
		else rmSync(work, { recursive: true, force: true });
		process.exitCode = count('FAIL') > 0 ? 1 : 0;
	} catch (error) {
		console.error(`FAIL ${tag} ${label}: ${error instanceof Error ? error.stack : String(error)}`);
		stopEverything();
		process.exit(1);
	}
}

/**
 * One browser session on the editor, and what it judges: page errors and failed dropdown /
 * credential-test requests, attributed to the step they happened in. Each step is a check bounded
 * in time with a screenshot at its end.
 */
import path from 'node:path';
import type { Page, Request } from 'playwright-core';

import { REPO_ROOT, sleep, type SandboxGateway } from '../kit';
import { CheckFailure, type Reporter } from '../runner';

/** A watched request: dropdown options (`/rest/dynamic-node-parameters/*`) or a credential test. */
export interface LoggedRequest {
	step: string;
	method: string;
	path: string;
	/** The loadOptions method a dynamic-node-parameters request asks for. */
	loadOptions: string;
	status: number | 'failed' | undefined;
	ms: number | undefined;
	failure?: string;
}

/** Something the page did wrong: `category` says which check judges it ('options', 'credential', 'page'). */
interface Problem {
	step: string;
	category: 'options' | 'credential' | 'page';
	kind: string;
	text: string;
	judged?: boolean;
}

const STEP_MS = Number(process.env.E2E_EDITOR_STEP_MS ?? 90_000);

function methodNameOf(request: Request): string {
	try {
		return (JSON.parse(request.postData() ?? '{}') as { methodName?: string }).methodName ?? '';
	} catch {
		return '';
	}
}

const watched = (url: string) => {
	const { pathname } = new URL(url);
	return (
		pathname.startsWith('/rest/dynamic-node-parameters/') || pathname === '/rest/credentials/test'
	);
};

export class EditorSession {
	currentStep = 'start';
	readonly requestLog: LoggedRequest[] = [];
	private readonly problems: Problem[] = [];
	private shotIndex = 0;

	constructor(
		readonly page: Page,
		/** The editor's URL, http://127.0.0.1:PORT. */
		readonly base: string,
		readonly sandbox: SandboxGateway,
		private readonly reporter: Reporter,
		private readonly shots: string,
	) {
		this.watch();
	}

	/** The watched requests of a step (default: the current one), for a check's detail. */
	requestsDuring(step = this.currentStep): string {
		const list = this.requestLog.filter((entry) => entry.step === step);
		if (list.length === 0) return 'no dropdown request';
		return list
			.map(
				(entry) =>
					`${entry.path.replace('/rest/', '')}${entry.loadOptions ? ` ${entry.loadOptions}` : ''} → ${entry.status}${entry.failure ? ` ${entry.failure}` : ''} (${entry.ms} ms)`,
			)
			.join(', ');
	}

	/** Waits for a watched request (logged after index `from`) that `match`es. */
	async waitForRequest(match: (entry: LoggedRequest) => boolean, from: number, timeoutMs: number) {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			const found = this.requestLog.slice(from).find(match);
			if (found) return found;
			await sleep(200);
		}
		throw new CheckFailure(`no matching request within ${timeoutMs / 1000} s`);
	}

	/** A check that cannot run because one it needs failed: PENDING (that one is the FAIL). */
	skip(name: string, reason: string): void {
		this.reporter.report('PENDING', name, `not run: ${reason}`);
	}

	/**
	 * A check bounded in time, with a screenshot of the page at its end (pass or fail). It fails on
	 * the problems (page errors, failed requests) not judged yet, except those of the categories in
	 * `handOn` (e.g. 'options': the dropdown requests an opening NDV makes), which the next check judges.
	 */
	async check(
		name: string,
		fn: () => Promise<string>,
		{ timeoutMs = STEP_MS, handOn = [] as Problem['category'][] } = {},
	): Promise<boolean> {
		this.currentStep = name;
		let timer: NodeJS.Timeout | undefined;
		const ok = await this.reporter.check(name, async () => {
			let detail: string | undefined;
			let failure: string | undefined;
			try {
				detail = await Promise.race([
					fn(),
					new Promise<never>((_, reject) => {
						timer = setTimeout(
							() => reject(new CheckFailure(`step did not finish within ${timeoutMs / 1000} s`)),
							timeoutMs,
						);
					}),
				]);
			} catch (error) {
				// Playwright's errors carry a long call log: its first lines say enough.
				failure =
					error instanceof CheckFailure
						? error.message
						: String(error instanceof Error ? error.message : error)
								.split('\n')
								.filter((line) => line.trim())
								.slice(0, 3)
								.join(' / ');
			} finally {
				clearTimeout(timer);
			}
			// Late responses of this step: a moment to arrive.
			await sleep(300);
			const during = this.problems.filter(
				(problem) => !problem.judged && !handOn.includes(problem.category),
			);
			for (const problem of during) problem.judged = true;
			const seen = during.map((problem) => `${problem.kind}: ${problem.text}`).join(' | ');
			if (failure) throw new CheckFailure(seen ? `${failure} | ${seen}` : failure);
			if (seen) throw new CheckFailure(`${seen}${detail ? ` (otherwise: ${detail})` : ''}`);
			return detail;
		});
		const file = path.join(
			this.shots,
			`${String(++this.shotIndex).padStart(2, '0')}-${name
				.replace(/[^a-z0-9]+/gi, '-')
				.replace(/^-|-$/g, '')
				.slice(0, 70)}.png`,
		);
		await this.page.screenshot({ path: file, timeout: 10_000 }).catch(() => {});
		if (!ok) console.log(`  screenshot ${path.relative(REPO_ROOT, file)}`);
		return ok;
	}

	/** Page errors after the last step (step 'end'). */
	strayProblems(): string[] {
		return this.problems.filter((problem) => problem.step === 'end').map((problem) => problem.text);
	}

	private watch(): void {
		const started = new Map<Request, { step: string; at: number }>();
		const { page } = this;
		page.on('request', (request) => {
			if (watched(request.url())) started.set(request, { step: this.currentStep, at: Date.now() });
		});
		page.on('requestfailed', (request) => {
			if (!watched(request.url())) return;
			const begun = started.get(request);
			const entry: LoggedRequest = {
				step: begun?.step ?? this.currentStep,
				method: request.method(),
				path: new URL(request.url()).pathname,
				loadOptions: methodNameOf(request),
				status: 'failed',
				ms: begun ? Date.now() - begun.at : undefined,
				failure: request.failure()?.errorText,
			};
			this.requestLog.push(entry);
			// The editor cancels a dropdown request it no longer needs; that is not the package's failure.
			if (!/ERR_ABORTED|cancel/i.test(entry.failure ?? ''))
				this.problems.push({
					step: this.currentStep,
					category: 'options',
					kind: `${entry.method} ${entry.path} failed`,
					text: entry.failure ?? '',
				});
		});
		page.on('requestfinished', async (request) => {
			if (!watched(request.url())) return;
			const begun = started.get(request);
			const response = await request.response().catch(() => null);
			this.requestLog.push({
				step: begun?.step ?? this.currentStep,
				method: request.method(),
				path: new URL(request.url()).pathname,
				loadOptions: methodNameOf(request),
				status: response?.status(),
				ms: begun ? Date.now() - begun.at : undefined,
			});
		});
		page.on('pageerror', (error) =>
			this.problems.push({
				step: this.currentStep,
				category: 'page',
				kind: 'page error',
				text: String(error?.message ?? error).split('\n')[0],
			}),
		);
		page.on('response', async (response) => {
			const url = new URL(response.url());
			const isOptions = url.pathname.startsWith('/rest/dynamic-node-parameters/');
			const isCredentialTest = url.pathname === '/rest/credentials/test';
			if (!isOptions && !isCredentialTest) return;
			let body = '';
			try {
				body = await response.text();
			} catch {
				/* gone with the page */
			}
			if (response.status() >= 400) {
				let message = body;
				try {
					message = (JSON.parse(body) as { message?: string }).message ?? body;
				} catch {
					/* not JSON */
				}
				this.problems.push({
					step: this.currentStep,
					category: isOptions ? 'options' : 'credential',
					kind: `${response.request().method()} ${url.pathname} ${response.status()}`,
					text: String(message).slice(0, 300),
				});
			} else if (isCredentialTest) {
				try {
					const data = (JSON.parse(body) as { data?: { status?: string; message?: string } }).data;
					if (data?.status !== 'OK')
						this.problems.push({
							step: this.currentStep,
							category: 'credential',
							kind: 'credential test',
							text: `${data?.status}: ${data?.message}`,
						});
				} catch {
					/* not JSON */
				}
			}
		});
	}
}

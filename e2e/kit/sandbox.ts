/**
 * The sandbox gateway (compiled sandbox/cli.js) as a process beside n8n, driven over its
 * /_sandbox control endpoints, and the credentials that point n8n at it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

import {
	SANDBOX_CREGIS,
	SANDBOX_OXAPAY_KEY,
	type Fault,
	type LedgerEntry,
	type RecordedRequest,
} from '../../sandbox';
import { REPO_ROOT } from './install';
import {
	http,
	sleep,
	startBackground,
	stopBackground,
	type Background,
	type HttpReply,
} from './processes';

export type { Fault, LedgerEntry, RecordedRequest };

/** Which provider requests a queued fault applies to (the control API's form: a path or a pattern). */
export interface FaultTarget {
	provider?: 'oxapay' | 'cregis';
	method?: string;
	path?: string;
	pathRegex?: string;
}

/** Where n8n's credentials point: the gateway's base URLs (GET /_sandbox). */
export interface SandboxUrls {
	oxapayBaseUrl: string;
	cregisBaseUrl: string;
}

export interface CredentialJson {
	id: string;
	name: string;
	type: string;
	data: Record<string, string>;
}

export interface CredentialRef {
	id: string;
	name: string;
}

/** The ids and names the e2e and the playground give the two sandbox credentials. */
export const SANDBOX_CREDENTIALS = {
	oxapay: { id: 'cpxOxaPaySandbox', name: 'OxaPay (sandbox)' },
	cregis: { id: 'cpxCregisSandbox', name: 'Cregis (sandbox)' },
} as const;

/** The two sandbox credentials, as `n8n import:credentials` takes them. */
export function sandboxCredentials(
	urls: SandboxUrls,
	refs: { oxapay: CredentialRef; cregis: CredentialRef } = SANDBOX_CREDENTIALS,
): CredentialJson[] {
	return [
		{
			...refs.oxapay,
			type: 'oxaPayApi',
			data: { apiKey: SANDBOX_OXAPAY_KEY, baseUrl: urls.oxapayBaseUrl },
		},
		{
			...refs.cregis,
			type: 'cregisApi',
			data: {
				baseUrl: urls.cregisBaseUrl,
				projectId: SANDBOX_CREGIS.pid,
				apiKey: SANDBOX_CREGIS.apiKey,
			},
		},
	];
}

/** The sandbox/cli.js compiled next to this kit (same outDir), else the repository's .build/. */
function defaultCli(): string {
	const sibling = path.resolve(__dirname, '..', '..', 'sandbox', 'cli.js');
	return existsSync(sibling) ? sibling : path.join(REPO_ROOT, '.build', 'sandbox', 'cli.js');
}

export class SandboxGateway {
	private constructor(
		private readonly process: Background,
		/** Its base URL, http://127.0.0.1:PORT. */
		readonly url: string,
	) {}

	/**
	 * Starts the gateway on a loopback port (0: a free one). `oxapayKeys` and `cregisProjects`: more
	 * accounts it accepts besides the default ones (SANDBOX_OXAPAY_KEY, SANDBOX_CREGIS).
	 */
	static async start(
		options: {
			cli?: string;
			logFile?: string;
			latencyMs?: number;
			port?: number;
			oxapayKeys?: string[];
			cregisProjects?: { pid: string; apiKey: string }[];
		} = {},
	): Promise<SandboxGateway> {
		const file = path.resolve(options.cli ?? defaultCli());
		if (!existsSync(file)) throw new Error(`${file} is missing: run npm run build:dev first`);
		const argv = [file, '--port', String(options.port ?? 0)];
		if (options.latencyMs) argv.push('--latency', String(options.latencyMs));
		for (const key of options.oxapayKeys ?? []) argv.push('--oxapay-key', key);
		for (const project of options.cregisProjects ?? [])
			argv.push('--cregis-project', `${project.pid}:${project.apiKey}`);
		const state = startBackground(process.execPath, argv, {
			cwd: REPO_ROOT,
			env: { ...process.env },
			logFile: options.logFile,
		});
		const deadline = Date.now() + 30_000;
		while (Date.now() < deadline) {
			const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(state.output);
			if (match) return new SandboxGateway(state, match[1]);
			if (state.exited) break;
			await sleep(100);
		}
		await stopBackground(state, 5_000);
		throw new Error(`sandbox did not start:\n${state.output}`);
	}

	async urls(): Promise<SandboxUrls> {
		return (await http('GET', `${this.url}/_sandbox`)).json as SandboxUrls;
	}

	async credentials(refs?: { oxapay: CredentialRef; cregis: CredentialRef }) {
		return sandboxCredentials(await this.urls(), refs);
	}

	async ledger(): Promise<LedgerEntry[]> {
		return (await http('GET', `${this.url}/_sandbox/ledger`)).json as LedgerEntry[];
	}

	async requests(): Promise<RecordedRequest[]> {
		return (await http('GET', `${this.url}/_sandbox/requests`, { timeoutMs: 30_000 }))
			.json as RecordedRequest[];
	}

	async reset(): Promise<void> {
		const reply = await http('POST', `${this.url}/_sandbox/reset`, { body: {} });
		if (reply.status !== 200) throw new Error(`sandbox reset failed: ${reply.status}`);
	}

	async setLatency(ms: number): Promise<void> {
		const reply = await http('POST', `${this.url}/_sandbox/latency`, { body: { ms } });
		if (reply.status !== 200 || (reply.json as { latencyMs?: number })?.latencyMs !== ms)
			throw new Error(`sandbox latency ${ms} ms: ${reply.status} ${reply.text}`);
	}

	/** Queues `fault` for the next `times` provider requests matching `match` (POST /_sandbox/faults). */
	async injectFault(match: FaultTarget, fault: Fault, times = 1): Promise<void> {
		const reply = await http('POST', `${this.url}/_sandbox/faults`, {
			body: { match, fault, times },
		});
		if (reply.status !== 200) throw new Error(`sandbox fault: ${reply.status} ${reply.text}`);
	}

	async clearFaults(): Promise<void> {
		const reply = await http('DELETE', `${this.url}/_sandbox/faults`);
		if (reply.status !== 200) throw new Error(`sandbox clear faults: ${reply.status}`);
	}

	/** Moves a payout to a provider status (what the provider would report next). */
	async setStatus(payoutId: string, status: string | number, txHash?: string): Promise<HttpReply> {
		return await http('POST', `${this.url}/_sandbox/payouts/${payoutId}/status`, {
			body: { status, txHash },
		});
	}

	/** Delivers the payout's callback, signed as its provider signs it: {status, body, accepted}. */
	async deliverCallback(payoutId: string): Promise<HttpReply> {
		return await http('POST', `${this.url}/_sandbox/payouts/${payoutId}/callback`, { body: {} });
	}

	async stop(timeoutMs = 5_000): Promise<void> {
		await stopBackground(this.process, timeoutMs);
	}
}

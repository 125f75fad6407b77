/**
 * The sandbox HTTP server: routes `/oxapay/v1/*`, `/cregis/*` and `/_sandbox/*`, records requests,
 * applies queued faults and latency. The hot path is synchronous apart from reading the body: no
 * file I/O, no per-request logging, one small object per recorded request.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';
import { buildCallback, sendCallback } from './callbacks';
import { handleControl } from './control';
import { handleCregis, cregisReply } from './cregis';
import { FaultQueue } from './faults';
import {
	htmlErrorPage,
	jsonReply,
	parseQuery,
	plainAddress,
	type ProviderRequest,
	type Reply,
} from './http';
import { Ledger } from './ledger';
import { handleOxapay, oxapayError } from './oxapay';
import { NonceMemory, type SandboxState } from './state';
import type {
	CallbackResult,
	Fault,
	FaultMatch,
	LedgerEntry,
	RecordedRequest,
	Sandbox,
} from './types';

type Provider = 'oxapay' | 'cregis';
type Outcome = Reply | 'drop';

const OXAPAY_PREFIX = '/oxapay/v1';
const CREGIS_PREFIX = '/cregis';
const CONTROL_PREFIX = '/_sandbox';
const MAX_BODY_BYTES = 1024 * 1024;

export interface SandboxConfig {
	oxapayKeys: string[];
	cregisProjects: { pid: string; apiKey: string }[];
	cidStart: bigint;
	trackIdStart: number;
	latencyMs: number;
	recordRequests: boolean;
	cregisTimestampWindowMs: number;
	cregisNonceWindowMs: number;
}

export class SandboxServer implements Sandbox {
	url = '';
	oxapayBaseUrl = '';
	cregisBaseUrl = '';
	requests: RecordedRequest[] = [];

	private readonly server: http.Server;
	private readonly state: SandboxState;
	private readonly faults = new FaultQueue();
	private readonly timers = new Set<NodeJS.Timeout>();
	private latencyMs: number;
	private readonly recordRequests: boolean;

	constructor(readonly config: SandboxConfig) {
		this.latencyMs = config.latencyMs;
		this.recordRequests = config.recordRequests;
		this.state = {
			ledger: new Ledger(config.trackIdStart, config.cidStart),
			oxapayKeys: new Set(config.oxapayKeys),
			cregisProjects: new Map(
				config.cregisProjects.map((project) => [project.pid, project.apiKey]),
			),
			cregisTimestampWindowMs: config.cregisTimestampWindowMs,
			nonces: new NonceMemory(config.cregisNonceWindowMs),
		};
		this.server = http.createServer((req, res) => {
			this.onRequest(req, res).catch((error: unknown) => this.internalError(res, error));
		});
		// Benchmarks open many keep-alive connections; don't let idle ones pile up for long.
		this.server.keepAliveTimeout = 5_000;
	}

	listen(port: number, host: string): Promise<void> {
		return new Promise((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(port, host, () => {
				this.server.off('error', reject);
				const address = this.server.address() as AddressInfo;
				const hostPart =
					address.family === 'IPv6' || address.address.includes(':')
						? `[${address.address}]`
						: address.address;
				this.url = `http://${hostPart}:${address.port}`;
				this.oxapayBaseUrl = `${this.url}${OXAPAY_PREFIX}`;
				this.cregisBaseUrl = `${this.url}${CREGIS_PREFIX}`;
				resolve();
			});
		});
	}

	ledger(): LedgerEntry[] {
		return this.state.ledger.entries();
	}

	injectFault(match: FaultMatch, fault: Fault, times = 1): void {
		this.faults.add(match, fault, times);
	}

	clearFaults(): void {
		this.faults.clear();
	}

	setLatency(ms: number): void {
		if (!(Number.isFinite(ms) && ms >= 0))
			throw new Error('latency must be a non-negative number of ms');
		this.latencyMs = ms;
	}

	getLatency(): number {
		return this.latencyMs;
	}

	setPayoutStatus(id: string, status: string | number, extra?: { txHash?: string }): void {
		this.state.ledger.setStatus(String(id), status, extra?.txHash);
	}

	/** The ledger entry for one id, or undefined. */
	payout(id: string): LedgerEntry | undefined {
		try {
			return { ...this.state.ledger.find(id).entry };
		} catch {
			return undefined;
		}
	}

	deliverCallback(id: string): Promise<CallbackResult> {
		try {
			return sendCallback(
				buildCallback(this.state.ledger.find(String(id)), this.state.cregisProjects),
			);
		} catch (error) {
			return Promise.reject(error);
		}
	}

	reset(): void {
		this.state.ledger.clear();
		this.state.nonces.clear();
		this.requests.length = 0;
		this.faults.clear();
	}

	close(): Promise<void> {
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
		return new Promise((resolve) => {
			this.server.close(() => resolve());
			this.server.closeAllConnections();
		});
	}

	private sleep(ms: number): Promise<void> {
		return new Promise((resolve) => {
			const timer = setTimeout(() => {
				this.timers.delete(timer);
				resolve();
			}, ms);
			this.timers.add(timer);
		});
	}

	private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		const url = req.url ?? '/';
		const q = url.indexOf('?');
		const pathname = q < 0 ? url : url.slice(0, q);
		const search = q < 0 ? '' : url.slice(q + 1);
		const method = req.method ?? 'GET';

		let provider: Provider | 'control';
		let path: string;
		if (pathname === OXAPAY_PREFIX || pathname.startsWith(`${OXAPAY_PREFIX}/`)) {
			provider = 'oxapay';
			path = pathname.slice(OXAPAY_PREFIX.length) || '/';
		} else if (pathname === CREGIS_PREFIX || pathname.startsWith(`${CREGIS_PREFIX}/`)) {
			provider = 'cregis';
			path = pathname.slice(CREGIS_PREFIX.length) || '/';
		} else if (pathname === CONTROL_PREFIX || pathname.startsWith(`${CONTROL_PREFIX}/`)) {
			provider = 'control';
			path = pathname.slice(CONTROL_PREFIX.length) || '/';
		} else {
			req.resume();
			this.send(
				res,
				undefined,
				jsonReply(
					404,
					'{"error":"Not found: the sandbox serves /oxapay/v1, /cregis and /_sandbox"}',
				),
			);
			return;
		}

		const rawBody = await readBody(req);
		// The client went away mid-body: nothing to answer and nothing worth reporting.
		if (rawBody === ABORTED) return;
		if (rawBody === TOO_LARGE) {
			this.send(
				res,
				undefined,
				jsonReply(413, '{"error":"Request body too large"}', { connection: 'close' }),
			);
			return;
		}

		let record: RecordedRequest | undefined;
		if (this.recordRequests) {
			record = {
				provider,
				method,
				path,
				query: parseQuery(search),
				headers: req.headers,
				rawBody,
				status: 0,
				at: Date.now(),
			};
			this.requests.push(record);
		}

		if (provider === 'control') {
			this.send(res, record, await handleControl(this, method, path, rawBody, req.headers));
			return;
		}

		const request: ProviderRequest = {
			method,
			path,
			search,
			headers: req.headers,
			rawBody,
			remoteAddress: plainAddress(req.socket.remoteAddress),
		};
		const fault = this.faults.take(provider, method, path);
		const outcome = fault
			? await this.applyFault(fault, provider, request)
			: this.process(provider, request);
		if (this.latencyMs > 0) await this.sleep(this.latencyMs);
		if (outcome === 'drop') {
			// No reply at all: the client sees ECONNRESET / "socket hang up".
			req.socket.destroy();
			return;
		}
		this.send(res, record, outcome);
	}

	private process(provider: Provider, request: ProviderRequest): Reply {
		return provider === 'oxapay'
			? handleOxapay(this.state, request)
			: handleCregis(this.state, request);
	}

	private async applyFault(
		fault: Fault,
		provider: Provider,
		request: ProviderRequest,
	): Promise<Outcome> {
		switch (fault.kind) {
			case 'status': {
				const body = fault.body ?? '';
				const trimmed = body.trimStart();
				const contentType =
					fault.contentType ??
					(trimmed.startsWith('{') || trimmed.startsWith('[')
						? 'application/json'
						: 'text/plain; charset=utf-8');
				return { status: fault.status, body, contentType, headers: fault.headers };
			}
			case 'html':
				return htmlErrorPage(fault.status ?? 502);
			case 'malformed-json': {
				let body: string;
				if (fault.afterProcessing) {
					// The real reply, cut in half: the payout exists but the client cannot read its id.
					const real = this.process(provider, request).body;
					body = real.slice(0, Math.max(1, Math.floor(real.length / 2)));
				} else {
					body =
						provider === 'oxapay'
							? '{"data":{"track_id":"2583'
							: '{"code":"00000","msg":"ok","data":{"cid":90071992';
				}
				return jsonReply(fault.status ?? 200, body);
			}
			case 'delay':
				await this.sleep(fault.ms);
				return this.process(provider, request);
			case 'drop':
				if (fault.afterProcessing) this.process(provider, request);
				return 'drop';
			case 'rate-limit': {
				const headers = { 'retry-after': String(fault.retryAfterSeconds ?? 1) };
				if (provider === 'cregis') {
					// Cregis's CDN answers 429 with an empty body, before the request reaches Cregis.
					return { status: 429, body: '', contentType: 'text/plain; charset=utf-8', headers };
				}
				return { ...oxapayError(429, 'rate_limit', 'rate_limit', 'Too many requests'), headers };
			}
			case 'ip-not-allowed':
				return provider === 'oxapay'
					? oxapayError(403, 'authorization', 'ip', 'Invalid IP address')
					: cregisReply(
							'E0001',
							`The IP is not added to the whitelist list ${request.remoteAddress}`,
						);
			case 'server-error':
				if (fault.afterProcessing) this.process(provider, request);
				return provider === 'oxapay'
					? oxapayError(500, 'server', 'server', 'Internal server error')
					: htmlErrorPage(502);
		}
	}

	private send(res: http.ServerResponse, record: RecordedRequest | undefined, reply: Reply): void {
		if (record) record.status = reply.status;
		if (res.destroyed) return;
		const headers: Record<string, string | number> = {
			'content-type': reply.contentType,
			'content-length': Buffer.byteLength(reply.body),
		};
		if (reply.headers)
			for (const [name, value] of Object.entries(reply.headers))
				headers[name.toLowerCase()] = value;
		res.writeHead(reply.status, headers);
		res.end(reply.body);
	}

	private internalError(res: http.ServerResponse, error: unknown): void {
		// A sandbox bug, not a simulated fault: say so loudly once, and answer 500 so the client is not left hanging.
		console.error('[sandbox] internal error:', error);
		if (res.headersSent || res.destroyed) {
			res.destroy();
			return;
		}
		this.send(res, undefined, jsonReply(500, '{"error":"sandbox internal error"}'));
	}
}

const TOO_LARGE = Symbol('too large');
const ABORTED = Symbol('aborted');

/** The body as UTF-8 text; TOO_LARGE past the size limit; ABORTED when the client disconnects first. */
function readBody(req: http.IncomingMessage): Promise<string | typeof TOO_LARGE | typeof ABORTED> {
	return new Promise((resolve) => {
		const chunks: Buffer[] = [];
		let size = 0;
		let tooLarge = false;
		let ended = false;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > MAX_BODY_BYTES) tooLarge = true;
			else chunks.push(chunk);
		});
		req.on('end', () => {
			ended = true;
			if (tooLarge) resolve(TOO_LARGE);
			else
				resolve(
					chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8'),
				);
		});
		req.on('error', () => resolve(ABORTED));
		req.on('close', () => {
			if (!ended) resolve(ABORTED);
		});
	});
}

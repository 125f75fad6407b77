/**
 * The sandbox gateway in its own process, so the benchmark's CPU and memory figures are the
 * client's alone (node + n8n engine, or the raw loop) and the server gets its own core.
 * Controlled over the fork IPC channel; exits when the parent goes away.
 */
import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';

import { startSandbox } from '../sandbox';

export type SandboxCommand =
	| { id: number; cmd: 'reset' }
	| { id: number; cmd: 'latency'; ms: number }
	| { id: number; cmd: 'ledger' }
	| { id: number; cmd: 'requests' }
	| { id: number; cmd: 'close' };

/** A request the sandbox received (only when started with --record). */
export interface SandboxRequest {
	provider: string;
	method: string;
	path: string;
	rawBody: string;
	status: number;
}

async function main() {
	// --record: keep every request (the peers' correctness checks read the raw bodies); off for speed.
	const record = process.argv.includes('--record');
	const sandbox = await startSandbox({
		recordRequests: record,
		// Off: with tens of thousands of signed requests a 6-character nonce repeats now and then.
		cregisNonceWindowMs: 0,
	});
	const send = (message: unknown) => process.send?.(message);
	// Requests per provider and method since the last reset (the sandbox's own log is off for speed).
	let requests: Record<string, number> = {};
	let cpuSinceReset = process.cpuUsage();
	subscribe('http.server.request.start', (message) => {
		const { request } = message as { request: IncomingMessage };
		const url = request.url ?? '';
		const provider = url.startsWith('/oxapay/')
			? 'oxapay'
			: url.startsWith('/cregis/')
				? 'cregis'
				: 'other';
		// Reads are counted per path (the node's per-execution lookups), creates by method only.
		const method = request.method ?? '?';
		const key =
			method === 'GET'
				? `${provider} GET ${url.split('?')[0].replace(/^\/(oxapay\/v1|cregis)/, '')}`
				: `${provider} ${method}`;
		requests[key] = (requests[key] ?? 0) + 1;
	});
	process.on('disconnect', () => void sandbox.close().finally(() => process.exit(0)));
	process.on('message', (message: SandboxCommand) => {
		switch (message.cmd) {
			case 'reset':
				sandbox.reset();
				sandbox.setLatency(0);
				requests = {};
				cpuSinceReset = process.cpuUsage();
				send({ id: message.id, ok: true });
				return;
			case 'latency':
				sandbox.setLatency(message.ms);
				send({ id: message.id, ok: true });
				return;
			case 'ledger': {
				const counts = { oxapay: 0, cregis: 0 };
				for (const entry of sandbox.ledger()) counts[entry.provider]++;
				const cpu = process.cpuUsage(cpuSinceReset);
				send({
					id: message.id,
					ok: true,
					result: { ledger: counts, requests, cpuUs: cpu.user + cpu.system },
				});
				return;
			}
			case 'requests':
				send({
					id: message.id,
					ok: true,
					result: sandbox.requests.map(
						({ provider, method, path, rawBody, status }): SandboxRequest => ({
							provider,
							method,
							path,
							rawBody,
							status,
						}),
					),
				});
				return;
			case 'close':
				void sandbox.close().then(() => {
					const cpu = process.cpuUsage();
					send({ id: message.id, ok: true, result: { cpuUs: cpu.user + cpu.system } });
					process.disconnect?.();
					process.exit(0);
				});
				return;
		}
	});
	send({
		ready: true,
		url: sandbox.url,
		oxapayBaseUrl: sandbox.oxapayBaseUrl,
		cregisBaseUrl: sandbox.cregisBaseUrl,
	});
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});

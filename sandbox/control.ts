/**
 * `/_sandbox/*`: JSON control endpoints, so a test in another process (the real n8n CLI) or a
 * person at a terminal can drive the sandbox the way the programmatic API does.
 *
 *   GET    /_sandbox                         base URLs, test credentials, latency
 *   GET    /_sandbox/ledger                  LedgerEntry[]
 *   GET    /_sandbox/requests                RecordedRequest[]
 *   GET    /_sandbox/payouts/:id             LedgerEntry
 *   POST   /_sandbox/faults                  {match:{provider,method,path|pathRegex}, fault, times}
 *   DELETE /_sandbox/faults                  clear queued faults
 *   POST   /_sandbox/latency                 {ms}
 *   POST   /_sandbox/reset                   clear ledger, requests, faults, nonces
 *   POST   /_sandbox/payouts/:id/status      {status, txHash?}
 *   POST   /_sandbox/payouts/:id/callback    → {status, body, accepted} of the delivered callback
 */
import type { IncomingHttpHeaders } from 'http';
import { isLoopbackHostname } from './callbacks';
import { jsonReply, type Reply } from './http';
import type { SandboxServer } from './server';
import type { Fault, FaultMatch } from './types';

const PAYOUT_PATH = /^\/payouts\/(\d+)(\/status|\/callback)?$/;

const ok = (value: unknown): Reply => jsonReply(200, JSON.stringify(value));
const fail = (status: number, message: string): Reply =>
	jsonReply(status, JSON.stringify({ error: message }));

export async function handleControl(
	sandbox: SandboxServer,
	method: string,
	path: string,
	rawBody: string,
	headers: IncomingHttpHeaders,
): Promise<Reply> {
	// A web page the operator has open must not be able to drive the sandbox (it could post resets or faults).
	if (typeof headers.origin === 'string' && !isLoopbackOrigin(headers.origin)) {
		return fail(403, 'Cross-origin requests to the sandbox control API are refused');
	}
	let body: Record<string, unknown> = {};
	if (method === 'POST' && rawBody.trim() !== '') {
		try {
			const parsed: unknown = JSON.parse(rawBody);
			if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
				return fail(400, 'Body must be a JSON object');
			body = parsed as Record<string, unknown>;
		} catch {
			return fail(400, 'Body must be JSON');
		}
	}
	try {
		return await route(sandbox, method, path, body);
	} catch (error) {
		return fail(400, error instanceof Error ? error.message : String(error));
	}
}

async function route(
	sandbox: SandboxServer,
	method: string,
	path: string,
	body: Record<string, unknown>,
): Promise<Reply> {
	const key = `${method} ${path}`;
	switch (key) {
		case 'GET /':
			return ok({
				url: sandbox.url,
				oxapayBaseUrl: sandbox.oxapayBaseUrl,
				cregisBaseUrl: sandbox.cregisBaseUrl,
				oxapay: { payoutApiKeys: sandbox.config.oxapayKeys },
				cregis: { projects: sandbox.config.cregisProjects },
				latencyMs: sandbox.getLatency(),
			});
		case 'GET /ledger':
			return ok(sandbox.ledger());
		case 'GET /requests':
			return ok(sandbox.requests);
		case 'POST /faults':
			sandbox.injectFault(parseMatch(body.match), body.fault as Fault, parseTimes(body.times));
			return ok({ ok: true });
		case 'DELETE /faults':
			sandbox.clearFaults();
			return ok({ ok: true });
		case 'POST /latency':
			sandbox.setLatency(body.ms as number);
			return ok({ ok: true, latencyMs: sandbox.getLatency() });
		case 'POST /reset':
			sandbox.reset();
			return ok({ ok: true });
	}

	const payout = PAYOUT_PATH.exec(path);
	if (!payout)
		return fail(404, `Unknown control endpoint ${method} /_sandbox${path === '/' ? '' : path}`);
	const id = payout[1];
	if (sandbox.payout(id) === undefined) return fail(404, `Unknown payout ${id}`);
	const action = payout[2];
	if (action === undefined && method === 'GET') return ok(sandbox.payout(id));
	if (action === '/status' && method === 'POST') {
		if (typeof body.status !== 'string' && typeof body.status !== 'number')
			return fail(400, 'status must be a string or number');
		if (body.txHash !== undefined && typeof body.txHash !== 'string')
			return fail(400, 'txHash must be a string');
		sandbox.setPayoutStatus(id, body.status, { txHash: body.txHash as string | undefined });
		return ok(sandbox.payout(id));
	}
	if (action === '/callback' && method === 'POST') {
		try {
			return ok(await sandbox.deliverCallback(id));
		} catch (error) {
			// Refused (wrong status, no URL, non-loopback URL) or the receiver could not be reached.
			return fail(409, error instanceof Error ? error.message : String(error));
		}
	}
	return fail(405, `Method ${method} not allowed on /_sandbox${path}`);
}

function parseMatch(value: unknown): FaultMatch {
	if (value === undefined || value === null) return {};
	if (typeof value !== 'object' || Array.isArray(value)) throw new Error('match must be an object');
	const raw = value as Record<string, unknown>;
	const match: FaultMatch = {};
	if (raw.provider !== undefined) match.provider = raw.provider as FaultMatch['provider'];
	if (raw.method !== undefined) {
		if (typeof raw.method !== 'string') throw new Error('match.method must be a string');
		match.method = raw.method;
	}
	if (raw.pathRegex !== undefined) {
		if (typeof raw.pathRegex !== 'string') throw new Error('match.pathRegex must be a string');
		match.path = new RegExp(raw.pathRegex);
	} else if (raw.path !== undefined) {
		if (typeof raw.path !== 'string')
			throw new Error('match.path must be a string (use pathRegex for a pattern)');
		match.path = raw.path;
	}
	return match;
}

function parseTimes(value: unknown): number {
	if (value === undefined || value === null) return 1;
	if (value === 'Infinity') return Infinity;
	if (typeof value !== 'number') throw new Error('times must be a positive integer or "Infinity"');
	return value;
}

function isLoopbackOrigin(origin: string): boolean {
	try {
		return isLoopbackHostname(new URL(origin).hostname);
	} catch {
		return false;
	}
}

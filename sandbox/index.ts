/**
 * Sandbox gateway: a loopback HTTP server that stands in for OxaPay and Cregis payouts, so the
 * node can be tested, demonstrated and benchmarked with no money at stake.
 *
 *   const sandbox = await startSandbox();
 *   // OxaPay credential: Base URL sandbox.oxapayBaseUrl, payout key SANDBOX_OXAPAY_KEY
 *   // Cregis credential: Base URL sandbox.cregisBaseUrl, SANDBOX_CREGIS.pid / .apiKey
 *   ...
 *   await sandbox.close();
 */
import { isIP } from 'net';
import { isLoopbackHostname } from './callbacks';
import { SandboxServer } from './server';
import type { Sandbox, SandboxOptions } from './types';

export type {
	CallbackResult,
	CregisProject,
	Fault,
	FaultMatch,
	LedgerEntry,
	RecordedRequest,
	Sandbox,
	SandboxOptions,
} from './types';
export { CREGIS_PROJECT_ADDRESSES } from './addresses';
export { parseRawJson, type RawValue } from './raw-json';

/** Obviously fake OxaPay payout key accepted by default. */
export const SANDBOX_OXAPAY_KEY = 'sandbox-oxapay-payout-key-0000';
/** The public Cregis doc test-vector project (signature examples TV1–TV7 use this key). */
export const SANDBOX_CREGIS = {
	pid: '1382528827416576',
	apiKey: 'f502a9ac9ca54327986f29c03b271491',
} as const;

export const DEFAULT_CID_START = 9007199254740993n;
export const DEFAULT_TRACK_ID_START = 258300000;
export const DEFAULT_CREGIS_TIMESTAMP_WINDOW_MS = 5 * 60_000;
export const DEFAULT_CREGIS_NONCE_WINDOW_MS = 10 * 60_000;

export function isLoopbackAddress(host: string): boolean {
	// Names other than `localhost` could resolve anywhere; only literal loopback IPs and localhost pass.
	return (
		isLoopbackHostname(host) &&
		(host.toLowerCase() === 'localhost' || isIP(host.replace(/^\[|\]$/g, '')) !== 0)
	);
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	const host = options.host ?? '127.0.0.1';
	if (!isLoopbackAddress(host))
		throw new Error(`The sandbox listens on loopback only; refusing host ${JSON.stringify(host)}`);
	const port = options.port ?? 0;
	if (!(Number.isInteger(port) && port >= 0 && port <= 65535))
		throw new Error(`Invalid port ${port}`);

	const oxapayKeys = options.oxapayKeys ?? [SANDBOX_OXAPAY_KEY];
	if (oxapayKeys.some((key) => typeof key !== 'string' || key === ''))
		throw new Error('oxapayKeys must be non-empty strings');
	const cregisProjects = (options.cregisProjects ?? [SANDBOX_CREGIS]).map((project) => ({
		pid: String(project.pid),
		apiKey: project.apiKey,
	}));
	for (const project of cregisProjects) {
		if (!/^\d+$/.test(project.pid))
			throw new Error(`Cregis pid must be digits, got ${JSON.stringify(project.pid)}`);
		if (typeof project.apiKey !== 'string' || project.apiKey === '')
			throw new Error('Cregis apiKey must be a non-empty string');
	}
	const cidStart = options.cidStart ?? DEFAULT_CID_START;
	if (typeof cidStart !== 'bigint' || cidStart < 1n)
		throw new Error('cidStart must be a positive bigint');
	const trackIdStart = options.trackIdStart ?? DEFAULT_TRACK_ID_START;
	if (!Number.isSafeInteger(trackIdStart) || trackIdStart < 1)
		throw new Error('trackIdStart must be a positive integer');
	const window = options.cregisTimestampWindowMs ?? DEFAULT_CREGIS_TIMESTAMP_WINDOW_MS;
	if (!(window >= 0)) throw new Error('cregisTimestampWindowMs must be >= 0 (Infinity allowed)');
	const nonceWindow = options.cregisNonceWindowMs ?? DEFAULT_CREGIS_NONCE_WINDOW_MS;
	if (!(Number.isFinite(nonceWindow) && nonceWindow >= 0))
		throw new Error('cregisNonceWindowMs must be a finite number >= 0');

	const sandbox = new SandboxServer({
		oxapayKeys,
		cregisProjects,
		cidStart,
		trackIdStart,
		latencyMs: 0,
		recordRequests: options.recordRequests ?? true,
		cregisTimestampWindowMs: window,
		cregisNonceWindowMs: nonceWindow,
	});
	sandbox.setLatency(options.latencyMs ?? 0);
	await sandbox.listen(port, host.replace(/^\[(.*)\]$/, '$1'));
	return sandbox;
}

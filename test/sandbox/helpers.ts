/** Small loopback clients for the sandbox tests: plain fetch, and Cregis bodies signed independently of the node's signer. */
import { createHash, randomBytes } from 'crypto';
import * as http from 'http';
import type { AddressInfo } from 'net';

import {
	parseRawJson,
	SANDBOX_CREGIS,
	SANDBOX_OXAPAY_KEY,
	startSandbox,
	type RawValue,
	type Sandbox,
} from '../../sandbox';

export interface HttpResult {
	status: number;
	headers: Headers;
	text: string;
	json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export async function call(url: string, init: RequestInit = {}): Promise<HttpResult> {
	const response = await fetch(url, init);
	const text = await response.text();
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: response.status, headers: response.headers, text, json };
}

export function oxapayPost(
	baseUrl: string,
	rawBody: string,
	key: string | null = SANDBOX_OXAPAY_KEY,
	path = '/payout',
): Promise<HttpResult> {
	const headers: Record<string, string> = { 'content-type': 'application/json' };
	if (key !== null) headers.payout_api_key = key;
	return call(`${baseUrl}${path}`, { method: 'POST', headers, body: rawBody });
}

export function oxapayGet(
	baseUrl: string,
	path: string,
	key: string | null = SANDBOX_OXAPAY_KEY,
): Promise<HttpResult> {
	return call(`${baseUrl}${path}`, { headers: key === null ? {} : { payout_api_key: key } });
}

/** Cregis's signature rule written out again (md5(key + sorted k+v, empty dropped)), so tests do not trust the code under test. */
export function md5Sign(fields: Record<string, string | null>, apiKey: string): string {
	const text = Object.keys(fields)
		.filter((key) => key !== 'sign' && fields[key] !== null && fields[key] !== '')
		.sort()
		.map((key) => key + fields[key])
		.join('');
	return createHash('md5')
		.update(apiKey + text, 'utf8')
		.digest('hex');
}

/** A scalar field's text: string value or number literal. */
export function fieldText(value: RawValue): string | null {
	if (value.type === 'string') return value.value;
	if (value.type === 'number') return value.literal;
	if (value.type === 'boolean') return String(value.value);
	return null;
}

/** Checks a Cregis-signed raw JSON body (request or callback) against its `sign`. */
export function cregisSignatureValid(rawBody: string, apiKey: string): boolean {
	const value = parseRawJson(rawBody);
	if (value.type !== 'object') return false;
	const fields: Record<string, string | null> = {};
	for (const [key, field] of value.fields) fields[key] = fieldText(field);
	return fields.sign === md5Sign(fields, apiKey);
}

export function nonce(): string {
	return randomBytes(3).toString('hex');
}

/**
 * Builds a signed Cregis body. `numbers` are written as bare JSON literals (pid, timestamp, cid by
 * default); everything else as JSON strings. Returns the raw text.
 */
export function cregisBody(
	fields: Record<string, string | undefined>,
	options: { apiKey?: string; numbers?: string[]; sign?: string; omit?: string[] } = {},
): string {
	const all: Record<string, string | undefined> = {
		pid: SANDBOX_CREGIS.pid,
		nonce: nonce(),
		timestamp: String(Date.now()),
		...fields,
	};
	for (const key of options.omit ?? []) delete all[key];
	const numbers = new Set(options.numbers ?? ['pid', 'timestamp', 'cid']);
	const signable: Record<string, string | null> = {};
	for (const [key, value] of Object.entries(all)) if (value !== undefined) signable[key] = value;
	const sign = options.sign ?? md5Sign(signable, options.apiKey ?? SANDBOX_CREGIS.apiKey);
	const parts = Object.entries(signable).map(
		([key, value]) =>
			`${JSON.stringify(key)}:${numbers.has(key) && /^-?\d+(\.\d+)?$/.test(value!) ? value : JSON.stringify(value)}`,
	);
	parts.push(`"sign":${JSON.stringify(sign)}`);
	return `{${parts.join(',')}}`;
}

export function cregisPost(baseUrl: string, path: string, rawBody: string): Promise<HttpResult> {
	return call(`${baseUrl}${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: rawBody,
	});
}

export interface Receiver {
	url: string;
	received: { headers: http.IncomingHttpHeaders; body: string }[];
	close(): Promise<void>;
}

/** A loopback callback receiver that answers `reply`. */
export async function startReceiver(reply: string, status = 200): Promise<Receiver> {
	const received: Receiver['received'] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
			res.writeHead(status, { 'content-type': 'text/plain' });
			res.end(reply);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/hook`,
		received,
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}

/** One sandbox per test file, reset before each test; a getter because it exists only after beforeAll. */
export function useSandbox(options?: Parameters<typeof startSandbox>[0]): () => Sandbox {
	let sandbox: Sandbox | undefined;
	beforeAll(async () => {
		sandbox = await startSandbox(options);
	});
	afterAll(async () => {
		await sandbox?.close();
	});
	beforeEach(() => sandbox?.reset());
	return () => sandbox!;
}

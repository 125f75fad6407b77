/**
 * The node against hostile provider hosts on loopback (test/harness/hostile-server.ts), through
 * n8n's engine: a host that redirects (the other host must get neither the key nor the body), a
 * host that echoes the request's headers into its replies (the key must reach no output item,
 * error or log), and create replies that say nothing about the payout (3xx, 408, 499: `unknown`,
 * claim kept, never sent again).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { SANDBOX_CREGIS, SANDBOX_OXAPAY_KEY } from '../../sandbox';
import {
	echoOf,
	startHostileServer,
	type HostileHandler,
	type HostileServer,
	type RecordedRequest,
} from '../harness/hostile-server';
import { exposeAll, findSecrets } from '../harness/leak-journal';
import { loadNodeOptions } from '../harness/load-options';
import { capturedLogs, resetProcessedData, runNode } from '../harness/n8n';
import { createParameters, row, TRON_ADDRESS } from './fixtures';

type Provider = 'oxapay' | 'cregis';

/** A transaction hash: data, which every structured field must keep. */
const TX_HASH = '6dd05b0972075542219a3fcc116c58feaf9480f1f698cc46c4367ded83955cfd';
/** Hex shaped like someone's key, in a provider's free text. */
const OTHER_HEX_KEY = '0123456789abcdef0123456789abcdef';

let primary: HostileServer;
let other: HostileServer;
/** Log lines before the current test: each test judges its own. */
let logMark = 0;
beforeAll(async () => {
	primary = await startHostileServer();
	other = await startHostileServer();
});
afterAll(async () => {
	await Promise.all([primary.close(), other.close()]);
});
beforeEach(() => {
	logMark = capturedLogs().length;
	primary.requests.length = 0;
	other.requests.length = 0;
	resetProcessedData();
	// What the other host would say if it were reached: a payout that "went through".
	other.answer((request) => ({
		status: 200,
		body: request.url.includes('/api/v1/')
			? '{"code":"00000","msg":"ok","data":{"cid":999}}'
			: '{"data":{"track_id":"999","status":"processing"},"message":"ok","error":{},"status":200,"version":"1.0.0"}',
	}));
});

function credentials() {
	return {
		oxaPayApi: { apiKey: SANDBOX_OXAPAY_KEY, baseUrl: `${primary.origin}/v1` },
		cregisApi: {
			baseUrl: primary.origin,
			projectId: SANDBOX_CREGIS.pid,
			apiKey: SANDBOX_CREGIS.apiKey,
		},
	};
}

const OXAPAY_EMPTY_HISTORY =
	'{"data":{"list":[],"meta":{"page":1,"last_page":1,"total":0}},"message":"ok","error":{},"status":200,"version":"1.0.0"}';

const isCreate = (request: RecordedRequest) =>
	request.method === 'POST' && /^\/(v1|api\/v1)\/payout$/.test(request.url);

/**
 * The primary host: `onCreate` answers the create; OxaPay's history and currency reads (made
 * before a create) get an empty answer unless `onRead` says otherwise.
 */
function primaryAnswers(onCreate: HostileHandler, onRead?: HostileHandler): HostileHandler {
	return (request) => {
		if (isCreate(request)) return onCreate(request);
		if (onRead) return onRead(request);
		if (request.url.startsWith('/v1/payout')) return { status: 200, body: OXAPAY_EMPTY_HISTORY };
		if (request.url.startsWith('/v1/common/currencies'))
			return { status: 200, body: '{"data":{},"status":200}' };
		return { status: 404, body: '{}' };
	};
}

const redirectTo = (status: number, body = ''): HostileHandler => {
	return () => ({ status, body, headers: { location: `${other.origin}/collect` } });
};

async function create(provider: Provider, reference: string, workflowId: string) {
	return await runNode({
		parameters: createParameters(provider),
		credentials: credentials(),
		workflowId,
		continueOnFail: true,
		items: [
			row({ reference, address: TRON_ADDRESS, amount: '2.5', currency: 'USDT', network: 'TRC20' }),
		],
	});
}

async function read(provider: Provider, parameters: INodeParameters, items: IDataObject[] = [{}]) {
	return await runNode({
		parameters: { provider, ...parameters },
		credentials: credentials(),
		continueOnFail: true,
		items,
	});
}

/** Everything an operator could see of these runs, and the test's log lines. */
function shown(...results: unknown[]): string {
	return [JSON.stringify(exposeAll(results)), ...capturedLogs().slice(logMark)].join('\n');
}

/** The key never went to the other host, and nothing a create would send either. */
function expectOtherHostUntouched() {
	expect(other.requests).toEqual([]);
}

describe.each([302, 307, 308])('a create answered by a %i redirect', (status) => {
	it.each<Provider>(['oxapay', 'cregis'])(
		'%s: the other host gets no key and no body; the item is unknown and a re-run sends 0',
		async (provider) => {
			primary.answer(primaryAnswers(redirectTo(status)));
			const workflowId = `wf-redirect-${provider}-${status}`;
			const first = await create(provider, `R-${status}`, workflowId);

			expectOtherHostUntouched();
			expect(first.items[0].json).toMatchObject({ status: 'unknown', payoutId: null });
			expect(String(first.items[0].json.message)).toMatch(
				new RegExp(`redirect \\(HTTP ${status}\\).*never follows`),
			);
			expect(primary.requests.filter(isCreate)).toHaveLength(1);

			const again = await create(provider, `R-${status}`, workflowId);
			expect(again.items[0].json.status).toBe('duplicate');
			expect(primary.requests.filter(isCreate)).toHaveLength(1);
			expectOtherHostUntouched();
		},
	);
});

describe.each([302, 307, 308])('a read answered by a %i redirect', (status) => {
	const redirected = new RegExp(
		`redirect \\(HTTP ${status} to 127\\.0\\.0\\.1:\\d+\\)\\. Redirects are never followed, so the key was not sent there`,
	);
	const errorOf = (result: { items: Array<{ json: IDataObject }> }) =>
		result.items[0].json.error as IDataObject;

	beforeEach(() => primary.answer(redirectTo(status)));

	it('OxaPay Get Payout and Get Many Payouts: an error that says the host redirected', async () => {
		const get = await read('oxapay', { operation: 'get', payoutId: '258300001' });
		const many = await read('oxapay', { operation: 'getMany', returnAll: false, limit: 5 });
		expectOtherHostUntouched();
		for (const result of [get, many]) {
			expect(errorOf(result)).toMatchObject({ code: 'PROVIDER_REDIRECTED' });
			expect(String(errorOf(result).message)).toMatch(redirected);
		}
		// not retried like a 5xx: one request each
		expect(primary.requests).toHaveLength(2);
	});

	it('Cregis Get Payout and Check Address', async () => {
		const get = await read('cregis', { operation: 'get', payoutId: '9007199254740993' });
		const check = await read('cregis', {
			operation: 'checkAddress',
			currency: 'USDT',
			network: 'TRC20',
			address: TRON_ADDRESS,
		});
		expectOtherHostUntouched();
		expect(String(errorOf(get).message)).toMatch(redirected);
		expect(JSON.stringify(check.items[0].json)).toMatch(/redirect/);
	});

	it("OxaPay's history read before a create: the create is not sent, and the item says why", async () => {
		primary.answer(primaryAnswers(() => ({ status: 500 }), redirectTo(status)));
		const result = await create('oxapay', `H-${status}`, `wf-history-${status}`);
		expectOtherHostUntouched();
		expect(primary.requests.filter(isCreate)).toHaveLength(0);
		expect(String(errorOf(result).message)).toMatch(redirected);
	});

	it.each<Provider>(['oxapay', 'cregis'])(
		'%s currency list (a dropdown): an error, no request to the other host',
		async (provider) => {
			await expect(
				loadNodeOptions({
					methodName: 'getCurrencies',
					parameters: { provider, operation: 'create' },
					credentials: credentials(),
				}),
			).rejects.toThrow(redirected);
			expectOtherHostUntouched();
		},
	);
});

describe('replies that say nothing about a create: unknown, never sent again', () => {
	const cases: Array<[string, Provider, HostileHandler]> = [
		[
			'302 with a JSON refusal',
			'oxapay',
			() => ({
				status: 302,
				headers: { location: '/v1/elsewhere' },
				body: '{"data":{},"message":"moved","error":{"type":"x","key":"amount","message":"moved"},"status":400,"version":"1.0.0"}',
			}),
		],
		[
			'302 with a JSON refusal',
			'cregis',
			() => ({
				status: 302,
				headers: { location: '/elsewhere' },
				body: '{"code":"A0001","msg":"moved","data":{}}',
			}),
		],
		[
			'408 with a JSON refusal',
			'oxapay',
			() => ({
				status: 408,
				body: '{"data":{},"message":"timeout","error":{"message":"Request timeout"},"status":408,"version":"1.0.0"}',
			}),
		],
		['408', 'cregis', () => ({ status: 408, body: '<html>Request Timeout</html>' })],
		['499', 'oxapay', () => ({ status: 499, body: '' })],
		['499', 'cregis', () => ({ status: 499, body: '{"code":"A0001","msg":"closed","data":{}}' })],
	];

	it.each(cases)('%s (%s)', async (_what, provider, onCreate) => {
		primary.answer(primaryAnswers(onCreate));
		const workflowId = `wf-ambiguous-${provider}-${_what}`;
		const first = await create(provider, 'A-1', workflowId);
		expect(first.items[0].json).toMatchObject({ status: 'unknown' });
		expect(String(first.items[0].json.message)).toMatch(/may have been received/);
		expect(primary.requests.filter(isCreate)).toHaveLength(1);

		const again = await create(provider, 'A-1', workflowId);
		expect(again.items[0].json.status).toBe('duplicate');
		expect(primary.requests.filter(isCreate)).toHaveLength(1);
	});
});

describe('a host that echoes the request into its replies', () => {
	/** An OxaPay error envelope whose texts carry the whole request, headers included. */
	const oxaPayError = (status: number, text: string, key = 'amount') =>
		JSON.stringify({
			data: {},
			message: text,
			error: { type: 'x', key: `${key} ${text}`, message: text },
			status,
			version: '1.0.0',
		});

	it.each<[string, HostileHandler]>([
		['400', (request) => ({ status: 400, body: oxaPayError(400, echoOf(request)) })],
		[
			'403 (IP message)',
			(request) => ({
				status: 403,
				body: oxaPayError(403, `Your IP is not allowed. ${echoOf(request)}`, 'ip'),
			}),
		],
		[
			'500',
			(request) => ({
				status: 500,
				body: `{"data":{"echo":${echoOf(request)}},"message":"server error","status":500}`,
			}),
		],
		[
			'200',
			(request) => ({
				status: 200,
				body: `{"data":{"track_id":"258300009","status":"processing","echo":${echoOf(request)}},"status":200}`,
			}),
		],
	])('OxaPay create answered %s: the key is in no item, error or log', async (_status, echo) => {
		primary.answer(primaryAnswers(echo));
		for (const continueOnFail of [true, false]) {
			resetProcessedData();
			const result = await runNode({
				parameters: createParameters('oxapay'),
				credentials: credentials(),
				continueOnFail,
				items: [
					row({
						reference: 'E-1',
						address: TRON_ADDRESS,
						amount: '2.5',
						currency: 'USDT',
						network: 'TRC20',
					}),
				],
			});
			// The server did receive the key (it is the provider's host) and echoed it.
			expect(primary.requests.filter(isCreate).at(-1)?.headers.payout_api_key).toBe(
				SANDBOX_OXAPAY_KEY,
			);
			const seen = shown(result.items, result.error);
			expect(findSecrets(seen)).toEqual([]);
			// Only the secret went: the rest of the echo is still there to read.
			expect(seen).toContain('payout_api_key');
		}
	});

	it('OxaPay Get and Get Many replies that echo the headers (also \\u-escaped): no key; the tx hash stays', async () => {
		primary.answer((request) => {
			const escaped = echoOf(request).replace(/sandbox/g, '\\u0073andbox');
			const payout = `{"track_id":"258300001","status":"confirmed","tx_hash":"${TX_HASH}","currency":"USDT","network":"Tron Network","amount":2.5,"echo":${echoOf(request)},"escaped":${JSON.stringify(escaped)}}`;
			return {
				status: 200,
				body: request.url.startsWith('/v1/payout/')
					? `{"data":${payout},"status":200}`
					: `{"data":{"list":[${payout}],"meta":{"page":1,"last_page":1}},"status":200}`,
			};
		});
		const get = await read('oxapay', { operation: 'get', payoutId: '258300001' });
		const many = await read('oxapay', { operation: 'getMany', returnAll: true });
		for (const result of [get, many]) {
			expect(result.items[0].json).toMatchObject({
				status: 'completed',
				txHash: TX_HASH,
				raw: { tx_hash: TX_HASH },
			});
		}
		expect(findSecrets(shown(get.items, many.items))).toEqual([]);
		expect(JSON.stringify(get.items[0].json.raw)).toContain('[redacted]');
	});

	it('Cregis: a compromised upstream that knows the key shows it nowhere; other hex keys leave free text only', async () => {
		const key = SANDBOX_CREGIS.apiKey;
		primary.answer((request) =>
			request.url === '/api/v1/payout/query'
				? {
						status: 200,
						body: `{"code":"00000","msg":"ok","data":{"status":6,"txid":"${TX_HASH}","chain_id":"195","token_id":"195","amount":"1.5","address":"${TRON_ADDRESS}","remark":"key ${key.toUpperCase()}","leak":"${key}"}}`,
					}
				: {
						status: 200,
						body: `{"code":"E0008","msg":"Address is invalid: ${key} ${OTHER_HEX_KEY} tx ${TX_HASH}","data":{}}`,
					},
		);
		const get = await read('cregis', { operation: 'get', payoutId: '9007199254740993' });
		const created = await create('cregis', 'C-1', 'wf-cregis-echo');

		expect(get.items[0].json).toMatchObject({
			status: 'completed',
			txHash: TX_HASH,
			raw: { txid: TX_HASH, leak: '[redacted]', remark: 'key [redacted]' },
		});
		const error = created.items[0].json.error as IDataObject;
		expect(error.code).toBe('CREGIS_E0008');
		expect(error.message).toBe(
			'Row 1 (C-1): Cregis E0008: Address is invalid: [redacted] [redacted] tx [redacted]',
		);
		const seen = shown(get.items, created.items);
		expect(seen).not.toContain(key);
		expect(seen).not.toContain(key.toUpperCase());
		expect(seen).not.toContain(OTHER_HEX_KEY);
	});

	it('reads the credential once per execution, not once per request', async () => {
		primary.answer(() => ({
			status: 200,
			body: '{"data":{"track_id":"258300001","status":"confirmed"},"status":200}',
		}));
		const decryptionsFor = async (count: number) => {
			const result = await read(
				'oxapay',
				{ operation: 'get', payoutId: '={{ $json.id }}' },
				Array.from({ length: count }, () => ({ id: '258300001' })),
			);
			expect(result.items).toHaveLength(count);
			return result.credentialDecryptions;
		};
		const one = await decryptionsFor(1);
		const six = await decryptionsFor(6);
		// The node reads it once and hands it to n8n's httpRequestWithAuthentication with every
		// request (credentialsDecrypted), which would otherwise read it again for each one.
		expect(one).toBe(1);
		expect(six).toBe(1);
	});
});

import type { Fault, Sandbox } from '../../sandbox';
import { cregisBody, oxapayPost, useSandbox } from './helpers';

const TRON = 'TXsmKpEuW7qWnXzJLGP9eDLvWPR2GRn1FS';
const OXA_BODY = `{"address":"${TRON}","currency":"USDT","network":"Tron","amount":5}`;

const getSandbox = useSandbox();
let sandbox: Sandbox;
beforeEach(() => {
	sandbox = getSandbox();
});

const oxapay = () => oxapayPost(sandbox.oxapayBaseUrl, OXA_BODY);
const cregis = () =>
	fetch(`${sandbox.cregisBaseUrl}/api/v1/payout`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: cregisBody({
			currency: '195@195',
			address: TRON,
			amount: '1',
			third_party_id: `T-${Math.random()}`,
		}),
	});
const cregisText = async () => {
	const response = await cregis();
	return { status: response.status, text: await response.text(), headers: response.headers };
};

describe('fault matching', () => {
	it('applies to the next N matching requests only, and records the request first', async () => {
		sandbox.injectFault(
			{ provider: 'oxapay', method: 'post', path: '/payout' },
			{ kind: 'status', status: 503, body: 'down' },
			2,
		);
		// GET /payout does not match the POST fault.
		expect(
			(await fetch(`${sandbox.oxapayBaseUrl}/payout`, { headers: { payout_api_key: 'x' } })).status,
		).toBe(401);
		const first = await oxapay();
		expect(first.status).toBe(503);
		expect(first.text).toBe('down');
		expect(first.headers.get('content-type')).toMatch(/text\/plain/);
		expect((await oxapay()).status).toBe(503);
		expect((await oxapay()).status).toBe(200);
		expect(sandbox.requests.map((request) => request.status)).toEqual([401, 503, 503, 200]);
		expect(sandbox.requests[1]).toMatchObject({
			provider: 'oxapay',
			method: 'POST',
			path: '/payout',
			rawBody: OXA_BODY,
		});
		expect(sandbox.ledger()).toHaveLength(1);
	});

	it('matches a RegExp on the path after the provider prefix, and by provider', async () => {
		sandbox.injectFault({ path: /^\/api\/v1\/payout$/ }, { kind: 'html' });
		expect((await oxapay()).status).toBe(200);
		const reply = await cregisText();
		expect(reply.status).toBe(502);
		expect(reply.headers.get('content-type')).toMatch(/text\/html/);
		expect(reply.text).toContain('<html>');
	});

	it('clearFaults empties the queue; status faults can carry headers and a JSON body', async () => {
		sandbox.injectFault({}, { kind: 'status', status: 500 }, Infinity);
		sandbox.clearFaults();
		expect((await oxapay()).status).toBe(200);
		sandbox.injectFault(
			{ provider: 'oxapay' },
			{ kind: 'status', status: 418, body: '{"x":1}', headers: { 'X-Test': 'yes' } },
		);
		const reply = await oxapay();
		expect(reply.status).toBe(418);
		expect(reply.json).toEqual({ x: 1 });
		expect(reply.headers.get('x-test')).toBe('yes');
		expect(reply.headers.get('content-type')).toBe('application/json');
	});

	it('refuses faults it cannot act on', () => {
		expect(() => sandbox.injectFault({}, { kind: 'nope' } as unknown as Fault)).toThrow(
			/Unknown fault kind/,
		);
		expect(() => sandbox.injectFault({}, { kind: 'status', status: 42 })).toThrow(/HTTP status/);
		expect(() => sandbox.injectFault({}, { kind: 'delay', ms: -1 })).toThrow();
		expect(() => sandbox.injectFault({}, { kind: 'html' }, 0)).toThrow(/times/);
	});
});

describe('each fault kind', () => {
	it('html: OxaPay behind a proxy error page, custom status', async () => {
		sandbox.injectFault({ provider: 'oxapay' }, { kind: 'html', status: 503 });
		const reply = await oxapay();
		expect(reply.status).toBe(503);
		expect(reply.text).toMatch(/<title>503 Service Unavailable<\/title>/);
		expect(sandbox.ledger()).toHaveLength(0);
	});

	it('malformed-json: broken body, nothing created', async () => {
		sandbox.injectFault({ provider: 'oxapay' }, { kind: 'malformed-json' });
		const reply = await oxapay();
		expect(reply.status).toBe(200);
		expect(reply.headers.get('content-type')).toBe('application/json');
		expect(() => JSON.parse(reply.text)).toThrow();
		expect(sandbox.ledger()).toHaveLength(0);
	});

	it('malformed-json afterProcessing: the payout exists but the reply is cut short', async () => {
		sandbox.injectFault(
			{ provider: 'cregis' },
			{ kind: 'malformed-json', afterProcessing: true, status: 200 },
		);
		const reply = await cregisText();
		expect(reply.status).toBe(200);
		expect(() => JSON.parse(reply.text)).toThrow();
		expect(reply.text.startsWith('{"code":"00000"')).toBe(true);
		expect(sandbox.ledger()).toHaveLength(1);
	});

	it('delay: processes after the delay', async () => {
		sandbox.injectFault({ provider: 'oxapay' }, { kind: 'delay', ms: 150 });
		const started = Date.now();
		const reply = await oxapay();
		expect(Date.now() - started).toBeGreaterThanOrEqual(140);
		expect(reply.status).toBe(200);
		expect(sandbox.ledger()).toHaveLength(1);
	});

	it('drop before processing: socket closed, nothing recorded in the ledger', async () => {
		sandbox.injectFault({ provider: 'oxapay' }, { kind: 'drop', afterProcessing: false });
		await expect(oxapay()).rejects.toThrow();
		expect(sandbox.ledger()).toHaveLength(0);
		expect(sandbox.requests[0].status).toBe(0);
	});

	it('drop after processing: the payout exists, the client never hears', async () => {
		sandbox.injectFault({ provider: 'cregis' }, { kind: 'drop', afterProcessing: true });
		await expect(cregis()).rejects.toThrow();
		expect(sandbox.ledger()).toHaveLength(1);
		expect(sandbox.ledger()[0].id).toBe('9007199254740993');
	});

	it('rate-limit: OxaPay 429 envelope with Retry-After, Cregis 429 with an empty body', async () => {
		sandbox.injectFault({ provider: 'oxapay' }, { kind: 'rate-limit', retryAfterSeconds: 7 });
		const oxa = await oxapay();
		expect(oxa.status).toBe(429);
		expect(oxa.headers.get('retry-after')).toBe('7');
		expect(oxa.json).toMatchObject({ status: 429, error: { type: 'rate_limit' } });
		sandbox.injectFault({ provider: 'cregis' }, { kind: 'rate-limit' });
		const cre = await cregisText();
		expect(cre.status).toBe(429);
		expect(cre.text).toBe('');
		expect(cre.headers.get('retry-after')).toBe('1');
		expect(sandbox.ledger()).toHaveLength(0);
	});

	it('ip-not-allowed: OxaPay 403 "Invalid IP address", Cregis E0001 naming the caller IP', async () => {
		sandbox.injectFault({ provider: 'oxapay' }, { kind: 'ip-not-allowed' });
		const oxa = await oxapay();
		expect(oxa.status).toBe(403);
		expect(oxa.json).toMatchObject({
			status: 403,
			message: 'Invalid IP address',
			error: { message: 'Invalid IP address' },
		});
		sandbox.injectFault({ provider: 'cregis' }, { kind: 'ip-not-allowed' });
		const cre = await cregisText();
		expect(cre.status).toBe(200);
		expect(JSON.parse(cre.text)).toEqual({
			code: 'E0001',
			msg: 'The IP is not added to the whitelist list 127.0.0.1',
			data: {},
		});
		expect(sandbox.ledger()).toHaveLength(0);
	});

	it('server-error: OxaPay 500 envelope, Cregis 502 HTML; afterProcessing records first', async () => {
		sandbox.injectFault({ provider: 'oxapay' }, { kind: 'server-error' });
		const oxa = await oxapay();
		expect(oxa.status).toBe(500);
		expect(oxa.json).toMatchObject({ status: 500, error: { type: 'server' } });
		expect(sandbox.ledger()).toHaveLength(0);
		sandbox.injectFault({ provider: 'cregis' }, { kind: 'server-error', afterProcessing: true });
		const cre = await cregisText();
		expect(cre.status).toBe(502);
		expect(cre.text).toContain('502 Bad Gateway');
		expect(sandbox.ledger()).toHaveLength(1);
	});
});

describe('latency', () => {
	it('is added before every provider reply and can be changed at runtime', async () => {
		sandbox.setLatency(120);
		let started = Date.now();
		await oxapay();
		expect(Date.now() - started).toBeGreaterThanOrEqual(110);
		sandbox.setLatency(0);
		started = Date.now();
		await oxapay();
		expect(Date.now() - started).toBeLessThan(100);
		expect(() => sandbox.setLatency(-5)).toThrow();
	});
});

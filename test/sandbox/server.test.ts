import * as http from 'http';

import { parseRawJson, SANDBOX_OXAPAY_KEY, startSandbox, type RawValue } from '../../sandbox';
import { oxapayPost } from './helpers';

const TRON = 'TXsmKpEuW7qWnXzJLGP9eDLvWPR2GRn1FS';
const BODY = `{"address":"${TRON}","currency":"USDT","network":"TRC20","amount":1}`;

describe('startSandbox', () => {
	it.each(['0.0.0.0', '192.168.1.10', '::', 'example.com', '10.0.0.1', 'localhost.evil.com'])(
		'refuses to listen on %s',
		async (host) => {
			await expect(startSandbox({ host })).rejects.toThrow(/loopback only/);
		},
	);

	it('listens on 127.0.0.1 by default with the documented base URLs', async () => {
		const sandbox = await startSandbox();
		try {
			expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
			expect(sandbox.oxapayBaseUrl).toBe(`${sandbox.url}/oxapay/v1`);
			expect(sandbox.cregisBaseUrl).toBe(`${sandbox.url}/cregis`);
		} finally {
			await sandbox.close();
		}
	});

	it('accepts other 127/8 addresses', async () => {
		const sandbox = await startSandbox({ host: '127.0.0.2' }).catch(() => undefined);
		// Some CI kernels only configure 127.0.0.1; the point is that the address is not refused.
		if (sandbox) {
			expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.2:/);
			await sandbox.close();
		}
	});

	it('does not record requests when recordRequests is false, and uses custom keys and starts', async () => {
		const sandbox = await startSandbox({
			recordRequests: false,
			oxapayKeys: ['k-1'],
			trackIdStart: 5,
			cidStart: 123n,
		});
		try {
			expect((await oxapayPost(sandbox.oxapayBaseUrl, BODY, SANDBOX_OXAPAY_KEY)).status).toBe(401);
			const created = await oxapayPost(sandbox.oxapayBaseUrl, BODY, 'k-1');
			expect(created.json.data.track_id).toBe('5');
			expect(sandbox.requests).toHaveLength(0);
			expect(sandbox.ledger()).toHaveLength(1);
		} finally {
			await sandbox.close();
		}
	});

	it('a dropped request looks like a reset connection to a plain http client', async () => {
		const sandbox = await startSandbox();
		try {
			sandbox.injectFault({ provider: 'oxapay' }, { kind: 'drop', afterProcessing: true });
			const error = await new Promise<NodeJS.ErrnoException>((resolve, reject) => {
				const req = http.request(`${sandbox.oxapayBaseUrl}/payout`, {
					method: 'POST',
					headers: { 'content-type': 'application/json', payout_api_key: SANDBOX_OXAPAY_KEY },
				});
				req.on('response', () => reject(new Error('got a response')));
				req.on('error', resolve);
				req.end(BODY);
			});
			expect(error.code).toBe('ECONNRESET');
			expect(error.message).toMatch(/socket hang up|ECONNRESET/);
			expect(sandbox.ledger()).toHaveLength(1);
		} finally {
			await sandbox.close();
		}
	});

	it('refuses bodies over 1 MB with 413', async () => {
		const sandbox = await startSandbox();
		try {
			const reply = await oxapayPost(
				sandbox.oxapayBaseUrl,
				`{"description":"${'x'.repeat(1_100_000)}"}`,
			);
			expect(reply.status).toBe(413);
		} finally {
			await sandbox.close();
		}
	});

	it('close() ends in-flight delays and frees the port', async () => {
		const sandbox = await startSandbox({ latencyMs: 10_000 });
		const pending = oxapayPost(sandbox.oxapayBaseUrl, BODY).catch((error: unknown) => error);
		await new Promise((resolve) => setTimeout(resolve, 50));
		await sandbox.close();
		// fetch rejects (its TypeError comes from another realm, so match the text).
		expect(String(await pending)).toMatch(/fetch failed|terminated|socket/i);
	});
});

describe('parseRawJson', () => {
	const number = (text: string) => parseRawJson(text) as Extract<RawValue, { type: 'number' }>;

	it('keeps number literals and their kind', () => {
		expect(number('9007199254740993')).toEqual({
			type: 'number',
			literal: '9007199254740993',
			kind: 'integer',
		});
		expect(number('0.10')).toEqual({ type: 'number', literal: '0.10', kind: 'decimal' });
		expect(number('-1.5E-7')).toEqual({ type: 'number', literal: '-1.5E-7', kind: 'exponent' });
	});

	it('tells strings from numbers and keeps key order', () => {
		const value = parseRawJson(' {"b":"5","a":5,"c":[true,null,{"\\u0041":"\\n"}]} ');
		if (value.type !== 'object') throw new Error('expected an object');
		expect([...value.fields.keys()]).toEqual(['b', 'a', 'c']);
		expect(value.fields.get('b')).toEqual({ type: 'string', value: '5' });
		expect(value.fields.get('a')).toEqual({ type: 'number', literal: '5', kind: 'integer' });
		expect(value.fields.get('c')).toEqual({
			type: 'array',
			items: [
				{ type: 'boolean', value: true },
				{ type: 'null' },
				{ type: 'object', fields: new Map([['A', { type: 'string', value: '\n' }]]) },
			],
		});
	});

	it('keeps __proto__ as plain data', () => {
		const value = parseRawJson('{"__proto__":{"polluted":1}}');
		if (value.type !== 'object') throw new Error('expected an object');
		expect(value.fields.get('__proto__')?.type).toBe('object');
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	it.each([
		'',
		'{',
		'{"a":1,}',
		'{"a":1}x',
		'01',
		'1.',
		'.5',
		'+1',
		'"\\x"',
		'{"a":1,"a":2}',
		'tru',
		'[1 2]',
		'NaN',
		'"a\u0001"',
		'['.repeat(100),
	])('refuses %j', (text) => {
		expect(() => parseRawJson(text)).toThrow(/Invalid JSON/);
	});
});

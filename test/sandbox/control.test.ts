import { createHmac } from 'crypto';

import { SANDBOX_CREGIS, SANDBOX_OXAPAY_KEY, type Sandbox } from '../../sandbox';
import { call, cregisBody, cregisPost, oxapayPost, startReceiver, useSandbox } from './helpers';

const TRON = 'TXsmKpEuW7qWnXzJLGP9eDLvWPR2GRn1FS';

const getSandbox = useSandbox();
let sandbox: Sandbox;
beforeEach(() => {
	sandbox = getSandbox();
});

const control = (
	path: string,
	method = 'GET',
	body?: unknown,
	headers: Record<string, string> = {},
) =>
	call(`${sandbox.url}/_sandbox${path}`, {
		method,
		headers: { 'content-type': 'application/json', ...headers },
		body: body === undefined ? undefined : JSON.stringify(body),
	});

describe('/_sandbox control endpoints', () => {
	it('describes itself with base URLs and test credentials', async () => {
		const info = await control('');
		expect(info.status).toBe(200);
		expect(info.json).toMatchObject({
			url: sandbox.url,
			oxapayBaseUrl: sandbox.oxapayBaseUrl,
			cregisBaseUrl: sandbox.cregisBaseUrl,
			oxapay: { payoutApiKeys: [SANDBOX_OXAPAY_KEY] },
			cregis: { projects: [SANDBOX_CREGIS] },
			latencyMs: 0,
		});
	});

	it('serves the ledger and the recorded requests', async () => {
		await oxapayPost(
			sandbox.oxapayBaseUrl,
			`{"address":"${TRON}","currency":"USDT","network":"TRC20","amount":3}`,
		);
		const ledger = await control('/ledger');
		expect(ledger.json).toEqual([
			expect.objectContaining({
				provider: 'oxapay',
				id: '258300000',
				amount: '3',
				status: 'processing',
			}),
		]);
		const requests = await control('/requests');
		expect(requests.json[0]).toMatchObject({
			provider: 'oxapay',
			method: 'POST',
			path: '/payout',
			status: 200,
		});
		expect(requests.json[1]).toMatchObject({
			provider: 'control',
			method: 'GET',
			path: '/ledger',
			status: 200,
		});
		expect((await control('/payouts/258300000')).json).toMatchObject({ id: '258300000' });
		expect((await control('/payouts/1')).status).toBe(404);
	});

	it('queues faults (path or pathRegex, times), clears them, and sets latency', async () => {
		const add = await control('/faults', 'POST', {
			match: { provider: 'cregis', pathRegex: '^/api/v1/' },
			fault: { kind: 'rate-limit', retryAfterSeconds: 3 },
			times: 2,
		});
		expect(add.json).toEqual({ ok: true });
		const body = () =>
			cregisBody({
				currency: '195@195',
				address: TRON,
				amount: '1',
				third_party_id: `F-${Math.random()}`,
			});
		expect((await cregisPost(sandbox.cregisBaseUrl, '/api/v1/payout', body())).status).toBe(429);
		expect((await cregisPost(sandbox.cregisBaseUrl, '/api/v1/coins', cregisBody({}))).status).toBe(
			429,
		);
		expect((await cregisPost(sandbox.cregisBaseUrl, '/api/v1/payout', body())).status).toBe(200);

		await control('/faults', 'POST', {
			match: { path: '/payout' },
			fault: { kind: 'server-error' },
			times: 'Infinity',
		});
		expect((await oxapayPost(sandbox.oxapayBaseUrl, '{}')).status).toBe(500);
		expect((await oxapayPost(sandbox.oxapayBaseUrl, '{}')).status).toBe(500);
		expect((await control('/faults', 'DELETE')).json).toEqual({ ok: true });
		expect((await oxapayPost(sandbox.oxapayBaseUrl, '{}')).status).toBe(400);

		expect((await control('/faults', 'POST', { fault: { kind: 'bogus' } })).status).toBe(400);
		expect(
			(await control('/faults', 'POST', { match: { path: 5 }, fault: { kind: 'html' } })).status,
		).toBe(400);
		expect((await control('/latency', 'POST', { ms: 25 })).json).toEqual({
			ok: true,
			latencyMs: 25,
		});
		expect((await control('/latency', 'POST', { ms: -1 })).status).toBe(400);
		await control('/latency', 'POST', { ms: 0 });
	});

	it('moves a payout along and delivers its callback', async () => {
		const receiver = await startReceiver('ok');
		try {
			const created = await oxapayPost(
				sandbox.oxapayBaseUrl,
				`{"address":"${TRON}","currency":"USDT","network":"TRC20","amount":3,"callback_url":"${receiver.url}"}`,
			);
			const id = created.json.data.track_id;
			expect((await control(`/payouts/${id}/callback`, 'POST')).status).toBe(409);
			const moved = await control(`/payouts/${id}/status`, 'POST', {
				status: 'confirmed',
				txHash: 'T-1',
			});
			expect(moved.json).toMatchObject({ id, status: 'confirmed', txHash: 'T-1' });
			const delivered = await control(`/payouts/${id}/callback`, 'POST');
			expect(delivered.json).toEqual({ status: 200, body: 'ok', accepted: true });
			const { body, headers } = receiver.received[0];
			expect(headers.hmac).toBe(
				createHmac('sha512', SANDBOX_OXAPAY_KEY).update(body).digest('hex'),
			);
			expect((await control(`/payouts/${id}/status`, 'POST', { status: 'bogus' })).status).toBe(
				400,
			);
			expect((await control(`/payouts/${id}/status`, 'POST', {})).status).toBe(400);
		} finally {
			await receiver.close();
		}
	});

	it('resets ledger, requests, faults and id numbering', async () => {
		await oxapayPost(
			sandbox.oxapayBaseUrl,
			`{"address":"${TRON}","currency":"USDT","network":"TRC20","amount":3}`,
		);
		await control('/faults', 'POST', { fault: { kind: 'html' } });
		expect((await control('/reset', 'POST')).json).toEqual({ ok: true });
		expect(sandbox.ledger()).toEqual([]);
		// The reset call was recorded before it ran, so it is cleared too.
		expect(sandbox.requests).toHaveLength(0);
		const again = await oxapayPost(
			sandbox.oxapayBaseUrl,
			`{"address":"${TRON}","currency":"USDT","network":"TRC20","amount":3}`,
		);
		expect(again.status).toBe(200);
		expect(again.json.data.track_id).toBe('258300000');
	});

	it('refuses cross-origin callers, unknown endpoints, bad bodies and wrong methods', async () => {
		expect(
			(await control('/ledger', 'GET', undefined, { origin: 'https://evil.example' })).status,
		).toBe(403);
		expect(
			(await control('/ledger', 'GET', undefined, { origin: 'http://localhost:5678' })).status,
		).toBe(200);
		expect((await control('/nothing')).status).toBe(404);
		expect(
			(await call(`${sandbox.url}/_sandbox/faults`, { method: 'POST', body: '{oops' })).status,
		).toBe(400);
		expect(
			(await call(`${sandbox.url}/_sandbox/faults`, { method: 'POST', body: '[]' })).status,
		).toBe(400);
		await oxapayPost(
			sandbox.oxapayBaseUrl,
			`{"address":"${TRON}","currency":"USDT","network":"TRC20","amount":3}`,
		);
		expect((await control('/payouts/258300000/status', 'GET')).status).toBe(405);
		expect((await call(`${sandbox.url}/elsewhere`)).status).toBe(404);
	});
});

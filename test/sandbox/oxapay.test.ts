import { SANDBOX_OXAPAY_KEY, type Sandbox } from '../../sandbox';
import { call, oxapayGet, oxapayPost, useSandbox } from './helpers';

const TRON = 'TXsmKpEuW7qWnXzJLGP9eDLvWPR2GRn1FS';
const EVM = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed';
const OTHER_KEY = 'sandbox-oxapay-payout-key-1111';

const getSandbox = useSandbox({ oxapayKeys: [SANDBOX_OXAPAY_KEY, OTHER_KEY] });
let sandbox: Sandbox;
beforeEach(() => {
	sandbox = getSandbox();
});

const usdt = (amount: string, extra = '') =>
	`{"address":"${TRON}","currency":"USDT","network":"TRC20","amount":${amount}${extra}}`;

function expectError(
	result: { status: number; json: any },
	status: number,
	key: string,
	message?: string | RegExp,
) {
	expect(result.status).toBe(status);
	expect(result.json).toMatchObject({ data: {}, status, version: '1.0.0', error: { key } });
	expect(typeof result.json.error.type).toBe('string');
	if (message !== undefined) expect(result.json.error.message).toMatch(message);
}

describe('OxaPay auth', () => {
	it('refuses a missing or wrong payout_api_key with a 401 envelope that does not echo the key', async () => {
		const missing = await oxapayPost(sandbox.oxapayBaseUrl, usdt('5'), null);
		expectError(missing, 401, 'payout_api_key');
		expect(missing.json.error.type).toBe('authentication');
		const wrong = await oxapayPost(sandbox.oxapayBaseUrl, usdt('5'), 'definitely-wrong-key-42');
		expectError(wrong, 401, 'payout_api_key');
		expect(wrong.text).not.toContain('definitely-wrong-key-42');
		expect((await oxapayGet(sandbox.oxapayBaseUrl, '/payout', 'nope')).status).toBe(401);
		expect((await oxapayGet(sandbox.oxapayBaseUrl, '/payout/258300000', null)).status).toBe(401);
		expect(sandbox.ledger()).toHaveLength(0);
	});

	it('serves /common/currencies and /common/networks without a key', async () => {
		const currencies = await oxapayGet(sandbox.oxapayBaseUrl, '/common/currencies', null);
		expect(currencies.status).toBe(200);
		expect(currencies.json.data.USDT.networks.Tron).toMatchObject({
			network: 'Tron',
			name: 'Tron Network',
			keys: ['Tron', 'TRC20', 'TRX'],
			withdraw_fee: 1,
			withdraw_min: 0.01,
		});
		expect(currencies.json.data.BTC).toMatchObject({
			symbol: 'BTC',
			name: 'Bitcoin',
			status: true,
		});
		// Written as exact literals, never via a float (a float would print 4.5e-5).
		expect(currencies.text).toContain('"withdraw_min":0.000045');
		expect(currencies.text).not.toMatch(/\de-\d/);
		const networks = await oxapayGet(sandbox.oxapayBaseUrl, '/common/networks', null);
		expect(networks.json.data.list).toEqual(
			expect.arrayContaining(['Tron Network', 'Bitcoin Network', 'Binance Smart Chain']),
		);
		expect(networks.json.message).toBe('Operation completed successfully!');
	});
});

describe('OxaPay POST /payout validation', () => {
	it('rejects a string amount', async () => {
		expectError(
			await oxapayPost(sandbox.oxapayBaseUrl, usdt('"5"')),
			400,
			'amount',
			/^The amount must be a number\.$/,
		);
	});

	it('rejects an over-precise amount, an exponent, zero, negatives and amounts below the minimum', async () => {
		expectError(
			await oxapayPost(sandbox.oxapayBaseUrl, usdt('1.1234567')),
			400,
			'amount',
			/at most 6 decimal/,
		);
		expectError(await oxapayPost(sandbox.oxapayBaseUrl, usdt('1e2')), 400, 'amount', /exponent/);
		expectError(
			await oxapayPost(sandbox.oxapayBaseUrl, usdt('0')),
			400,
			'amount',
			/greater than 0/,
		);
		expectError(
			await oxapayPost(sandbox.oxapayBaseUrl, usdt('-3')),
			400,
			'amount',
			/greater than 0/,
		);
		expectError(
			await oxapayPost(sandbox.oxapayBaseUrl, usdt('0.009999')),
			400,
			'amount',
			/^Amount is below the minimum limit$/,
		);
		const btc = `{"address":"bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4","currency":"BTC","amount":0.00004499}`;
		expectError(await oxapayPost(sandbox.oxapayBaseUrl, btc), 400, 'amount', /minimum/);
		expect(sandbox.ledger()).toHaveLength(0);
		// Trailing zeros are not precision.
		expect((await oxapayPost(sandbox.oxapayBaseUrl, usdt('1.100000000'))).status).toBe(200);
		expect((await oxapayPost(sandbox.oxapayBaseUrl, usdt('0.01'))).status).toBe(200);
	});

	it('checks required fields, types, network rules, unknown fields, callback_url and Content-Type', async () => {
		expectError(
			await oxapayPost(sandbox.oxapayBaseUrl, `{"currency":"USDT","network":"Tron","amount":5}`),
			400,
			'address',
			/required/,
		);
		expectError(
			await oxapayPost(
				sandbox.oxapayBaseUrl,
				`{"address":123,"currency":"USDT","network":"Tron","amount":5}`,
			),
			400,
			'address',
		);
		expectError(
			await oxapayPost(sandbox.oxapayBaseUrl, `{"address":"${TRON}","network":"Tron","amount":5}`),
			400,
			'currency',
		);
		expectError(
			await oxapayPost(sandbox.oxapayBaseUrl, `{"address":"${TRON}","currency":"NOPE","amount":5}`),
			400,
			'currency',
			'Invalid currency',
		);
		expectError(
			await oxapayPost(sandbox.oxapayBaseUrl, `{"address":"${TRON}","currency":"USDT","amount":5}`),
			400,
			'network',
			/required/,
		);
		expectError(
			await oxapayPost(
				sandbox.oxapayBaseUrl,
				`{"address":"${TRON}","currency":"USDT","network":"Dogechain","amount":5}`,
			),
			400,
			'network',
			'Invalid network',
		);
		expectError(
			await oxapayPost(
				sandbox.oxapayBaseUrl,
				`{"address":"${TRON}","currency":"USDT","network":7,"amount":5}`,
			),
			400,
			'network',
		);
		expectError(
			await oxapayPost(sandbox.oxapayBaseUrl, usdt('5', ',"ammount":5')),
			400,
			'ammount',
			/not allowed/,
		);
		expectError(
			await oxapayPost(sandbox.oxapayBaseUrl, usdt('5', ',"callback_url":"ftp://x"')),
			400,
			'callback_url',
		);
		expectError(await oxapayPost(sandbox.oxapayBaseUrl, usdt('5', ',"memo":5')), 400, 'memo');
		expectError(
			await oxapayPost(sandbox.oxapayBaseUrl, usdt('5', ',"description":false')),
			400,
			'description',
		);
		expectError(await oxapayPost(sandbox.oxapayBaseUrl, '[1,2]'), 400, 'body');
		expectError(await oxapayPost(sandbox.oxapayBaseUrl, '{"address":'), 400, 'body');
		expectError(await oxapayPost(sandbox.oxapayBaseUrl, usdt('5', ',"amount":6')), 400, 'body');
		const form = await call(`${sandbox.oxapayBaseUrl}/payout`, {
			method: 'POST',
			headers: {
				payout_api_key: SANDBOX_OXAPAY_KEY,
				'content-type': 'application/x-www-form-urlencoded',
			},
			body: 'address=x&amount=5',
		});
		expectError(form, 400, 'content_type');
		expect(sandbox.ledger()).toHaveLength(0);
	});

	it('accepts network keys and aliases case-insensitively and a single-network currency without one', async () => {
		for (const network of ['Tron', 'TRC20', 'trc20', 'TRX']) {
			expect(
				(
					await oxapayPost(
						sandbox.oxapayBaseUrl,
						`{"address":"${TRON}","currency":"USDT","network":"${network}","amount":1}`,
					)
				).status,
			).toBe(200);
		}
		const btc = await oxapayPost(
			sandbox.oxapayBaseUrl,
			`{"address":"bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4","currency":"BTC","amount":0.001,"network":""}`,
		);
		expect(btc.status).toBe(200);
		expect(sandbox.ledger().map((entry) => entry.network)).toEqual([
			'Tron',
			'Tron',
			'Tron',
			'Tron',
			'Bitcoin',
		]);
	});
});

describe('OxaPay happy path', () => {
	it('creates a payout, records it exactly and serves it from /payout/:track_id', async () => {
		const body = `{"address":"${EVM}","currency":"ETH","network":"ERC20","amount":123456789.123456789012345678,"callback_url":"http://127.0.0.1:9/cb","memo":"m-1","description":"Order #1"}`;
		const created = await oxapayPost(sandbox.oxapayBaseUrl, body);
		expect(created.status).toBe(200);
		expect(created.json).toEqual({
			data: { track_id: expect.stringMatching(/^\d+$/), status: 'processing' },
			message: 'Operation completed successfully!',
			error: {},
			status: 200,
			version: '1.0.0',
		});
		const trackId = created.json.data.track_id as string;
		expect(Number(trackId)).toBeGreaterThanOrEqual(258300000);

		const [entry] = sandbox.ledger();
		expect(entry).toMatchObject({
			provider: 'oxapay',
			id: trackId,
			address: EVM,
			currency: 'ETH',
			network: 'Ethereum',
			amount: '123456789.123456789012345678',
			memo: 'm-1',
			description: 'Order #1',
			callbackUrl: 'http://127.0.0.1:9/cb',
			status: 'processing',
			fee: '0.0002',
		});

		const info = await oxapayGet(sandbox.oxapayBaseUrl, `/payout/${trackId}`);
		expect(info.status).toBe(200);
		expect(info.text).toContain('"amount":123456789.123456789012345678,');
		expect(info.text).toContain('"fee":0.0002,');
		expect(info.json.data).toMatchObject({
			track_id: trackId,
			address: EVM,
			currency: 'ETH',
			network: 'Ethereum Network',
			status: 'processing',
			tx_hash: '',
			description: 'Order #1',
			internal: false,
			memo: 'm-1',
			date: Math.floor(entry.createdAt / 1000),
		});

		sandbox.setPayoutStatus(trackId, 'Confirmed');
		const after = await oxapayGet(sandbox.oxapayBaseUrl, `/payout/${trackId}`);
		expect(after.json.data.status).toBe('confirmed');
		expect(after.json.data.tx_hash).toMatch(/^0x[0-9a-f]{64}$/);
	});

	it('answers 404 for an unknown track_id, a payout of another key, and unknown paths', async () => {
		expectError(await oxapayGet(sandbox.oxapayBaseUrl, '/payout/1'), 404, 'track_id');
		const created = await oxapayPost(sandbox.oxapayBaseUrl, usdt('5'), OTHER_KEY);
		expectError(
			await oxapayGet(sandbox.oxapayBaseUrl, `/payout/${created.json.data.track_id}`),
			404,
			'track_id',
		);
		expect(
			(await oxapayGet(sandbox.oxapayBaseUrl, `/payout/${created.json.data.track_id}`, OTHER_KEY))
				.status,
		).toBe(200);
		expect((await oxapayGet(sandbox.oxapayBaseUrl, '/nothing')).status).toBe(404);
		expect(
			(
				await call(`${sandbox.oxapayBaseUrl}/payout`, {
					method: 'DELETE',
					headers: { payout_api_key: SANDBOX_OXAPAY_KEY },
				})
			).status,
		).toBe(405);
	});
});

describe('OxaPay GET /payout (history)', () => {
	async function seed() {
		const ids: string[] = [];
		for (const amount of ['5', '0.5', '12.25', '100', '7']) {
			ids.push((await oxapayPost(sandbox.oxapayBaseUrl, usdt(amount))).json.data.track_id);
		}
		ids.push(
			(
				await oxapayPost(
					sandbox.oxapayBaseUrl,
					`{"address":"${EVM}","currency":"ETH","network":"Base","amount":0.5}`,
				)
			).json.data.track_id,
		);
		ids.push((await oxapayPost(sandbox.oxapayBaseUrl, usdt('3'), OTHER_KEY)).json.data.track_id);
		return ids;
	}

	it('paginates newest first by default, scoped to the key', async () => {
		const ids = await seed();
		const first = await oxapayGet(sandbox.oxapayBaseUrl, '/payout?size=4&page=1');
		expect(first.status).toBe(200);
		expect(first.json.data.meta).toEqual({ page: 1, last_page: 2, total: 6 });
		expect(first.json.data.list.map((item: any) => item.track_id)).toEqual([
			ids[5],
			ids[4],
			ids[3],
			ids[2],
		]);
		const second = await oxapayGet(sandbox.oxapayBaseUrl, '/payout?size=4&page=2');
		expect(second.json.data.list.map((item: any) => item.track_id)).toEqual([ids[1], ids[0]]);
		const beyond = await oxapayGet(sandbox.oxapayBaseUrl, '/payout?size=4&page=9');
		expect(beyond.json.data).toEqual({ list: [], meta: { page: 9, last_page: 2, total: 6 } });
		const defaults = await oxapayGet(sandbox.oxapayBaseUrl, '/payout');
		expect(defaults.json.data.meta).toEqual({ page: 1, last_page: 1, total: 6 });
	});

	it('filters by currency, network, status, type, exact amount range and dates; sorts by amount', async () => {
		const ids = await seed();
		const list = async (query: string) =>
			(await oxapayGet(sandbox.oxapayBaseUrl, `/payout?${query}`)).json.data.list.map(
				(item: any) => item.track_id,
			);
		expect(await list('currency=eth')).toEqual([ids[5]]);
		expect(await list('network=Base')).toEqual([ids[5]]);
		expect(await list('network=Tron%20Network&sort_by=amount&sort_type=asc')).toEqual([
			ids[1],
			ids[0],
			ids[4],
			ids[2],
			ids[3],
		]);
		expect(
			await list('currency=USDT&from_amount=5&to_amount=12.25&sort_by=amount&sort_type=asc'),
		).toEqual([ids[0], ids[4], ids[2]]);
		expect(await list('from_amount=12.2500000001')).toEqual([ids[3]]);
		expect(await list('type=internal')).toEqual([]);
		expect((await list('type=external')).length).toBe(6);
		sandbox.setPayoutStatus(ids[2], 'confirmed');
		expect(await list('status=confirmed')).toEqual([ids[2]]);
		const now = Math.floor(Date.now() / 1000);
		expect((await list(`from_date=${now - 60}&to_date=${now + 60}`)).length).toBe(6);
		expect(await list(`to_date=${now - 3600}`)).toEqual([]);
	});

	it('refuses invalid size, page, sort and filter values', async () => {
		for (const [query, key] of [
			['size=0', 'size'],
			['size=201', 'size'],
			['size=abc', 'size'],
			['page=0', 'page'],
			['sort_by=fee', 'sort_by'],
			['sort_type=up', 'sort_type'],
			['type=both', 'type'],
			['from_amount=1e3', 'from_amount'],
			['to_date=yesterday', 'to_date'],
		]) {
			expectError(await oxapayGet(sandbox.oxapayBaseUrl, `/payout?${query}`), 400, key);
		}
		expect((await oxapayGet(sandbox.oxapayBaseUrl, '/payout?size=200')).status).toBe(200);
	});
});

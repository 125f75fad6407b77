import { SANDBOX_CREGIS, startSandbox, type Sandbox } from '../../sandbox';
import { call, cregisBody, cregisPost, md5Sign, useSandbox } from './helpers';

const TRON = 'TXsmKpEuW7qWnXzJLGP9eDLvWPR2GRn1FS';
const PAYOUT = '/api/v1/payout';

/** TV1 from the Cregis signature docs: exact bytes, pid and timestamp as numbers. */
const TV1 =
	'{"pid":1382528827416576,"currency":"195@195","address":"TXsmKpEuW7qWnXzJLGP9eDLvWPR2GRn1FS","amount":"1.1","remark":"payout",' +
	'"third_party_id":"c9231e604da54469a735af3f449c880f","callback_url":"http://192.168.2.29:9099/callback","nonce":"hwlkk6",' +
	'"timestamp":1688004243314,"sign":"d6eef2de79e39f434a38efb910213ba6"}';

const getSandbox = useSandbox();
let sandbox: Sandbox;
beforeEach(() => {
	sandbox = getSandbox();
});

const payout = (
	fields: Record<string, string | undefined>,
	options?: Parameters<typeof cregisBody>[1],
) => cregisPost(sandbox.cregisBaseUrl, PAYOUT, cregisBody(fields, options));
const trx = (extra: Record<string, string | undefined> = {}) => ({
	currency: '195@195',
	address: TRON,
	amount: '1.1',
	third_party_id: `ref-${Math.random().toString(36).slice(2)}`,
	...extra,
});

function expectCode(result: { status: number; json: any }, code: string, msg?: string | RegExp) {
	expect(result.status).toBe(200);
	expect(result.json.code).toBe(code);
	if (msg !== undefined) expect(result.json.msg).toMatch(msg);
}

describe('Cregis signature checks', () => {
	it('accepts the documented test vector TV1 when the timestamp window allows it', async () => {
		const open = await startSandbox({ cregisTimestampWindowMs: Infinity });
		try {
			const result = await cregisPost(open.cregisBaseUrl, PAYOUT, TV1);
			expectCode(result, '00000', 'ok');
			expect(result.text).toBe('{"code":"00000","msg":"ok","data":{"cid":9007199254740993}}');
			expect(open.ledger()[0]).toMatchObject({
				provider: 'cregis',
				id: '9007199254740993',
				reference: 'c9231e604da54469a735af3f449c880f',
				currency: '195@195',
				network: 'tron',
				amount: '1.1',
				description: 'payout',
				callbackUrl: 'http://192.168.2.29:9099/callback',
				status: 0,
			});
			// The same bytes again: the nonce is spent.
			expectCode(
				await cregisPost(open.cregisBaseUrl, PAYOUT, TV1),
				'A0001',
				'Param Error: nonce reused',
			);
		} finally {
			await open.close();
		}
	});

	it('refuses TV1 under the default 5-minute window (its timestamp is from 2023)', async () => {
		expectCode(
			await cregisPost(sandbox.cregisBaseUrl, PAYOUT, TV1),
			'A0001',
			'Param Error: timestamp',
		);
		expect(sandbox.ledger()).toHaveLength(0);
	});

	it('refuses a wrong, malformed or missing sign with B0001', async () => {
		expectCode(
			await payout(trx(), { apiKey: '00000000000000000000000000000000' }),
			'B0001',
			'Signature Error',
		);
		const good = cregisBody(trx());
		const sign = /"sign":"([0-9a-f]{32})"/.exec(good)![1];
		expectCode(
			await cregisPost(sandbox.cregisBaseUrl, PAYOUT, good.replace(sign, sign.toUpperCase())),
			'B0001',
		);
		expectCode(await payout(trx(), { sign: 'abc' }), 'B0001');
		const noSign = good.replace(/,"sign":"[0-9a-f]{32}"/, '');
		expectCode(await cregisPost(sandbox.cregisBaseUrl, PAYOUT, noSign), 'B0001');
		// A field changed after signing.
		expectCode(
			await cregisPost(
				sandbox.cregisBaseUrl,
				PAYOUT,
				good.replace('"amount":"1.1"', '"amount":"1.10"'),
			),
			'B0001',
		);
		expect(sandbox.ledger()).toHaveLength(0);
	});

	it('signs numbers by their literal text: pid as a digit string works, a rounded pid does not', async () => {
		expectCode(await payout(trx(), { numbers: ['timestamp'] }), '00000');
		const body = cregisBody(trx()).replace('"pid":1382528827416576', '"pid":1382528827416576.0');
		expectCode(await cregisPost(sandbox.cregisBaseUrl, PAYOUT, body), 'E0003');
	});

	it('checks pid, nonce and timestamp in order', async () => {
		expectCode(
			await payout(trx(), { omit: ['pid'] }),
			'E0003',
			'Item does not exist or item status is anomalous',
		);
		expectCode(await payout({ ...trx(), pid: '1' }), 'E0003');
		expectCode(await payout({ ...trx(), nonce: 'abc' }), 'A0001', 'Param Error: nonce');
		expectCode(await payout({ ...trx(), nonce: 'abc-12' }), 'A0001', 'Param Error: nonce');
		expectCode(await payout(trx(), { omit: ['nonce'] }), 'A0001', 'Param Error: nonce');
		expectCode(
			await payout({ ...trx(), timestamp: String(Date.now() - 6 * 60_000) }),
			'A0001',
			'Param Error: timestamp',
		);
		expectCode(
			await payout({ ...trx(), timestamp: String(Date.now() + 6 * 60_000) }),
			'A0001',
			'Param Error: timestamp',
		);
		expectCode(await payout({ ...trx(), timestamp: String(Date.now() - 4 * 60_000) }), '00000');
		expectCode(
			await payout({ ...trx(), timestamp: String(Date.now() / 1000) }),
			'A0001',
			'Param Error: timestamp',
		);
		// Timestamp as a digit string, as the PHP SDK sends it.
		expectCode(await payout(trx(), { numbers: ['pid'] }), '00000');
	});

	it('refuses a nonce reused by the same project within the window', async () => {
		expectCode(await payout({ ...trx(), nonce: 'Ab12cd' }), '00000');
		expectCode(await payout({ ...trx(), nonce: 'Ab12cd' }), 'A0001', 'Param Error: nonce reused');
		expect(sandbox.ledger()).toHaveLength(1);
	});
});

describe('Cregis POST /api/v1/payout', () => {
	it('returns each cid as an unquoted integer above 2^53, counting up', async () => {
		const first = await payout(trx());
		const second = await payout(trx());
		expect(first.text).toBe('{"code":"00000","msg":"ok","data":{"cid":9007199254740993}}');
		expect(second.text).toBe('{"code":"00000","msg":"ok","data":{"cid":9007199254740994}}');
		expect(sandbox.ledger().map((entry) => entry.id)).toEqual([
			'9007199254740993',
			'9007199254740994',
		]);
	});

	it('E0009: a duplicate third_party_id creates nothing', async () => {
		expectCode(await payout(trx({ third_party_id: 'INV-1' })), '00000');
		const before = sandbox.ledger();
		expectCode(
			await payout(trx({ third_party_id: 'INV-1', amount: '2' })),
			'E0009',
			'Duplicate business number',
		);
		expect(sandbox.ledger()).toEqual(before);
		// And the cid sequence did not move.
		expect((await payout(trx())).text).toContain('"cid":9007199254740994');
	});

	it('validates amount type, value and precision', async () => {
		expectCode(
			await payout(trx({ amount: '1.1' }), { numbers: ['pid', 'timestamp', 'amount'] }),
			'A0001',
			'Param Error: amount',
		);
		expectCode(await payout(trx({ amount: '1e3' })), 'A0001', 'Param Error: amount');
		expectCode(
			await payout(trx({ amount: '0' })),
			'E0006',
			'The withdrawal amount must be greater than 0',
		);
		expectCode(await payout(trx({ amount: '-1' })), 'E0006');
		expectCode(
			await payout(trx({ amount: '1.1234567' })),
			'E0007',
			'Incorrect accuracy of the withdrawal amount',
		);
		expectCode(await payout(trx({ amount: '1.1234560' })), '00000');
		expectCode(
			await payout(
				trx({
					currency: '60@60',
					address: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
					amount: '0.123456789012345678',
				}),
			),
			'00000',
		);
		expectCode(
			await payout(
				trx({
					currency: '0@0',
					address: 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4',
					amount: '0.123456789',
				}),
			),
			'E0007',
		);
	});

	it('validates currency, address, third_party_id, callback_url, remark, memo and unknown fields', async () => {
		expectCode(await payout(trx({ currency: '195@nope' })), 'E0005', 'Unsupported coin');
		expectCode(await payout(trx({ currency: 'USDT-TRC20' })), '00000');
		expectCode(await payout(trx({ currency: undefined })), 'A0001', 'Param Error: currency');
		expectCode(
			await payout(trx({ address: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed' })),
			'E0008',
			'Address is invalid',
		);
		expectCode(await payout(trx({ address: '' })), 'A0001', 'Param Error: address');
		expectCode(await payout(trx({ third_party_id: '' })), 'A0001', 'Param Error: third_party_id');
		expectCode(
			await payout(trx({ callback_url: 'not a url' })),
			'A0001',
			'Param Error: callback_url',
		);
		expectCode(await payout(trx({ remark: 'x'.repeat(257) })), 'A0001', 'Param Error: remark');
		expectCode(await payout(trx({ remark: 'x'.repeat(256) })), '00000');
		expectCode(await payout(trx({ memo: '123' })), 'A0001', 'Param Error: memo');
		expectCode(await payout(trx({ wallet_id: '1' })), 'A0001', 'Param Error: wallet_id');
		const xrp = (memo: string) =>
			trx({
				currency: '144@144',
				address: 'rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh',
				amount: '1',
				memo,
			});
		expectCode(await payout(xrp('4294967295')), 'E0032', /numeric characters/);
		expectCode(await payout(xrp('12a')), 'E0032');
		expectCode(await payout(xrp('4294967294')), '00000');
		const ton = trx({
			currency: '2000@2000',
			address: 'EQCD39VS5jcptHL8vMjEXrzGaRcCVYto7HUn4bpAOg8xqB2N',
			amount: '1',
			memo: 'hello',
		});
		expectCode(await payout(ton), '00000');
		expect(sandbox.ledger().find((entry) => entry.currency === '2000@2000')?.memo).toBe('hello');
	});

	it('refuses non-objects, nested values, wrong methods, paths and media types', async () => {
		expectCode(
			await cregisPost(sandbox.cregisBaseUrl, PAYOUT, '[1]'),
			'A0001',
			'Param Error: body',
		);
		expectCode(await cregisPost(sandbox.cregisBaseUrl, PAYOUT, '{"pid":'), 'A0001');
		expectCode(
			await cregisPost(sandbox.cregisBaseUrl, PAYOUT, '{"pid":1382528827416576,"extra":{"a":1}}'),
			'A0001',
			'Param Error: extra',
		);
		expect((await call(`${sandbox.cregisBaseUrl}${PAYOUT}`)).status).toBe(405);
		expect((await cregisPost(sandbox.cregisBaseUrl, '/api/v1/nothing', '{}')).status).toBe(404);
		const text = await call(`${sandbox.cregisBaseUrl}${PAYOUT}`, {
			method: 'POST',
			headers: { 'content-type': 'text/plain' },
			body: '{}',
		});
		expect(text.status).toBe(415);
	});
});

describe('Cregis query, coins and address checks', () => {
	it('queries a payout by cid (number or digit string) with raw pid/cid literals', async () => {
		await payout(
			trx({ third_party_id: 'Q-1', remark: 'r', callback_url: 'http://127.0.0.1:1/cb' }),
		);
		const byNumber = await cregisPost(
			sandbox.cregisBaseUrl,
			'/api/v1/payout/query',
			cregisBody({ cid: '9007199254740993' }),
		);
		expectCode(byNumber, '00000', 'ok');
		expect(byNumber.text).toContain('"pid":1382528827416576,"cid":9007199254740993,');
		expect(byNumber.json.data).toMatchObject({
			chain_id: '195',
			token_id: '195',
			currency: 'TRX',
			from_address: 'TRsYEaEd1UbNsoXDza3jyJTnwavk6iWBdk',
			address: TRON,
			amount: '1.1',
			status: 0,
			third_party_id: 'Q-1',
			remark: 'r',
			memo: '',
			txid: '',
			block_height: '',
			block_time: null,
		});
		sandbox.setPayoutStatus('9007199254740993', 6, { txHash: 'abc123' });
		const byString = await cregisPost(
			sandbox.cregisBaseUrl,
			'/api/v1/payout/query',
			cregisBody({ cid: '9007199254740993' }, { numbers: ['pid', 'timestamp'] }),
		);
		expect(byString.json.data).toMatchObject({
			status: 6,
			txid: 'abc123',
			block_height: expect.stringMatching(/^\d+$/),
		});
		expect(typeof byString.json.data.block_time).toBe('number');
		expectCode(
			await cregisPost(sandbox.cregisBaseUrl, '/api/v1/payout/query', cregisBody({ cid: '1' })),
			'E0015',
			'Item order does not exist',
		);
		expectCode(
			await cregisPost(sandbox.cregisBaseUrl, '/api/v1/payout/query', cregisBody({ cid: 'x' })),
			'A0001',
			'Param Error: cid',
		);
	});

	it('TV3 (payout query) verifies with an open timestamp window', async () => {
		const open = await startSandbox({ cregisTimestampWindowMs: Infinity });
		try {
			const body =
				'{"pid":1382528827416576,"cid":1382626461605888,"nonce":"sw7kv5","timestamp":1687853722065,"sign":"af825ddb839e6796d62977caf18d3394"}';
			expectCode(await cregisPost(open.cregisBaseUrl, '/api/v1/payout/query', body), 'E0015');
		} finally {
			await open.close();
		}
	});

	it('lists payout coins from the currency table', async () => {
		const coins = await cregisPost(sandbox.cregisBaseUrl, '/api/v1/coins', cregisBody({}));
		expectCode(coins, '00000');
		expect(coins.json.data.payout_coins).toEqual(
			expect.arrayContaining([
				{ coin_name: 'TRON', chain_id: '195', token_id: '195' },
				{
					coin_name: 'USDT-TRC20',
					chain_id: '195',
					token_id: 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t',
				},
			]),
		);
		expect(coins.json.data.order_coins).toEqual([]);
		expect(coins.json.data.address_coins).toEqual([]);
	});

	it('checks address legality and project membership', async () => {
		const check = async (path: string, address: string, chainId: string) =>
			(await cregisPost(sandbox.cregisBaseUrl, path, cregisBody({ address, chain_id: chainId })))
				.json;
		expect((await check('/api/v1/address/legal', TRON, '195')).data).toEqual({ result: true });
		expect((await check('/api/v1/address/legal', TRON, '60')).data).toEqual({ result: false });
		expect(
			(await check('/api/v1/address/legal', 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4', '0'))
				.data,
		).toEqual({ result: true });
		expect((await check('/api/v1/address/inner', TRON, '195')).data).toEqual({ result: false });
		expect(
			(await check('/api/v1/address/inner', 'TRsYEaEd1UbNsoXDza3jyJTnwavk6iWBdk', '195')).data,
		).toEqual({ result: true });
		expect((await check('/api/v1/address/legal', TRON, '999')).code).toBe('E0005');
	});

	it('TV4 (address legal) is a valid signature', () => {
		const fields = {
			pid: '1382528827416576',
			address: TRON,
			chain_id: '195',
			nonce: 'm8jisx',
			timestamp: '1687848653294',
		};
		expect(md5Sign(fields, SANDBOX_CREGIS.apiKey)).toBe('cebd2bfd56766f1143dc40d078b64dac');
	});
});

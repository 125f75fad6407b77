import { createHmac } from 'crypto';

import {
	parseRawJson,
	SANDBOX_CREGIS,
	SANDBOX_OXAPAY_KEY,
	startSandbox,
	type Sandbox,
} from '../../sandbox';
import {
	cregisBody,
	cregisPost,
	cregisSignatureValid,
	oxapayPost,
	startReceiver,
	type Receiver,
} from './helpers';

const TRON = 'TXsmKpEuW7qWnXzJLGP9eDLvWPR2GRn1FS';
const OTHER_KEY = 'sandbox-oxapay-payout-key-2222';

let sandbox: Sandbox;
let receiver: Receiver;
beforeAll(async () => {
	sandbox = await startSandbox({ oxapayKeys: [SANDBOX_OXAPAY_KEY, OTHER_KEY] });
});
afterAll(async () => {
	await sandbox.close();
});
beforeEach(async () => {
	sandbox.reset();
	receiver = await startReceiver('ok');
});
afterEach(async () => {
	await receiver.close();
});

async function oxapayPayout(callbackUrl: string, key = SANDBOX_OXAPAY_KEY): Promise<string> {
	const body = `{"address":"${TRON}","currency":"USDT","network":"TRC20","amount":12.5,"callback_url":"${callbackUrl}","description":"Order 7"}`;
	const reply = await oxapayPost(sandbox.oxapayBaseUrl, body, key);
	expect(reply.status).toBe(200);
	return reply.json.data.track_id;
}

describe('OxaPay callbacks', () => {
	it('posts a Confirmed callback whose HMAC header is HMAC-SHA512 of the raw body with the payout key', async () => {
		const trackId = await oxapayPayout(receiver.url);
		sandbox.setPayoutStatus(trackId, 'confirmed', { txHash: 'tx-abc' });
		const result = await sandbox.deliverCallback(trackId);
		expect(result).toEqual({ status: 200, body: 'ok', accepted: true });
		const [{ headers, body }] = receiver.received;
		expect(headers['content-type']).toBe('application/json');
		expect(headers.hmac).toBe(createHmac('sha512', SANDBOX_OXAPAY_KEY).update(body).digest('hex'));
		expect(JSON.parse(body)).toEqual({
			track_id: trackId,
			status: 'Confirmed',
			type: 'payout',
			tx_hash: 'tx-abc',
			address: TRON,
			amount: 12.5,
			value: 12.5,
			currency: 'USDT',
			network: 'Tron Network',
			description: 'Order 7',
			date: expect.any(Number),
		});
		expect(body).toContain('"amount":12.5,');
	});

	it('signs with the key that created the payout, maps rejected to Failed, and reports a refusing receiver', async () => {
		const trackId = await oxapayPayout(receiver.url, OTHER_KEY);
		sandbox.setPayoutStatus(trackId, 'confirming');
		await sandbox.deliverCallback(trackId);
		const confirming = receiver.received[0];
		expect(JSON.parse(confirming.body)).toMatchObject({
			status: 'Confirming',
			tx_hash: expect.stringMatching(/^[0-9a-f]{64}$/),
		});
		expect(confirming.headers.hmac).toBe(
			createHmac('sha512', OTHER_KEY).update(confirming.body).digest('hex'),
		);

		sandbox.setPayoutStatus(trackId, 'rejected');
		const refusing = await startReceiver('nope', 500);
		try {
			// Same payout, receiver changed: re-create against the refusing receiver.
			const second = await oxapayPayout(refusing.url, OTHER_KEY);
			sandbox.setPayoutStatus(second, 'rejected');
			expect(await sandbox.deliverCallback(second)).toEqual({
				status: 500,
				body: 'nope',
				accepted: false,
			});
			expect(JSON.parse(refusing.received[0].body)).toMatchObject({
				status: 'Failed',
				tx_hash: '',
			});
		} finally {
			await refusing.close();
		}
	});

	it('refuses statuses OxaPay does not call back for, missing URLs and non-loopback URLs', async () => {
		const trackId = await oxapayPayout(receiver.url);
		await expect(sandbox.deliverCallback(trackId)).rejects.toThrow(
			/no callback for status "processing"/,
		);
		const remote = await oxapayPayout('https://example.com/hook');
		sandbox.setPayoutStatus(remote, 'confirmed');
		await expect(sandbox.deliverCallback(remote)).rejects.toThrow(/off this machine/);
		const none = (
			await oxapayPost(
				sandbox.oxapayBaseUrl,
				`{"address":"${TRON}","currency":"USDT","network":"TRC20","amount":1}`,
			)
		).json.data.track_id;
		sandbox.setPayoutStatus(none, 'confirmed');
		await expect(sandbox.deliverCallback(none)).rejects.toThrow(/no callback_url/);
		await expect(sandbox.deliverCallback('1')).rejects.toThrow(/Unknown payout/);
		expect(() => sandbox.setPayoutStatus(trackId, 'done')).toThrow(/Invalid OxaPay status/);
		expect(receiver.received).toHaveLength(0);
	});
});

describe('Cregis callbacks', () => {
	async function cregisPayout(
		callbackUrl: string,
		extra: Record<string, string> = {},
	): Promise<string> {
		const reply = await cregisPost(
			sandbox.cregisBaseUrl,
			'/api/v1/payout',
			cregisBody({
				currency: '195@195',
				address: TRON,
				amount: '1.10',
				third_party_id: 'INV-77',
				callback_url: callbackUrl,
				...extra,
			}),
		);
		expect(reply.json.code).toBe('00000');
		return /"cid":(\d+)/.exec(reply.text)![1];
	}

	it('posts a signed callback for status 6 with big ints as raw literals', async () => {
		const success = await startReceiver('success');
		try {
			const cid = await cregisPayout(success.url, { remark: 'payroll' });
			expect(cid).toBe('9007199254740993');
			sandbox.setPayoutStatus(cid, 6);
			const result = await sandbox.deliverCallback(cid);
			expect(result).toEqual({ status: 200, body: 'success', accepted: true });
			const { body, headers } = success.received[0];
			expect(headers['content-type']).toBe('application/json');
			expect(body).toContain('"pid":1382528827416576,"cid":9007199254740993,');
			expect(cregisSignatureValid(body, SANDBOX_CREGIS.apiKey)).toBe(true);
			expect(cregisSignatureValid(body, '00000000000000000000000000000000')).toBe(false);
			const fields = parseRawJson(body);
			if (fields.type !== 'object') throw new Error('not an object');
			expect([...fields.fields.keys()]).toEqual([
				'pid',
				'cid',
				'chain_id',
				'token_id',
				'currency',
				'address',
				'amount',
				'third_party_id',
				'remark',
				'status',
				'txid',
				'block_height',
				'block_time',
				'memo',
				'nonce',
				'timestamp',
				'sign',
			]);
			const parsed = JSON.parse(body);
			expect(parsed).toMatchObject({
				chain_id: '195',
				token_id: '195',
				currency: 'TRX',
				address: TRON,
				amount: '1.10',
				third_party_id: 'INV-77',
				remark: 'payroll',
				status: 6,
				txid: expect.stringMatching(/^[0-9a-f]{64}$/),
				block_height: expect.stringMatching(/^\d+$/),
				block_time: expect.any(Number),
				memo: '',
				nonce: expect.stringMatching(/^[a-z0-9]{6}$/),
			});
			expect(Math.abs(parsed.timestamp - Date.now())).toBeLessThan(5000);
		} finally {
			await success.close();
		}
	});

	it('reports a receiver that does not answer "success", and refuses non-final statuses', async () => {
		const cid = await cregisPayout(receiver.url);
		await expect(sandbox.deliverCallback(cid)).rejects.toThrow(/only for 2, 4, 6 and 7/);
		sandbox.setPayoutStatus(cid, 1);
		await expect(sandbox.deliverCallback(cid)).rejects.toThrow();
		sandbox.setPayoutStatus(cid, '4');
		const result = await sandbox.deliverCallback(cid);
		expect(result).toEqual({ status: 200, body: 'ok', accepted: false });
		expect(cregisSignatureValid(receiver.received[0].body, SANDBOX_CREGIS.apiKey)).toBe(true);
		expect(JSON.parse(receiver.received[0].body)).toMatchObject({ status: 4 });
		expect(() => sandbox.setPayoutStatus(cid, 9)).toThrow(/Invalid Cregis status/);
	});
});

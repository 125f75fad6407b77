/**
 * Crypto Payout Trigger through n8n's webhook path (test/harness/webhook.ts): the sandbox posts
 * provider-signed callbacks to the loopback endpoint, n8n-core's WebhookContext runs the node's
 * webhook(), and accepted deliveries start executions through WorkflowExecute.
 */
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import {
	SANDBOX_CREGIS,
	SANDBOX_OXAPAY_KEY,
	startSandbox,
	type CregisProject,
	type Sandbox,
} from '../../sandbox';
import { capturedLogs } from '../harness/logging';
import {
	persistedStaticData,
	resetWebhookProcessedData,
	resetWebhookStaticData,
	startTriggerEndpoint,
	type TriggerEndpoint,
} from '../harness/webhook';
import {
	createCregisPayout,
	createOxaPayPayout,
	cregisCallbackBody,
	cregisCallbackFields,
	oxaPayHmac,
	postRaw,
	TRON_ADDRESS,
} from '../harness/webhook-payouts';

const OTHER_OXAPAY_KEY = 'sandbox-oxapay-payout-key-9999';
const OTHER_PROJECT: CregisProject = {
	pid: '1400000000000001',
	apiKey: '0123456789abcdef0123456789abcdef',
};
const TWO_POW_53 = 9007199254740992n;

let sandbox: Sandbox;
const endpoints: TriggerEndpoint[] = [];

beforeAll(async () => {
	sandbox = await startSandbox({
		oxapayKeys: [SANDBOX_OXAPAY_KEY, OTHER_OXAPAY_KEY],
		cregisProjects: [SANDBOX_CREGIS, OTHER_PROJECT],
	});
});
afterAll(async () => {
	await sandbox.close();
});
beforeEach(() => {
	sandbox.reset();
	resetWebhookStaticData();
	resetWebhookProcessedData();
});
afterEach(async () => {
	await Promise.all(endpoints.splice(0).map((endpoint) => endpoint.close()));
});

function credentials(): Record<string, ICredentialDataDecryptedObject> {
	return {
		oxaPayApi: { apiKey: SANDBOX_OXAPAY_KEY, baseUrl: sandbox.oxapayBaseUrl },
		cregisApi: {
			baseUrl: sandbox.cregisBaseUrl,
			projectId: SANDBOX_CREGIS.pid,
			apiKey: SANDBOX_CREGIS.apiKey,
		},
	};
}

async function endpointFor(
	provider: 'oxapay' | 'cregis',
	options: { workflowId?: string; replayWindowMinutes?: number } = {},
) {
	const endpoint = await startTriggerEndpoint({
		provider,
		credentials: credentials(),
		workflowId: options.workflowId,
		parameters:
			options.replayWindowMinutes === undefined
				? {}
				: { options: { replayWindowMinutes: options.replayWindowMinutes } },
	});
	endpoints.push(endpoint);
	return endpoint;
}

/** Executions whose trigger passed an item on (a repeat stopped by the processed-data store passes none). */
const emitted = (endpoint: TriggerEndpoint) =>
	endpoint.executions.filter((items) => items.length > 0);

/** The trigger's static-data hint, as n8n saved it. */
function deliveriesIn(staticData: IDataObject | undefined): IDataObject {
	return ((staticData?.['node:Crypto Payout Trigger'] as IDataObject | undefined)?.deliveries ??
		{}) as IDataObject;
}

/** Asserts that nothing secret reached any reply, output item or log line. */
function expectNoSecretsLeaked(endpoint: TriggerEndpoint, extraSecrets: string[] = []) {
	const secrets = [
		SANDBOX_OXAPAY_KEY,
		OTHER_OXAPAY_KEY,
		SANDBOX_CREGIS.apiKey,
		OTHER_PROJECT.apiKey,
		...extraSecrets,
	];
	const seen = [
		JSON.stringify(endpoint.replies),
		JSON.stringify(endpoint.executions),
		capturedLogs().join('\n'),
	].join('\n');
	for (const secret of secrets) expect(seen).not.toContain(secret);
}

describe('Crypto Payout Trigger: OxaPay', () => {
	it('starts one execution for a valid callback, emits the normalized payout and replies exactly "ok"', async () => {
		const endpoint = await endpointFor('oxapay');
		const trackId = await createOxaPayPayout(sandbox, {
			apiKey: SANDBOX_OXAPAY_KEY,
			callbackUrl: endpoint.url,
		});
		sandbox.setPayoutStatus(trackId, 'confirmed', { txHash: 'tx-abc' });

		expect(await sandbox.deliverCallback(trackId)).toEqual({
			status: 200,
			body: 'ok',
			accepted: true,
		});
		await endpoint.settled();

		expect(endpoint.replies).toEqual([
			{ status: 200, body: 'ok', contentType: 'text/plain; charset=utf-8' },
		]);
		expect(endpoint.webhookErrors).toEqual([]);
		expect(endpoint.executions).toHaveLength(1);
		expect(endpoint.runs[0].status).toBe('success');
		expect(endpoint.runs[0].mode).toBe('webhook');
		const [item] = endpoint.executions[0];
		expect(item.json).toEqual({
			event: 'payout.status',
			provider: 'oxapay',
			operation: 'callback',
			payoutId: trackId,
			reference: 'INV-7',
			status: 'completed',
			providerStatus: 'Confirmed',
			currency: 'USDT',
			network: 'tron',
			address: TRON_ADDRESS,
			amount: '12.5',
			memo: null,
			description: 'Order 7',
			txHash: 'tx-abc',
			fee: null,
			createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
			message: null,
			error: null,
			raw: {
				track_id: trackId,
				status: 'Confirmed',
				type: 'payout',
				tx_hash: 'tx-abc',
				address: TRON_ADDRESS,
				// money stays exact text, never a float
				amount: '12.5',
				value: '12.5',
				currency: 'USDT',
				network: 'Tron Network',
				description: '[ref:INV-7] Order 7',
				date: expect.any(Number),
			},
		});
		expectNoSecretsLeaked(endpoint);
	});

	it('maps the capitalised callback statuses case-insensitively (Confirming → processing, Failed → failed)', async () => {
		const endpoint = await endpointFor('oxapay');
		const confirming = await createOxaPayPayout(sandbox, {
			apiKey: SANDBOX_OXAPAY_KEY,
			callbackUrl: endpoint.url,
		});
		const failed = await createOxaPayPayout(sandbox, {
			apiKey: SANDBOX_OXAPAY_KEY,
			callbackUrl: endpoint.url,
		});
		sandbox.setPayoutStatus(confirming, 'confirming');
		sandbox.setPayoutStatus(failed, 'rejected');
		await sandbox.deliverCallback(confirming);
		await sandbox.deliverCallback(failed);
		await endpoint.settled();

		expect(
			endpoint.executions.map(([item]) => [
				item.json.payoutId,
				item.json.providerStatus,
				item.json.status,
			]),
		).toEqual([
			[confirming, 'Confirming', 'processing'],
			[failed, 'Failed', 'failed'],
		]);
		expect(endpoint.executions[1][0].json.txHash).toBeNull();
	});

	it('starts one execution for a callback delivered twice, and another for a later status of the same payout', async () => {
		const endpoint = await endpointFor('oxapay');
		const trackId = await createOxaPayPayout(sandbox, {
			apiKey: SANDBOX_OXAPAY_KEY,
			callbackUrl: endpoint.url,
		});

		sandbox.setPayoutStatus(trackId, 'confirming');
		expect(await sandbox.deliverCallback(trackId)).toMatchObject({ status: 200, body: 'ok' });
		await endpoint.settled();
		// OxaPay's retry (its first comes about a minute later): acknowledged, and no execution at all
		expect(await sandbox.deliverCallback(trackId)).toMatchObject({
			status: 200,
			body: 'ok',
			accepted: true,
		});
		await endpoint.settled();
		expect(endpoint.runs).toHaveLength(1);

		sandbox.setPayoutStatus(trackId, 'confirmed');
		expect(await sandbox.deliverCallback(trackId)).toMatchObject({ status: 200, body: 'ok' });
		await endpoint.settled();
		expect(await sandbox.deliverCallback(trackId)).toMatchObject({ status: 200, body: 'ok' });
		await endpoint.settled();

		expect(endpoint.runs).toHaveLength(2);
		expect(emitted(endpoint).map(([item]) => item.json.providerStatus)).toEqual([
			'Confirming',
			'Confirmed',
		]);
		expect(endpoint.replies.map((reply) => reply.body)).toEqual(['ok', 'ok', 'ok', 'ok']);
		expect(Object.keys(deliveriesIn(persistedStaticData()))).toEqual([
			`oxapay|${trackId}|confirming`,
			`oxapay|${trackId}|confirmed`,
		]);
	});

	it('runs the workflow once when the same callback arrives again before the first run has finished', async () => {
		const endpoint = await endpointFor('oxapay');
		const trackId = await createOxaPayPayout(sandbox, {
			apiKey: SANDBOX_OXAPAY_KEY,
			callbackUrl: endpoint.url,
		});
		sandbox.setPayoutStatus(trackId, 'confirmed');

		const replies = await Promise.all([
			sandbox.deliverCallback(trackId),
			sandbox.deliverCallback(trackId),
			sandbox.deliverCallback(trackId),
		]);
		await endpoint.settled();

		expect(replies.map((reply) => reply.body)).toEqual(['ok', 'ok', 'ok']);
		// Each may have started an execution; n8n's processed-data store lets only one pass the trigger.
		expect(emitted(endpoint)).toHaveLength(1);
		expect(endpoint.executions.filter((items) => items.length === 0)).toHaveLength(
			endpoint.runs.length - 1,
		);
	});

	it('back-to-back deliveries for two payouts, then their retries: each payout runs the workflow once', async () => {
		const endpoint = await endpointFor('oxapay');
		const first = await createOxaPayPayout(sandbox, {
			apiKey: SANDBOX_OXAPAY_KEY,
			callbackUrl: endpoint.url,
		});
		const second = await createOxaPayPayout(sandbox, {
			apiKey: SANDBOX_OXAPAY_KEY,
			callbackUrl: endpoint.url,
		});
		sandbox.setPayoutStatus(first, 'confirmed');
		sandbox.setPayoutStatus(second, 'confirmed');
		// two executions overlap; n8n saves each one's static data whole (last writer wins)
		await Promise.all([sandbox.deliverCallback(first), sandbox.deliverCallback(second)]);
		await endpoint.settled();
		for (const id of [first, second]) {
			expect(await sandbox.deliverCallback(id)).toMatchObject({ status: 200, body: 'ok' });
			await endpoint.settled();
		}
		expect(
			emitted(endpoint)
				.map(([item]) => item.json.payoutId)
				.sort(),
		).toEqual([first, second].sort());
	});

	it('still runs the workflow once when the static-data hint is lost: the processed-data store stops the repeat', async () => {
		const endpoint = await endpointFor('oxapay');
		const trackId = await createOxaPayPayout(sandbox, {
			apiKey: SANDBOX_OXAPAY_KEY,
			callbackUrl: endpoint.url,
		});
		sandbox.setPayoutStatus(trackId, 'confirmed');
		await sandbox.deliverCallback(trackId);
		await endpoint.settled();

		resetWebhookStaticData(); // e.g. overwritten by another execution's static data
		expect(await sandbox.deliverCallback(trackId)).toMatchObject({ status: 200, body: 'ok' });
		await endpoint.settled();

		expect(endpoint.runs).toHaveLength(2);
		expect(endpoint.executions.map((items) => items.length)).toEqual([1, 0]);
		// and the stopped run put the hint back
		expect(Object.keys(deliveriesIn(persistedStaticData()))).toEqual([
			`oxapay|${trackId}|confirmed`,
		]);
	});

	it('keeps the record in the database, so a restarted endpoint (or another webhook process) still ignores the repeat', async () => {
		const first = await endpointFor('oxapay', { workflowId: 'wf-restart' });
		const trackId = await createOxaPayPayout(sandbox, {
			apiKey: SANDBOX_OXAPAY_KEY,
			callbackUrl: first.url,
		});
		sandbox.setPayoutStatus(trackId, 'confirmed');
		await sandbox.deliverCallback(trackId);
		await first.settled();
		expect(first.executions).toHaveLength(1);
		expect(Object.keys(deliveriesIn(persistedStaticData('wf-restart')))).toEqual([
			`oxapay|${trackId}|confirmed`,
		]);

		// "Restart": a new server process loading the same workflow from the database.
		await first.close();
		const second = await endpointFor('oxapay', { workflowId: 'wf-restart' });
		const body = `{"track_id":"${trackId}","status":"Confirmed","type":"payout","tx_hash":"x","address":"${TRON_ADDRESS}","amount":12.5,"value":12.5,"currency":"USDT","network":"Tron Network","description":"","date":1738492316}`;
		const headers = {
			'content-type': 'application/json',
			hmac: oxaPayHmac(body, SANDBOX_OXAPAY_KEY),
		};
		expect(await postRaw(second.url, body, headers)).toMatchObject({ status: 200, body: 'ok' });
		await second.settled();
		expect(second.runs).toHaveLength(0);

		// Another workflow has its own record.
		const other = await endpointFor('oxapay', { workflowId: 'wf-other' });
		expect(await postRaw(other.url, body, headers)).toMatchObject({ status: 200, body: 'ok' });
		await other.settled();
		expect(emitted(other)).toHaveLength(1);
	});

	it('does not de-duplicate test-URL deliveries ("Listen for test event"), and records nothing for production', async () => {
		const endpoint = await startTriggerEndpoint({
			provider: 'oxapay',
			credentials: credentials(),
			testWebhook: true,
		});
		endpoints.push(endpoint);
		expect(endpoint.url).toContain('/webhook-test/');
		const trackId = await createOxaPayPayout(sandbox, {
			apiKey: SANDBOX_OXAPAY_KEY,
			callbackUrl: endpoint.url,
		});
		sandbox.setPayoutStatus(trackId, 'confirmed');
		for (let i = 0; i < 2; i++) {
			expect(await sandbox.deliverCallback(trackId)).toMatchObject({ status: 200, body: 'ok' });
			await endpoint.settled();
		}
		expect(emitted(endpoint)).toHaveLength(2);
		expect(persistedStaticData()).toBeUndefined();

		// the production endpoint of the same workflow still runs for that status
		const production = await endpointFor('oxapay');
		const body = `{"track_id":"${trackId}","status":"Confirmed","type":"payout","date":1738492316}`;
		await postRaw(production.url, body, {
			'content-type': 'application/json',
			hmac: oxaPayHmac(body, SANDBOX_OXAPAY_KEY),
		});
		await production.settled();
		expect(emitted(production)).toHaveLength(1);
	});

	describe('refuses every delivery it cannot verify, and starts nothing', () => {
		const validBody = (trackId: string, status = 'Confirmed') =>
			`{"track_id":"${trackId}","status":"${status}","type":"payout","tx_hash":"0xabc","address":"${TRON_ADDRESS}","amount":12.5,"value":12.5,"currency":"USDT","network":"Tron Network","description":"[ref:INV-9] x","date":1738492316}`;

		it('forged: signed with another payout key (a real sandbox delivery)', async () => {
			const endpoint = await endpointFor('oxapay');
			const trackId = await createOxaPayPayout(sandbox, {
				apiKey: OTHER_OXAPAY_KEY,
				callbackUrl: endpoint.url,
			});
			sandbox.setPayoutStatus(trackId, 'confirmed');
			expect(await sandbox.deliverCallback(trackId)).toEqual({
				status: 401,
				body: 'Invalid signature',
				accepted: false,
			});
			await endpoint.settled();
			expect(endpoint.executions).toHaveLength(0);
		});

		it('tampered, unsigned, malformed signature, wrong content type, non-JSON and non-payout bodies', async () => {
			const endpoint = await endpointFor('oxapay');
			const body = validBody('258399999');
			const hmac = oxaPayHmac(body, SANDBOX_OXAPAY_KEY);
			const json = { 'content-type': 'application/json' };
			const post = (raw: string | Buffer, headers: Record<string, string>) =>
				postRaw(endpoint.url, raw, headers);

			// one byte of the body changed after signing: 12.5 → 92.5
			const tampered = body.replace('"amount":12.5', '"amount":92.5');
			expect(Buffer.byteLength(tampered)).toBe(Buffer.byteLength(body));
			expect(await post(tampered, { ...json, hmac })).toMatchObject({
				status: 401,
				body: 'Invalid signature',
			});
			// the same JSON re-serialised (spaces) no longer matches: the MAC is over the raw bytes
			expect(
				await post(JSON.stringify(JSON.parse(body), null, 1), { ...json, hmac }),
			).toMatchObject({ status: 401 });
			expect(await post(body, json)).toMatchObject({ status: 401, body: 'Missing signature' });
			expect(await post(body, { ...json, hmac: hmac.slice(0, 64) })).toMatchObject({
				status: 401,
				body: 'Invalid signature',
			});
			expect(await post(body, { ...json, hmac: oxaPayHmac(body, 'wrong-key') })).toMatchObject({
				status: 401,
			});
			expect(await post(body, { 'content-type': 'text/plain', hmac })).toMatchObject({
				status: 415,
				body: 'Unsupported content type',
			});
			expect(await post(body, { hmac })).toMatchObject({ status: 415 });
			// correctly signed, but not a JSON object / not a payout callback
			expect(
				await post('[1,2]', { ...json, hmac: oxaPayHmac('[1,2]', SANDBOX_OXAPAY_KEY) }),
			).toMatchObject({
				status: 400,
				body: 'Body is not a JSON object',
			});
			const invoice = body.replace('"type":"payout"', '"type":"invoice"');
			expect(
				await post(invoice, { ...json, hmac: oxaPayHmac(invoice, SANDBOX_OXAPAY_KEY) }),
			).toMatchObject({
				status: 400,
				body: 'Not a payout callback',
			});
			// correctly signed non-JSON, sent as text/plain: n8n hands it over, the node refuses the type
			expect(
				await post('not json', {
					'content-type': 'text/plain',
					hmac: oxaPayHmac('not json', SANDBOX_OXAPAY_KEY),
				}),
			).toMatchObject({
				status: 415,
			});
			// non-JSON sent as application/json: n8n itself answers 422 before any node runs
			expect(
				await post('not json', { ...json, hmac: oxaPayHmac('not json', SANDBOX_OXAPAY_KEY) }),
			).toMatchObject({
				status: 422,
			});

			await endpoint.settled();
			expect(endpoint.executions).toHaveLength(0);
			expect(endpoint.webhookErrors).toEqual([]);
			expect(persistedStaticData()).toBeUndefined();
			for (const reply of endpoint.replies.filter((r) => r.status !== 422)) {
				expect(reply.contentType).toBe('text/plain; charset=utf-8');
				expect(reply.body.length).toBeLessThan(40);
				expect(reply.body).not.toContain(hmac);
			}
			// operators see why in the log, without the body, the key or any signature
			const refusals = capturedLogs().filter((line) =>
				line.includes('Crypto Payout Trigger refused a callback'),
			);
			expect(
				refusals.some(
					(line) =>
						line.includes('"reason":"Invalid signature"') && line.includes('"httpCode":401'),
				),
			).toBe(true);
			expect(refusals.join('\n')).not.toContain(TRON_ADDRESS);
			expectNoSecretsLeaked(endpoint, [hmac]);
		});

		it('a forged delivery does not use up the (payout, status): the genuine one still starts the workflow', async () => {
			const endpoint = await endpointFor('oxapay');
			const body = validBody('258377777');
			expect(
				await postRaw(endpoint.url, body, {
					'content-type': 'application/json',
					hmac: oxaPayHmac(body, OTHER_OXAPAY_KEY),
				}),
			).toMatchObject({
				status: 401,
			});
			expect(
				await postRaw(endpoint.url, body, {
					'content-type': 'application/json',
					HMAC: oxaPayHmac(body, SANDBOX_OXAPAY_KEY),
				}),
			).toMatchObject({
				status: 200,
				body: 'ok',
			});
			await endpoint.settled();
			expect(endpoint.executions).toHaveLength(1);
			expect(endpoint.executions[0][0].json).toMatchObject({
				payoutId: '258377777',
				reference: 'INV-9',
				status: 'completed',
			});
		});
	});
});

describe('Crypto Payout Trigger: Cregis', () => {
	it('starts one execution for a valid callback (6 → completed) and replies exactly "success"', async () => {
		const endpoint = await endpointFor('cregis');
		const cid = await createCregisPayout(sandbox, {
			project: SANDBOX_CREGIS,
			callbackUrl: endpoint.url,
			reference: 'INV-C1',
		});
		expect(BigInt(cid) > TWO_POW_53).toBe(true);
		sandbox.setPayoutStatus(cid, 6, { txHash: 'ab'.repeat(32) });

		expect(await sandbox.deliverCallback(cid)).toEqual({
			status: 200,
			body: 'success',
			accepted: true,
		});
		await endpoint.settled();

		expect(endpoint.replies).toEqual([
			{ status: 200, body: 'success', contentType: 'text/plain; charset=utf-8' },
		]);
		expect(endpoint.executions).toHaveLength(1);
		const [item] = endpoint.executions[0];
		expect(item.json).toEqual({
			event: 'payout.status',
			provider: 'cregis',
			operation: 'callback',
			payoutId: cid,
			reference: 'INV-C1',
			status: 'completed',
			providerStatus: '6',
			currency: 'TRX',
			network: 'tron',
			address: TRON_ADDRESS,
			amount: '1.5',
			memo: null,
			description: 'Cregis payout',
			txHash: 'ab'.repeat(32),
			fee: null,
			createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
			message: null,
			error: null,
			raw: expect.objectContaining({
				pid: Number(SANDBOX_CREGIS.pid),
				cid,
				status: 6,
				nonce: expect.any(String),
			}),
		});
		// the signature is not passed downstream
		expect(item.json.raw).not.toHaveProperty('sign');
		expectNoSecretsLeaked(endpoint);
	});

	it('maps 7 to failed', async () => {
		const endpoint = await endpointFor('cregis');
		const cid = await createCregisPayout(sandbox, {
			project: SANDBOX_CREGIS,
			callbackUrl: endpoint.url,
			reference: 'INV-C7',
		});
		sandbox.setPayoutStatus(cid, 7);
		expect(await sandbox.deliverCallback(cid)).toMatchObject({ status: 200, body: 'success' });
		await endpoint.settled();
		expect(endpoint.executions[0][0].json).toMatchObject({
			payoutId: cid,
			status: 'failed',
			providerStatus: '7',
		});
	});

	it('starts one execution for a re-pushed callback (new nonce and timestamp), and another for a different status', async () => {
		const endpoint = await endpointFor('cregis');
		const cid = await createCregisPayout(sandbox, {
			project: SANDBOX_CREGIS,
			callbackUrl: endpoint.url,
			reference: 'INV-C2',
		});
		sandbox.setPayoutStatus(cid, 2);
		expect(await sandbox.deliverCallback(cid)).toMatchObject({ status: 200, body: 'success' });
		await endpoint.settled();
		expect(await sandbox.deliverCallback(cid)).toMatchObject({
			status: 200,
			body: 'success',
			accepted: true,
		});
		await endpoint.settled();
		expect(endpoint.runs).toHaveLength(1);

		sandbox.setPayoutStatus(cid, 6);
		expect(await sandbox.deliverCallback(cid)).toMatchObject({ status: 200, body: 'success' });
		await endpoint.settled();
		expect(emitted(endpoint).map(([item]) => [item.json.providerStatus, item.json.status])).toEqual(
			[
				['2', 'failed'],
				['6', 'completed'],
			],
		);
		// each delivery that ran is remembered by (payout, status) and by its signature
		const sign = expect.stringMatching(/^cregis\|sign:[0-9a-f]{32}$/);
		expect(Object.keys(deliveriesIn(persistedStaticData()))).toEqual([
			`cregis|${cid}|2`,
			sign,
			`cregis|${cid}|6`,
			sign,
		]);
	});

	it('verifies a callback with a field unknown today and a cid above 2^53, keeping every digit', async () => {
		const endpoint = await endpointFor('cregis');
		const cid = '12345678901234567891';
		expect(BigInt(cid) > TWO_POW_53).toBe(true);
		const body = cregisCallbackBody(
			cregisCallbackFields(SANDBOX_CREGIS, cid, {
				fee_currency: '"TRX"',
				batch_id: '98765432109876543210',
				confirmations: '19',
			}),
			SANDBOX_CREGIS.apiKey,
		);
		const reply = await postRaw(endpoint.url, body, { 'content-type': 'application/json' });
		await endpoint.settled();

		expect(reply).toMatchObject({ status: 200, body: 'success' });
		expect(endpoint.executions).toHaveLength(1);
		const { json } = endpoint.executions[0][0];
		expect(json.payoutId).toBe(cid);
		expect(json.raw).toMatchObject({
			cid,
			batch_id: '98765432109876543210',
			fee_currency: 'TRX',
			confirmations: 19,
		});
		expect(Number(cid).toString()).not.toBe(cid); // what a float would have made of it

		// an unknown field added after signing is caught like any other change
		const injected = body.replace('"fee_currency":"TRX"', '"fee_currency":"TRX","bonus":"1"');
		expect(
			await postRaw(endpoint.url, injected, { 'content-type': 'application/json' }),
		).toMatchObject({
			status: 401,
			body: 'Invalid signature',
		});
	});

	it('accepts an older timestamp when the replay window option allows it', async () => {
		const endpoint = await endpointFor('cregis', { replayWindowMinutes: 30 });
		const body = cregisCallbackBody(
			cregisCallbackFields(SANDBOX_CREGIS, '9007199254740999', {
				timestamp: String(Date.now() - 20 * 60_000),
			}),
			SANDBOX_CREGIS.apiKey,
		);
		expect(await postRaw(endpoint.url, body, { 'content-type': 'application/json' })).toMatchObject(
			{ status: 200, body: 'success' },
		);
		await endpoint.settled();
		expect(endpoint.executions).toHaveLength(1);
	});

	describe('refuses every delivery it cannot verify, and starts nothing', () => {
		it('forged: signed with another project key (a real sandbox delivery)', async () => {
			const endpoint = await endpointFor('cregis');
			const cid = await createCregisPayout(sandbox, {
				project: OTHER_PROJECT,
				callbackUrl: endpoint.url,
				reference: 'INV-F1',
			});
			sandbox.setPayoutStatus(cid, 6);
			expect(await sandbox.deliverCallback(cid)).toEqual({
				status: 401,
				body: 'Invalid signature',
				accepted: false,
			});
			await endpoint.settled();
			expect(endpoint.executions).toHaveLength(0);
		});

		it('tampered, unsigned, stale, future, wrong pid, wrong content type and non-JSON bodies', async () => {
			const endpoint = await endpointFor('cregis');
			const cid = '9007199254740993';
			const json = { 'content-type': 'application/json' };
			const post = (raw: string, headers: Record<string, string> = json) =>
				postRaw(endpoint.url, raw, headers);
			const signed = (
				overrides: Record<string, string> = {},
				key: string = SANDBOX_CREGIS.apiKey,
				sign?: string | null,
			) => cregisCallbackBody(cregisCallbackFields(SANDBOX_CREGIS, cid, overrides), key, { sign });

			const valid = signed();
			// one byte changed after signing: amount 1.5 → 9.5
			const tampered = valid.replace('"amount":"1.5"', '"amount":"9.5"');
			expect(tampered).not.toBe(valid);
			expect(await post(tampered)).toMatchObject({ status: 401, body: 'Invalid signature' });
			// status changed after signing
			expect(await post(valid.replace('"status":6', '"status":7'))).toMatchObject({
				status: 401,
				body: 'Invalid signature',
			});
			expect(await post(signed({}, OTHER_PROJECT.apiKey))).toMatchObject({
				status: 401,
				body: 'Invalid signature',
			});
			expect(await post(signed({}, SANDBOX_CREGIS.apiKey, null))).toMatchObject({
				status: 401,
				body: 'Missing signature',
			});
			expect(await post(signed({}, SANDBOX_CREGIS.apiKey, 'not-a-signature'))).toMatchObject({
				status: 401,
				body: 'Invalid signature',
			});
			expect(await post(signed({ timestamp: String(Date.now() - 11 * 60_000) }))).toMatchObject({
				status: 401,
				body: 'Stale or replayed callback',
			});
			expect(await post(signed({ timestamp: String(Date.now() + 2 * 60_000) }))).toMatchObject({
				status: 401,
			});
			expect(await post(signed({ timestamp: '"soon"' }))).toMatchObject({ status: 401 });
			// correctly signed with our key, but for another project id
			expect(await post(signed({ pid: OTHER_PROJECT.pid }))).toMatchObject({
				status: 401,
				body: 'Unknown project',
			});
			expect(
				await post(valid, { 'content-type': 'application/x-www-form-urlencoded' }),
			).toMatchObject({ status: 415 });
			expect(await post(valid, { 'content-type': 'text/plain' })).toMatchObject({
				status: 415,
				body: 'Unsupported content type',
			});
			expect(await post('[]')).toMatchObject({ status: 400, body: 'Body is not a JSON object' });
			expect(await post('{"pid":1,"nested":{"a":1}}')).toMatchObject({ status: 400 });
			// not JSON at all under a JSON content type: n8n answers 422 itself
			expect(await post('{"pid":')).toMatchObject({ status: 422 });

			await endpoint.settled();
			expect(endpoint.executions).toHaveLength(0);
			expect(endpoint.webhookErrors).toEqual([]);
			expect(persistedStaticData()).toBeUndefined();

			// and the genuine delivery of the same (cid, status) still goes through
			expect(await post(signed())).toMatchObject({ status: 200, body: 'success' });
			await endpoint.settled();
			expect(endpoint.executions).toHaveLength(1);
			expectNoSecretsLeaked(endpoint);
		});
	});
});

describe('Crypto Payout Trigger: setup problems', () => {
	it('answers 500 (so the provider retries) and starts nothing when the credential has no key', async () => {
		const endpoint = await startTriggerEndpoint({
			provider: 'oxapay',
			credentials: { oxaPayApi: { apiKey: '', baseUrl: sandbox.oxapayBaseUrl } },
		});
		endpoints.push(endpoint);
		const body = '{"track_id":"1","status":"Confirmed","type":"payout"}';
		expect(
			await postRaw(endpoint.url, body, {
				'content-type': 'application/json',
				hmac: oxaPayHmac(body, ''),
			}),
		).toMatchObject({
			status: 500,
			body: 'Trigger credential is not set up',
		});
		await endpoint.settled();
		expect(endpoint.executions).toHaveLength(0);
		expect(endpoint.webhookErrors).toEqual([]);
	});
});

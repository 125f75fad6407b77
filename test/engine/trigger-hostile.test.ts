/**
 * Crypto Payout Trigger against an attacker who holds genuine callbacks (test/harness/webhook.ts,
 * the trigger as n8n 2.41's CLI serves it): a Cregis callback re-posted with its field boundaries
 * shifted (the signature joins keys and values without separators, so it still verifies), an
 * OxaPay callback replayed after thousands of other deliveries, and bodies built to be expensive.
 * Each (provider, payout, status) runs the workflow once, whatever else arrived meanwhile.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { jsonParse } from 'n8n-workflow';

import { SANDBOX_CREGIS, SANDBOX_OXAPAY_KEY } from '../../sandbox';
import { capturedLogs } from '../harness/logging';
import {
	resetWebhookProcessedData,
	resetWebhookStaticData,
	startTriggerEndpoint,
	type TriggerEndpoint,
} from '../harness/webhook';
import {
	cregisCallbackBody,
	cregisCallbackFields,
	oxaPayHmac,
	postRaw,
	TRON_ADDRESS,
} from '../harness/webhook-payouts';

const endpoints: TriggerEndpoint[] = [];
beforeEach(() => {
	resetWebhookStaticData();
	resetWebhookProcessedData();
});
afterEach(async () => {
	await Promise.all(endpoints.splice(0).map((endpoint) => endpoint.close()));
});

function credentials(): Record<string, ICredentialDataDecryptedObject> {
	return {
		oxaPayApi: { apiKey: SANDBOX_OXAPAY_KEY, baseUrl: 'https://api.oxapay.com/v1' },
		cregisApi: {
			baseUrl: 'https://t-abc.cregis.io',
			projectId: SANDBOX_CREGIS.pid,
			apiKey: SANDBOX_CREGIS.apiKey,
		},
	};
}

async function endpointFor(provider: 'oxapay' | 'cregis') {
	const endpoint = await startTriggerEndpoint({ provider, credentials: credentials() });
	endpoints.push(endpoint);
	return endpoint;
}

/** Executions whose trigger passed an item on: the workflow ran. */
const workflowRuns = (endpoint: TriggerEndpoint) =>
	endpoint.executions.filter((items) => items.length > 0);

const JSON_TYPE = { 'content-type': 'application/json' };

/** `fields` without `names`. */
function without(fields: Record<string, string>, ...names: string[]): Record<string, string> {
	return Object.fromEntries(Object.entries(fields).filter(([name]) => !names.includes(name)));
}

/** The Cregis signature of these literal fields, as Cregis computes it (independent of the node). */
function cregisSign(fields: Record<string, string>): string {
	return /"sign":"([0-9a-f]{32})"/.exec(cregisCallbackBody(fields, SANDBOX_CREGIS.apiKey))![1];
}

describe('Cregis: a genuine callback re-posted with its field boundaries shifted', () => {
	const cid = '9007199254740993';

	it('runs the workflow once: the two reshaped bodies are refused, and a valid-looking one runs nothing', async () => {
		const endpoint = await endpointFor('cregis');
		const genuine = cregisCallbackFields(SANDBOX_CREGIS, cid, { remark: '"rent"' });
		const sign = cregisSign(genuine);

		// drop cid, and chain_id carries it: "chain_id" + "195cid9007…" is the same signed text
		const noCid = { ...without(genuine, 'cid'), chain_id: JSON.stringify(`195cid${cid}`) };
		// drop currency, and cid carries it: "cid" + "9007…currencyTRX"
		const noCurrency = {
			...without(genuine, 'currency'),
			cid: JSON.stringify(`${cid}currencyTRX`),
		};
		// every field well formed: "remark" + "rent" re-cut as "remarkr" + "ent"
		const recut = { ...without(genuine, 'remark'), remarkr: '"ent"' };
		// The attack is real: each reshaped body carries a valid signature.
		for (const reshaped of [noCid, noCurrency, recut]) expect(cregisSign(reshaped)).toBe(sign);

		const post = (fields: Record<string, string>) =>
			postRaw(endpoint.url, cregisCallbackBody(fields, SANDBOX_CREGIS.apiKey), JSON_TYPE);
		expect(await post(genuine)).toMatchObject({ status: 200, body: 'success' });
		await endpoint.settled();
		expect(await post(noCid)).toMatchObject({ status: 400, body: 'Missing or malformed cid' });
		expect(await post(noCurrency)).toMatchObject({
			status: 400,
			body: 'Missing or malformed cid',
		});
		// answered like any repeat (so Cregis stops), and nothing runs
		expect(await post(recut)).toMatchObject({ status: 200, body: 'success' });
		await endpoint.settled();

		expect(workflowRuns(endpoint)).toHaveLength(1);
		expect(workflowRuns(endpoint)[0][0].json).toMatchObject({
			payoutId: cid,
			providerStatus: '6',
			currency: 'TRX',
		});
		// the keys that travel from webhook() to execute() are not part of the item
		expect(workflowRuns(endpoint)[0][0].json).not.toHaveProperty('__deliveryKeys');
	});

	it('refuses a callback without the fields its status needs (status 6 without txid), and starts nothing', async () => {
		const endpoint = await endpointFor('cregis');
		const post = (overrides: Record<string, string>) =>
			postRaw(
				endpoint.url,
				cregisCallbackBody(
					cregisCallbackFields(SANDBOX_CREGIS, cid, overrides),
					SANDBOX_CREGIS.apiKey,
				),
				JSON_TYPE,
			);
		expect(await post({ txid: '""' })).toMatchObject({
			status: 400,
			body: 'Missing or malformed txid',
		});
		expect(await post({ amount: '"1.5 TRX"' })).toMatchObject({
			status: 400,
			body: 'Missing or malformed amount',
		});
		expect(await post({ cid: '"12ab"' })).toMatchObject({ status: 400 });
		await endpoint.settled();
		expect(endpoint.executions).toHaveLength(0);
		// a failed payout (7) was never on chain: no txid needed
		expect(await post({ status: '7', txid: '""' })).toMatchObject({ status: 200 });
		await endpoint.settled();
		expect(workflowRuns(endpoint)).toHaveLength(1);
	});
});

describe('OxaPay: a genuine callback replayed after thousands of other deliveries', () => {
	const body = (trackId: number, status = 'Confirmed') =>
		`{"track_id":"${trackId}","status":"${status}","type":"payout","tx_hash":"${'ab'.repeat(32)}","address":"${TRON_ADDRESS}","amount":12.5,"value":12.5,"currency":"USDT","network":"Tron Network","description":"[ref:R-${trackId}]","date":1738492316}`;
	const deliver = (endpoint: TriggerEndpoint, text: string) =>
		postRaw(endpoint.url, text, { ...JSON_TYPE, hmac: oxaPayHmac(text, SANDBOX_OXAPAY_KEY) });

	it('runs the workflow once for it, after 5,100 other deliveries', async () => {
		const endpoint = await endpointFor('oxapay');
		const genuine = body(258390001);
		expect(await deliver(endpoint, genuine)).toMatchObject({ status: 200, body: 'ok' });
		await endpoint.settled();

		const others = Array.from({ length: 5100 }, (_, i) => body(258400000 + i));
		for (let start = 0; start < others.length; start += 50) {
			const replies = await Promise.all(
				others.slice(start, start + 50).map(async (text) => await deliver(endpoint, text)),
			);
			expect(replies.every((reply) => reply.status === 200)).toBe(true);
		}
		await endpoint.settled();
		expect(workflowRuns(endpoint)).toHaveLength(5101);

		// The static-data hint is only a hint: bounded, and lost whenever two executions save static
		// data at once (last writer wins). n8n's processed-data record must stop the replay alone.
		resetWebhookStaticData();
		expect(await deliver(endpoint, genuine)).toMatchObject({ status: 200, body: 'ok' });
		await endpoint.settled();
		const runsOfGenuine = workflowRuns(endpoint).filter(
			([item]) => item.json.payoutId === '258390001',
		);
		expect(runsOfGenuine).toHaveLength(1);
	}, 240_000);
});

describe('bodies built to cost: refused with 413 before they are parsed', () => {
	/** 800,000 keys in 9.5 MB of JSON, unsigned. */
	function hugeBody(): Buffer {
		const keys = Array.from({ length: 800_000 }, (_, i) => `"k${i.toString(36)}":1`).join(',');
		return Buffer.from(`{${keys},"pad":"${'x'.repeat(9_500_000 - keys.length)}"}`);
	}

	it.each(['cregis', 'oxapay'] as const)(
		'%s: a 9.5 MB body with 800,000 keys is refused with 413 and starts nothing',
		async (provider) => {
			const endpoint = await endpointFor(provider);
			const huge = hugeBody();
			expect(huge.length).toBeGreaterThanOrEqual(9_500_000);
			const started = performance.now();
			const reply = await postRaw(endpoint.url, huge, JSON_TYPE);
			const elapsedMs = performance.now() - started;
			expect(reply).toMatchObject({ status: 413, body: 'Body too large' });
			await endpoint.settled();
			expect(endpoint.executions).toHaveLength(0);
			// Measured, not asserted (speed belongs to the benchmark). n8n itself reads and parses a
			// JSON body before any node runs (what jsonParse costs below); the node's share is a
			// length check.
			const parseStarted = performance.now();
			jsonParse(huge.toString('utf8'));
			const n8nParseMs = performance.now() - parseStarted;
			process.stdout.write(
				`  ${provider}: 9.5 MB / 800k keys refused with 413 in ${elapsedMs.toFixed(0)} ms; n8n's own JSON parse of it alone takes ${n8nParseMs.toFixed(0)} ms\n`,
			);
		},
	);

	it('a small body with more keys than a callback ever has: 413 before parsing (Cregis unsigned, OxaPay signed)', async () => {
		const many = `{${Array.from({ length: 5000 }, (_, i) => `"f${i}":0`).join(',')}}`;
		expect(Buffer.byteLength(many)).toBeLessThan(64 * 1024);
		const cregis = await endpointFor('cregis');
		expect(await postRaw(cregis.url, many, JSON_TYPE)).toMatchObject({
			status: 413,
			body: 'Too many fields',
		});
		const oxapay = await endpointFor('oxapay');
		expect(
			await postRaw(oxapay.url, many, {
				...JSON_TYPE,
				hmac: oxaPayHmac(many, SANDBOX_OXAPAY_KEY),
			}),
		).toMatchObject({ status: 413, body: 'Too many fields' });
		await Promise.all([cregis.settled(), oxapay.settled()]);
		expect([...cregis.executions, ...oxapay.executions]).toHaveLength(0);
		expect(
			capturedLogs().some(
				(line) => line.includes('refused a callback') && line.includes('"httpCode":413'),
			),
		).toBe(true);
	});
});

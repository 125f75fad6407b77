/**
 * "A third provider touches its folder, its credential and one registry line", proved: TestPay
 * (test/fixtures/testpay/, a provider that exists only in tests) is installed into a copy of the
 * BUILT package the way a real provider ships (package-copy.ts), and the node and the trigger,
 * unchanged, offer it, pay through it, read through it and receive its signed callbacks, in n8n's
 * real engine. A loopback server plays TestPay's API (server.ts).
 *
 * The negative control at the end installs everything but the registry line: TestPay is then
 * offered nowhere, so the tests above depend on that line and on nothing else.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INodeProperties,
	INodeType,
} from 'n8n-workflow';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import { capturedLogs } from '../harness/logging';
import { REPO_ROOT, resetProcessedData, runNode } from '../harness/n8n';
import { loadPackage } from '../harness/node-types';
import {
	resetWebhookStaticData,
	startTriggerEndpoint,
	type TriggerEndpoint,
} from '../harness/webhook';
import { postRaw } from '../harness/webhook-payouts';
import {
	installTestPayPackage,
	TESTPAY_CREDENTIAL_FILE,
	type TestPayPackage,
} from '../fixtures/testpay/package-copy';
import { startFakeTestPay, testPaySignature, type FakeTestPay } from '../fixtures/testpay/server';
import { TRON_ADDRESS } from './fixtures';

/** Obviously fake: TestPay does not exist. Listed in the suite-wide secret scan (leak-journal.ts). */
const TESTPAY_KEY = 'testpay-fake-key-0000';
const FORGER_KEY = 'testpay-forger-key-1111';
const OTHER_ACCOUNT_KEY = 'testpay-other-key-2222';
const NODE = 'n8n-nodes-crypto-payout.cryptoPayout';
const TRIGGER = 'n8n-nodes-crypto-payout.cryptoPayoutTrigger';

let copy: TestPayPackage;
let api: FakeTestPay;
const endpoints: TriggerEndpoint[] = [];

beforeAll(async () => {
	copy = installTestPayPackage();
	api = await startFakeTestPay(TESTPAY_KEY);
});
afterAll(async () => {
	await api?.close();
	copy?.remove();
});
beforeEach(() => {
	api.reset();
	resetProcessedData();
	resetWebhookStaticData();
});
afterEach(async () => {
	await Promise.all(endpoints.splice(0).map((endpoint) => endpoint.close()));
});

const credentials = (): Record<string, ICredentialDataDecryptedObject> => ({
	testPayApi: { apiKey: TESTPAY_KEY, baseUrl: api.baseUrl },
});

function createParameters(extra: IDataObject = {}) {
	return {
		provider: 'testpay',
		operation: 'create',
		reference: '={{ $json.reference }}',
		address: '={{ $json.address }}',
		amount: '={{ $json.amount }}',
		currency: '={{ $json.currency }}',
		network: '={{ $json.network }}',
		description: '={{ $json.description }}',
		callbackUrl: '={{ $json.callbackUrl }}',
		...extra,
	};
}

const payoutRow = (fields: IDataObject = {}): IDataObject => ({
	reference: 'TP-1',
	address: TRON_ADDRESS,
	amount: '12.000001',
	currency: 'USDT',
	network: 'TRC20',
	description: 'March payroll',
	callbackUrl: '',
	...fields,
});

async function create(items: IDataObject[], workflowId = 'wf-testpay') {
	return await runNode({
		packageDir: copy.dir,
		parameters: createParameters(),
		credentials: credentials(),
		items,
		workflowId,
	});
}

const creates = () =>
	api.requests.filter((request) => request.method === 'POST' && request.path === '/payouts');

async function descriptionOf(packageDir: string, nodeType: string) {
	// Both nodes are plain (not versioned) node types.
	return ((await loadPackage(packageDir)).nodeTypes.getByName(nodeType) as INodeType).description;
}

const optionValues = (property: INodeProperties | undefined) =>
	(property?.options ?? []).map((option) => (option as { value: unknown }).value);

function filesUnder(root: string, dir = root): string[] {
	return readdirSync(dir).flatMap((name) => {
		const full = path.join(dir, name);
		return statSync(full).isDirectory() ? filesUnder(root, full) : [path.relative(root, full)];
	});
}

describe('TestPay installed as a third provider in a copy of the built package', () => {
	it('changes nothing in the copy but the registry line, the new provider folder and credential, and one credentials entry', () => {
		const shipped = new Set(filesUnder(path.join(REPO_ROOT, 'dist')));
		const inCopy = filesUnder(path.join(copy.dir, 'dist'));
		const changed = inCopy.filter(
			(file) =>
				shipped.has(file) &&
				!readFileSync(path.join(copy.dir, 'dist', file)).equals(
					readFileSync(path.join(REPO_ROOT, 'dist', file)),
				),
		);
		expect(changed).toEqual(['nodes/CryptoPayout/providers/registry.js']);
		expect(inCopy.filter((file) => !shipped.has(file)).sort()).toEqual([
			'credentials/TestPayApi.credentials.js',
			'nodes/CryptoPayout/providers/testpay/callback.js',
			'nodes/CryptoPayout/providers/testpay/index.js',
			'nodes/CryptoPayout/providers/testpay/payout.js',
			'nodes/CryptoPayout/providers/testpay/reads.js',
		]);
		expect(inCopy.length).toBe(shipped.size + 5);

		const shippedPackage = JSON.parse(
			readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'),
		) as { n8n: { credentials: string[] } };
		shippedPackage.n8n.credentials.push(TESTPAY_CREDENTIAL_FILE);
		expect(JSON.parse(readFileSync(path.join(copy.dir, 'package.json'), 'utf8'))).toEqual(
			shippedPackage,
		);
	});

	it('Crypto Payout offers TestPay in the Provider dropdown, with its credential and its operations', async () => {
		const description = await descriptionOf(copy.dir, NODE);
		const provider = description.properties.find((property) => property.name === 'provider');
		expect(optionValues(provider)).toEqual(['oxapay', 'cregis', 'testpay']);
		expect(provider?.options).toContainEqual({ name: 'TestPay', value: 'testpay' });
		expect(description.credentials).toContainEqual({
			name: 'testPayApi',
			required: true,
			// Hidden for every other provider: Provider stays a visible parameter (shared/editor.ts).
			displayOptions: { hide: { provider: ['oxapay', 'cregis'] } },
		});
		const operations = description.properties.find(
			(property) =>
				property.name === 'operation' &&
				property.displayOptions?.show?.provider?.includes('testpay'),
		);
		expect(optionValues(operations)).toEqual(['create', 'get']);
		expect((await loadPackage(copy.dir)).credentialTypes.recognizes('testPayApi')).toBe(true);
	});

	it("the Currency and Network dropdowns list what TestPay's /assets offers", async () => {
		const { nodeTypes, credentialTypes } = await loadPackage(copy.dir);
		const { loadOptions } = (nodeTypes.getByName(NODE) as INodeType).methods!;
		const { authenticate } = credentialTypes.getByName('testPayApi');
		/** A small ILoadOptionsFunctions whose requests go through the copy's credential over real HTTP. */
		const context = (currency: string) =>
			({
				getCurrentNodeParameter: (name: string) =>
					({ provider: 'testpay', currency })[name as 'provider'],
				// As n8n's LoadOptionsContext: the node and its credential (the transport reads it once
				// and hands it to httpRequestWithAuthentication).
				getNode: () => ({
					name: 'Crypto Payout',
					credentials: { testPayApi: { id: '1', name: 'TestPay' } },
				}),
				getCredentials: async () => credentials().testPayApi,
				helpers: {
					async httpRequestWithAuthentication(_type: string, options: IHttpRequestOptions) {
						const request = await (
							authenticate as (
								c: ICredentialDataDecryptedObject,
								o: IHttpRequestOptions,
							) => Promise<IHttpRequestOptions>
						)(credentials().testPayApi, options);
						const response = await fetch(`${request.baseURL}${request.url}`, {
							headers: request.headers as Record<string, string>,
						});
						return {
							statusCode: response.status,
							headers: Object.fromEntries(response.headers),
							body: await response.text(),
						};
					},
				},
			}) as unknown as ILoadOptionsFunctions;

		expect(await loadOptions!.getCurrencies.call(context(''))).toEqual([
			{ name: 'USDT', value: 'USDT', description: 'TRON (TRC-20), Ethereum (ERC-20)' },
			{ name: 'TRX', value: 'TRX', description: 'TRON (TRC-20)' },
		]);
		expect(await loadOptions!.getNetworks.call(context('USDT'))).toEqual([
			{ name: 'TRON (TRC-20)', value: 'tron' },
			{ name: 'Ethereum (ERC-20)', value: 'ethereum' },
		]);
		expect(
			api.requests.map((request) => [
				request.method,
				request.path,
				request.headers['x-testpay-key'],
			]),
		).toEqual([
			['GET', '/assets', TESTPAY_KEY],
			['GET', '/assets', TESTPAY_KEY],
		]);
	});

	it('Create Payout sends one request with the exact amount and returns the normalized item', async () => {
		const result = await create([payoutRow()]);

		expect(result.error).toBeUndefined();
		expect(creates()).toHaveLength(1);
		const [sent] = creates();
		expect(sent.headers['x-testpay-key']).toBe(TESTPAY_KEY);
		expect(sent.headers['content-type']).toBe('application/json');
		// The amount is the validated text, digit for digit; the network is resolved from "TRC20".
		expect(sent.body).toBe(
			`{"reference":"TP-1","address":"${TRON_ADDRESS}","currency":"USDT","network":"tron","amount":"12.000001","description":"March payroll"}`,
		);
		expect(result.items.map((item) => item.json)).toEqual([
			{
				provider: 'testpay',
				operation: 'create',
				payoutId: 'tp_1',
				reference: 'TP-1',
				status: 'pending', // TestPay's "queued"
				providerStatus: 'queued',
				currency: 'USDT',
				network: 'tron',
				address: TRON_ADDRESS,
				amount: '12.000001',
				memo: null,
				description: 'March payroll',
				txHash: null,
				fee: null,
				createdAt: null,
				message: null,
				error: null,
				raw: { id: 'tp_1', state: 'queued' },
			},
		]);
	});

	it('a second run of the same reference is reported duplicate by the reference claims, and sends nothing', async () => {
		await create([payoutRow()]);
		const again = await create([payoutRow()]);

		expect(creates()).toHaveLength(1);
		expect(again.items[0].json).toMatchObject({
			provider: 'testpay',
			reference: 'TP-1',
			status: 'duplicate',
			// The earlier payout, remembered by this process when the first run settled it.
			payoutId: 'tp_1',
		});
		expect(String(again.items[0].json.message)).toMatch(
			/already paid by this n8n instance \(TestPay payout tp_1/,
		);
	});

	it('a reference paid through one account is a duplicate through another (another key): a reference is one payout', async () => {
		await create([payoutRow()]);
		const otherAccount = await runNode({
			packageDir: copy.dir,
			parameters: createParameters(),
			credentials: { testPayApi: { apiKey: OTHER_ACCOUNT_KEY, baseUrl: api.baseUrl } },
			items: [payoutRow()],
			workflowId: 'wf-testpay',
			continueOnFail: true,
		});
		expect(otherAccount.items[0].json.status).toBe('duplicate');
		expect(creates()).toHaveLength(1);
	});

	it('Get Payout reads the payout and maps each TestPay state', async () => {
		await create([payoutRow()]);
		const states: Array<[string, string]> = [
			['queued', 'pending'],
			['sending', 'processing'],
			['done', 'completed'],
			['failed', 'failed'],
			['held', 'unknown'],
		];
		const seen: Array<[unknown, unknown]> = [];
		for (const [state] of states) {
			api.setState('tp_1', state, state === 'done' ? '0xfeed' : undefined);
			const result = await runNode({
				packageDir: copy.dir,
				parameters: { provider: 'testpay', operation: 'get', payoutId: 'tp_1' },
				credentials: credentials(),
				items: [{}],
			});
			seen.push([result.items[0].json.providerStatus, result.items[0].json.status]);
			if (state === 'done') {
				expect(result.items[0].json).toMatchObject({
					operation: 'get',
					payoutId: 'tp_1',
					reference: 'TP-1',
					amount: '12.000001',
					network: 'tron',
					txHash: '0xfeed',
					createdAt: '2025-03-01T12:00:00.000Z',
				});
			}
		}
		expect(seen).toEqual(states);
		expect(api.requests.at(-1)).toMatchObject({ method: 'GET', path: '/payouts/tp_1' });
	});
});

describe('Crypto Payout Trigger receives TestPay callbacks', () => {
	async function endpoint(): Promise<TriggerEndpoint> {
		const started = await startTriggerEndpoint({
			provider: 'testpay',
			packageDir: copy.dir,
			credentials: credentials(),
			workflowId: 'wf-testpay-trigger',
		});
		endpoints.push(started);
		return started;
	}

	it('offers TestPay with its credential and replies with its ack text', async () => {
		const description = await descriptionOf(copy.dir, TRIGGER);
		expect(
			optionValues(description.properties.find((property) => property.name === 'provider')),
		).toEqual(['oxapay', 'cregis', 'testpay']);
		expect(description.credentials).toContainEqual({
			name: 'testPayApi',
			required: true,
			// Hidden for every other provider: Provider stays a visible parameter (shared/editor.ts).
			displayOptions: { hide: { provider: ['oxapay', 'cregis'] } },
		});
		expect(description.webhooks?.[0].responseData).toContain('"accepted"');
	});

	it('a signed callback starts one run with the normalized item and is answered exactly "accepted"; its retry starts none', async () => {
		const trigger = await endpoint();
		await create([payoutRow({ callbackUrl: trigger.url })]);
		api.setState('tp_1', 'done', '0xfeed');

		expect(await api.deliverCallback('tp_1')).toEqual({ status: 200, body: 'accepted' });
		await trigger.settled();
		expect(await api.deliverCallback('tp_1')).toEqual({ status: 200, body: 'accepted' });
		await trigger.settled();

		expect(trigger.webhookErrors).toEqual([]);
		expect(trigger.runs.map((run) => run.status)).toEqual(['success']);
		expect(trigger.executions.map((items) => items.map((item) => item.json))).toEqual([
			[
				{
					event: 'payout.status',
					provider: 'testpay',
					operation: 'callback',
					payoutId: 'tp_1',
					reference: 'TP-1',
					status: 'completed',
					providerStatus: 'done',
					currency: 'USDT',
					network: 'tron',
					address: TRON_ADDRESS,
					amount: '12.000001',
					memo: null,
					description: 'March payroll',
					txHash: '0xfeed',
					fee: null,
					createdAt: '2025-03-01T12:00:00.000Z',
					message: null,
					error: null,
					raw: { ...api.payouts.get('tp_1') },
				},
			],
		]);
		expect(trigger.replies.map((reply) => [reply.status, reply.body])).toEqual([
			[200, 'accepted'],
			[200, 'accepted'],
		]);
	});

	it('a forged or missing signature is refused with 401 and starts nothing', async () => {
		const trigger = await endpoint();
		const body = JSON.stringify({
			id: 'tp_9',
			state: 'done',
			reference: 'TP-9',
			amount: '1000000',
		});
		const forged = await postRaw(trigger.url, body, {
			'content-type': 'application/json',
			'x-testpay-signature': testPaySignature(body, FORGER_KEY),
		});
		const unsigned = await postRaw(trigger.url, body, { 'content-type': 'application/json' });
		await trigger.settled();

		expect([forged.status, forged.body]).toEqual([401, 'Invalid signature']);
		expect([unsigned.status, unsigned.body]).toEqual([401, 'Missing signature']);
		expect(trigger.runs).toEqual([]);
		expect(JSON.stringify(trigger.replies) + capturedLogs().join('\n')).not.toContain(TESTPAY_KEY);
	});
});

describe('negative control: the same copy without the registry line', () => {
	let unregistered: TestPayPackage;
	beforeAll(() => {
		unregistered = installTestPayPackage({ register: false });
	});
	afterAll(() => unregistered?.remove());

	it('offers TestPay nowhere, and a run for it fails before anything is sent', async () => {
		const node = await descriptionOf(unregistered.dir, NODE);
		const trigger = await descriptionOf(unregistered.dir, TRIGGER);
		expect(
			optionValues(node.properties.find((property) => property.name === 'provider')),
		).not.toContain('testpay');
		expect(
			optionValues(trigger.properties.find((property) => property.name === 'provider')),
		).not.toContain('testpay');

		const result = await runNode({
			packageDir: unregistered.dir,
			parameters: createParameters(),
			credentials: credentials(),
			items: [payoutRow()],
			continueOnFail: true,
		});
		expect((result.items[0].json.error as IDataObject).message).toMatch(
			/Unknown payout provider "testpay"/,
		);
		expect(api.requests).toEqual([]);
	});
});

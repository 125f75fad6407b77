import type {
	IDataObject,
	ILoadOptionsFunctions,
	IHttpRequestOptions,
	INodeParameters,
} from 'n8n-workflow';

import { CregisApi } from '../../credentials/CregisApi.credentials';
import { OxaPayApi } from '../../credentials/OxaPayApi.credentials';
import { getCurrencies, getNetworks } from '../../nodes/CryptoPayout/methods';
import type { Sandbox } from '../../sandbox';
import { runNode } from '../harness/n8n';
import {
	BTC_ADDRESS,
	createParameters,
	credentialsFor,
	EVM_ADDRESS,
	row,
	TRON_ADDRESS,
	useSandbox,
} from './fixtures';

const getSandbox = useSandbox();
let sandbox: Sandbox;
beforeEach(() => {
	sandbox = getSandbox();
});

async function create(provider: 'oxapay' | 'cregis', items: IDataObject[]) {
	return await runNode({
		parameters: createParameters(provider),
		credentials: credentialsFor(sandbox),
		items,
	});
}

async function run(
	provider: 'oxapay' | 'cregis',
	parameters: INodeParameters,
	items: IDataObject[] = [{}],
	continueOnFail = false,
) {
	return await runNode({
		parameters: { provider, ...parameters },
		credentials: credentialsFor(sandbox),
		items,
		continueOnFail,
	});
}

describe('Get Payout', () => {
	it('OxaPay: follows a payout from processing to completed, with tx hash, fee and date', async () => {
		const created = await create('oxapay', [
			row({
				reference: 'G-1',
				address: TRON_ADDRESS,
				amount: '25.5',
				currency: 'USDT',
				network: 'TRC20',
				description: 'payroll',
			}),
		]);
		const payoutId = String(created.items[0].json.payoutId);
		sandbox.setPayoutStatus(payoutId, 'confirmed', { txHash: 'abc123' });
		const result = await run('oxapay', { operation: 'get', payoutId: '={{ $json.payoutId }}' }, [
			{ payoutId },
		]);
		expect(sandbox.requests.at(-1)).toMatchObject({ method: 'GET', path: `/payout/${payoutId}` });
		expect(result.items[0].json).toMatchObject({
			provider: 'oxapay',
			operation: 'get',
			payoutId,
			reference: 'G-1',
			description: 'payroll',
			status: 'completed',
			providerStatus: 'confirmed',
			currency: 'USDT',
			network: 'tron',
			amount: '25.5',
			txHash: 'abc123',
		});
		expect(result.items[0].json.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
		expect(typeof result.items[0].json.fee).toBe('string');
	});

	it.each([
		['processing', 'processing'],
		['pending', 'pending'],
		['confirming', 'processing'],
		['canceled', 'failed'],
		['rejected', 'failed'],
	])('OxaPay status %s → %s', async (providerStatus, status) => {
		const created = await create('oxapay', [
			row({
				reference: `S-${providerStatus}`,
				address: TRON_ADDRESS,
				amount: '2',
				currency: 'USDT',
				network: 'TRC20',
			}),
		]);
		const payoutId = String(created.items[0].json.payoutId);
		sandbox.setPayoutStatus(payoutId, providerStatus);
		const result = await run('oxapay', { operation: 'get', payoutId });
		expect(result.items[0].json).toMatchObject({ status, providerStatus });
	});

	it('Cregis: queries by a cid above 2^53 without losing a digit, and maps each status', async () => {
		const created = await create('cregis', [
			row({
				reference: 'G-2',
				address: TRON_ADDRESS,
				amount: '1.1',
				currency: 'USDT',
				network: 'TRC20',
			}),
		]);
		const cid = String(created.items[0].json.payoutId);
		expect(cid).toBe('9007199254740993');
		for (const [providerStatus, status] of [
			[0, 'pending'],
			[5, 'pending'],
			[1, 'processing'],
			[6, 'completed'],
			[2, 'failed'],
			[3, 'failed'],
			[4, 'failed'],
			[7, 'failed'],
		] as const) {
			sandbox.setPayoutStatus(cid, providerStatus);
			const result = await run('cregis', { operation: 'get', payoutId: cid });
			expect(result.items[0].json).toMatchObject({
				payoutId: cid,
				status,
				providerStatus: String(providerStatus),
				reference: 'G-2',
				amount: '1.1',
			});
		}
		expect(sandbox.requests.at(-1)?.rawBody).toContain('"cid":9007199254740993');
	});

	it('an unknown payout is an error that names the provider, with the item index', async () => {
		const result = await run('oxapay', { operation: 'get', payoutId: '999' }, [{}], true);
		expect(result.items[0].json.error).toMatchObject({ code: 'OXAPAY_404' });
		const cregis = await run('cregis', { operation: 'get', payoutId: '12' }, [{}], true);
		expect(cregis.items[0].json.error).toMatchObject({ code: 'CREGIS_E0015' });
		const bad = await run('cregis', { operation: 'get', payoutId: '12a' }, [{}], true);
		expect(bad.items[0].json.error).toMatchObject({ code: 'INVALID_PAYOUT_ID', field: 'payoutId' });
	});
});

describe('Get Many Payouts (OxaPay)', () => {
	beforeEach(async () => {
		await create(
			'oxapay',
			Array.from({ length: 7 }, (_, i) =>
				row({
					reference: `L-${i}`,
					address: i % 2 ? EVM_ADDRESS : TRON_ADDRESS,
					amount: `${i + 1}`,
					currency: i % 2 ? 'ETH' : 'USDT',
					network: i % 2 ? 'ERC20' : 'TRC20',
				}),
			),
		);
	});

	it('returns all pages when Return All is on', async () => {
		const result = await run('oxapay', { operation: 'getMany', returnAll: true });
		expect(result.items).toHaveLength(7);
		expect(
			result.items.every(
				(item) => item.json.operation === 'getMany' && item.pairedItem !== undefined,
			),
		).toBe(true);
	});

	it('stops at the limit, paging as needed', async () => {
		const result = await run('oxapay', { operation: 'getMany', returnAll: false, limit: 3 });
		expect(result.items).toHaveLength(3);
	});

	it("passes filters in OxaPay's names, amounts as exact text", async () => {
		const result = await run('oxapay', {
			operation: 'getMany',
			returnAll: true,
			filters: {
				currency: 'usdt',
				fromAmount: '2',
				toAmount: '5.0',
				sortBy: 'amount',
				sortType: 'asc',
			},
		});
		const request = sandbox.requests.at(-1)!;
		expect(request.query).toMatchObject({
			currency: 'USDT',
			from_amount: '2',
			to_amount: '5',
			sort_by: 'amount',
			sort_type: 'asc',
		});
		expect(result.items.map((item) => item.json.amount)).toEqual(['3', '5']);
	});

	it('is not offered for Cregis (no list endpoint)', async () => {
		const result = await run('cregis', { operation: 'getMany', returnAll: true }, [{}], true);
		expect(String((result.items[0].json.error as IDataObject).message)).toMatch(/does not support/);
	});
});

describe('Check Address', () => {
	it.each(['oxapay', 'cregis'] as const)(
		'%s: valid, wrong network, contract, typo',
		async (provider) => {
			const items = [
				{ address: TRON_ADDRESS, network: 'TRC20' },
				{ address: EVM_ADDRESS, network: 'TRC20' },
				{ address: 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t', network: 'Tron' },
				{ address: BTC_ADDRESS.replace('q', 'p'), network: 'Bitcoin' },
			];
			const result = await run(
				provider,
				{
					operation: 'checkAddress',
					address: '={{ $json.address }}',
					network: '={{ $json.network }}',
				},
				items,
			);
			const out = result.items.map((item) => item.json);
			expect(out[0]).toMatchObject({ valid: true, reason: null, network: 'tron' });
			expect(out[1]).toMatchObject({ valid: false, looksLike: ['evm'] });
			expect(out[2]).toMatchObject({ valid: false });
			expect(String(out[2].reason)).toMatch(/token contract/);
			expect(out[3]).toMatchObject({ valid: false });
			if (provider === 'cregis') {
				expect(out[0].isInternal).toBe(false);
				expect(sandbox.requests.map((request) => request.path)).toEqual([
					'/api/v1/address/legal',
					'/api/v1/address/inner',
				]);
			} else {
				expect(out[0].isInternal).toBeNull();
				expect(sandbox.requests).toHaveLength(0);
			}
		},
	);
});

describe('live currency lists and the minimum warning', () => {
	/** A small ILoadOptionsFunctions whose requests go through the real credential classes over real HTTP. */
	function loadOptionsContext(provider: 'oxapay' | 'cregis', currency = ''): ILoadOptionsFunctions {
		const credentials = credentialsFor(sandbox);
		return {
			getCurrentNodeParameter: (name: string) => ({ provider, currency })[name as 'provider'],
			// As n8n's LoadOptionsContext: the node and its credential (the transport reads it once
			// and hands it to httpRequestWithAuthentication).
			getNode: () => ({
				name: 'Crypto Payout',
				credentials: {
					[provider === 'oxapay' ? 'oxaPayApi' : 'cregisApi']: { id: '1', name: provider },
				},
			}),
			getCredentials: async (type: string) =>
				type === 'oxaPayApi' ? credentials.oxaPayApi : credentials.cregisApi,
			helpers: {
				async httpRequestWithAuthentication(type: string, options: IHttpRequestOptions) {
					const authenticated =
						type === 'oxaPayApi'
							? await new OxaPayApi().authenticate(credentials.oxaPayApi, options)
							: await new CregisApi().authenticate(credentials.cregisApi, options);
					const url = new URL(`${authenticated.baseURL}${authenticated.url}`);
					for (const [key, value] of Object.entries(authenticated.qs ?? {}))
						url.searchParams.set(key, String(value));
					const response = await fetch(url, {
						method: authenticated.method,
						headers: authenticated.headers as Record<string, string>,
						body: authenticated.method === 'GET' ? undefined : (authenticated.body as string),
					});
					return {
						statusCode: response.status,
						headers: Object.fromEntries(response.headers),
						body: await response.text(),
					};
				},
			},
		} as unknown as ILoadOptionsFunctions;
	}

	it('OxaPay: currencies and their networks come from /common/currencies', async () => {
		const currencies = await getCurrencies.call(loadOptionsContext('oxapay'));
		expect(currencies.map((option) => option.value)).toEqual(
			expect.arrayContaining(['USDT', 'BTC', 'ETH']),
		);
		const networks = await getNetworks.call(loadOptionsContext('oxapay', 'USDT'));
		expect(networks.map((option) => option.value)).toEqual(
			expect.arrayContaining(['Tron', 'Ethereum', 'BSC']),
		);
		expect(networks.find((option) => option.value === 'Tron')?.description).toMatch(/minimum/);
	});

	it("Cregis: currencies come from the project's payout coins, as chain_id@token_id", async () => {
		const currencies = await getCurrencies.call(loadOptionsContext('cregis'));
		expect(currencies.map((option) => option.value)).toEqual(
			expect.arrayContaining(['195@195', '195@TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t']),
		);
		expect(sandbox.requests.at(-1)?.path).toBe('/api/v1/coins');
	});

	it('OxaPay: an amount below withdraw_min is flagged before sending', async () => {
		const result = await runNode({
			parameters: createParameters('oxapay'),
			credentials: credentialsFor(sandbox),
			items: [
				row({
					reference: 'MIN-1',
					address: TRON_ADDRESS,
					amount: '0.001',
					currency: 'USDT',
					network: 'TRC20',
				}),
			],
			continueOnFail: true,
		});
		// The sandbox, like OxaPay, then refuses it; the warning said why before the request.
		const requests = sandbox.requests.map((request) => `${request.method} ${request.path}`);
		expect(requests.indexOf('GET /common/currencies')).toBeLessThan(
			requests.indexOf('POST /payout'),
		);
		expect(String((result.items[0].json.error as IDataObject).message)).toMatch(/minimum/i);
		const hints = JSON.stringify(
			result.run.data.resultData.runData['Crypto Payout']?.[0]?.hints ?? [],
		);
		expect(hints).toMatch(/below OxaPay's minimum payout of 0.01/);
	});
});

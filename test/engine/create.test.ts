import type { IDataObject, INodeParameters } from 'n8n-workflow';

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

const payoutRequests = (provider: 'oxapay' | 'cregis') =>
	sandbox.requests.filter(
		(request) =>
			request.provider === provider && request.method === 'POST' && /payout$/.test(request.path),
	);

async function run(
	provider: 'oxapay' | 'cregis',
	items: IDataObject[],
	options: { continueOnFail?: boolean; parameters?: INodeParameters } = {},
) {
	return await runNode({
		parameters: createParameters(provider, options.parameters),
		credentials: credentialsFor(sandbox),
		items,
		continueOnFail: options.continueOnFail,
	});
}

describe("Create Payout through n8n's engine: OxaPay", () => {
	it('sends every field as OxaPay expects and emits one normalized item', async () => {
		const result = await run('oxapay', [
			row({
				reference: 'INV-1',
				address: TRON_ADDRESS,
				amount: '25.5',
				currency: 'USDT',
				network: 'TRC20',
				description: 'March payroll',
				callbackUrl: 'https://example.com/hook',
			}),
		]);
		expect(result.error).toBeUndefined();
		const [request] = payoutRequests('oxapay');
		expect(request.headers['payout_api_key']).toBe('sandbox-oxapay-payout-key-0000');
		expect(request.headers['content-type']).toMatch(/application\/json/);
		expect(JSON.parse(request.rawBody)).toEqual({
			address: TRON_ADDRESS,
			currency: 'USDT',
			amount: 25.5,
			network: 'Tron',
			callback_url: 'https://example.com/hook',
			description: '[ref:INV-1] March payroll',
		});
		expect(request.rawBody).toContain('"amount":25.5,');
		expect(result.items).toHaveLength(1);
		const item = result.items[0];
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.json).toEqual({
			provider: 'oxapay',
			operation: 'create',
			payoutId: sandbox.ledger()[0].id,
			reference: 'INV-1',
			status: 'processing',
			providerStatus: 'processing',
			currency: 'USDT',
			network: 'tron',
			address: TRON_ADDRESS,
			amount: '25.5',
			memo: null,
			description: 'March payroll',
			txHash: null,
			fee: null,
			createdAt: null,
			message: null,
			error: null,
			raw: { track_id: sandbox.ledger()[0].id, status: 'processing' },
		});
		expect(typeof item.json.payoutId).toBe('string');
	});

	it('writes the amount as the exact digits given, never through a float', async () => {
		// Up to 15 significant digits, what OxaPay's float parser reads back exactly (more is
		// refused: test/engine/address-safety.test.ts); a float would write the second as 1e+21.
		const amounts = ['123456789.123456', '1000000000000000000000', '0.1'];
		await run(
			'oxapay',
			amounts.map((amount, index) =>
				row({
					reference: `A-${index}`,
					address: EVM_ADDRESS,
					amount,
					currency: 'ETH',
					network: 'ERC20',
				}),
			),
		);
		const bodies = payoutRequests('oxapay').map((request) => request.rawBody);
		amounts.forEach((amount, index) => expect(bodies[index]).toContain(`"amount":${amount},`));
		expect(sandbox.ledger().map((entry) => entry.amount)).toEqual(amounts);
	});

	it("maps one sheet's currency + network forms to OxaPay's", async () => {
		await run('oxapay', [
			row({
				reference: 'M-1',
				address: TRON_ADDRESS,
				amount: '1',
				currency: 'USDT',
				network: 'Tron',
			}),
			row({
				reference: 'M-2',
				address: EVM_ADDRESS,
				amount: '1',
				currency: 'ETH',
				network: 'ERC20',
			}),
			row({
				reference: 'M-3',
				address: BTC_ADDRESS,
				amount: '0.001',
				currency: 'BTC',
				network: '',
			}),
			row({
				reference: 'M-4',
				address: TRON_ADDRESS,
				amount: '1',
				currency: 'usdt-trc20',
				network: '',
			}),
		]);
		const sent = payoutRequests('oxapay').map(
			(request) => JSON.parse(request.rawBody) as IDataObject,
		);
		expect(sent.map((body) => [body.currency, body.network])).toEqual([
			['USDT', 'Tron'],
			['ETH', 'Ethereum'],
			['BTC', 'Bitcoin'],
			['USDT', 'Tron'],
		]);
	});

	it('maps a refused key to an error that says what to do, with the item index and no key in it', async () => {
		const result = await runNode({
			parameters: createParameters('oxapay'),
			credentials: {
				...credentialsFor(sandbox),
				oxaPayApi: { apiKey: 'wrong-key-0000', baseUrl: sandbox.oxapayBaseUrl },
			},
			items: [
				row({
					reference: 'K-1',
					address: TRON_ADDRESS,
					amount: '1',
					currency: 'USDT',
					network: 'TRC20',
				}),
			],
		});
		const error = result.error as {
			message: string;
			description?: string;
			context?: IDataObject;
			httpCode?: string;
		};
		expect(error.message).toMatch(/OxaPay/);
		expect(error.description).toMatch(/Payout API key/);
		expect(error.context?.itemIndex).toBe(0);
		expect(JSON.stringify(error)).not.toContain('wrong-key-0000');
		expect(sandbox.ledger()).toHaveLength(0);
	});

	it('explains an IP refusal as an allow-list problem', async () => {
		sandbox.injectFault({ provider: 'oxapay' }, { kind: 'ip-not-allowed' });
		const result = await run(
			'oxapay',
			[
				row({
					reference: 'IP-1',
					address: TRON_ADDRESS,
					amount: '1',
					currency: 'USDT',
					network: 'TRC20',
				}),
			],
			{
				continueOnFail: true,
			},
		);
		expect(result.items[0].json.error).toMatchObject({ code: 'OXAPAY_IP_NOT_ALLOWED' });
		expect(String((result.items[0].json.error as IDataObject).description)).toMatch(/Allowed IPs/);
	});
});

describe("Create Payout through n8n's engine: Cregis", () => {
	it('sends a signed body the sandbox accepts and keeps a big cid exact', async () => {
		const result = await run('cregis', [
			row({
				reference: 'INV-9',
				address: TRON_ADDRESS,
				amount: '1.10',
				currency: 'USDT',
				network: 'TRC20',
				description: 'payout',
				callbackUrl: 'https://example.com/cb',
			}),
		]);
		expect(result.error).toBeUndefined();
		const [request] = payoutRequests('cregis');
		const body = JSON.parse(request.rawBody) as IDataObject;
		expect(body).toMatchObject({
			currency: '195@TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t',
			address: TRON_ADDRESS,
			amount: '1.1',
			third_party_id: 'INV-9',
			remark: 'payout',
			callback_url: 'https://example.com/cb',
		});
		expect(request.rawBody).toContain('"pid":1382528827416576');
		expect(body.nonce).toMatch(/^[A-Za-z0-9]{6}$/);
		expect(body.sign).toMatch(/^[0-9a-f]{32}$/);
		expect(request.rawBody).not.toContain('f502a9ac9ca54327986f29c03b271491');
		const json = result.items[0].json;
		expect(json.payoutId).toBe('9007199254740993');
		expect(json).toMatchObject({
			provider: 'cregis',
			operation: 'create',
			status: 'pending',
			reference: 'INV-9',
			amount: '1.1',
			network: 'tron',
		});
		expect(sandbox.ledger()[0].id).toBe('9007199254740993');
	});

	it("maps symbol + network and Cregis's own forms to chain_id@token_id", async () => {
		await run('cregis', [
			row({
				reference: 'C-1',
				address: TRON_ADDRESS,
				amount: '1',
				currency: 'USDT',
				network: 'Tron',
			}),
			row({
				reference: 'C-2',
				address: EVM_ADDRESS,
				amount: '1',
				currency: 'ETH',
				network: 'ERC20',
			}),
			row({
				reference: 'C-3',
				address: BTC_ADDRESS,
				amount: '0.001',
				currency: 'BTC',
				network: '',
			}),
			row({
				reference: 'C-4',
				address: TRON_ADDRESS,
				amount: '1',
				currency: '195@195',
				network: '',
			}),
			row({
				reference: 'C-5',
				address: TRON_ADDRESS,
				amount: '1',
				currency: 'USDT-TRC20',
				network: '',
			}),
		]);
		expect(
			payoutRequests('cregis').map(
				(request) => (JSON.parse(request.rawBody) as IDataObject).currency,
			),
		).toEqual([
			'195@TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t',
			'60@60',
			'0@0',
			'195@195',
			'195@TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t',
		]);
	});

	it('maps B0001 (wrong key) and E0001 (IP) to what to do', async () => {
		const wrongKey = await runNode({
			parameters: createParameters('cregis'),
			credentials: {
				...credentialsFor(sandbox),
				cregisApi: {
					...credentialsFor(sandbox).cregisApi,
					apiKey: '00000000000000000000000000000000',
				},
			},
			items: [
				row({ reference: 'B-1', address: TRON_ADDRESS, amount: '1', currency: 'TRX', network: '' }),
			],
			continueOnFail: true,
		});
		expect(wrongKey.items[0].json.error).toMatchObject({ code: 'CREGIS_B0001' });
		expect(String((wrongKey.items[0].json.error as IDataObject).description)).toMatch(
			/API Key and Project ID/,
		);

		sandbox.injectFault({ provider: 'cregis' }, { kind: 'ip-not-allowed' });
		const ip = await run(
			'cregis',
			[row({ reference: 'E-1', address: TRON_ADDRESS, amount: '1', currency: 'TRX', network: '' })],
			{
				continueOnFail: true,
			},
		);
		expect(ip.items[0].json.error).toMatchObject({ code: 'CREGIS_E0001' });
		expect(String((ip.items[0].json.error as IDataObject).description)).toMatch(/whitelist/);
		expect(sandbox.ledger()).toHaveLength(0);
	});
});

describe('validation before sending, Continue On Fail', () => {
	it.each(['oxapay', 'cregis'] as const)(
		'%s: an unknown currency/network pair is an error and nothing is sent',
		async (provider) => {
			const result = await run(provider, [
				row({
					reference: 'U-1',
					address: TRON_ADDRESS,
					amount: '1',
					currency: 'USDT',
					network: 'Dogechain',
				}),
			]);
			expect((result.error as Error).message).toMatch(/Network "Dogechain"/);
			expect(sandbox.requests).toHaveLength(0);
		},
	);

	it.each(['oxapay', 'cregis'] as const)(
		'%s: a bad row errors with its index, the rest of the batch goes on',
		async (provider) => {
			const items = [
				row({
					reference: 'OK-1',
					address: TRON_ADDRESS,
					amount: '5',
					currency: 'USDT',
					network: 'TRC20',
					keep: 'a',
				}),
				row({
					reference: 'BAD-1',
					address: TRON_ADDRESS,
					amount: '1.1234567',
					currency: 'USDT',
					network: 'TRC20',
					keep: 'b',
				}),
				row({
					reference: 'OK-2',
					address: TRON_ADDRESS,
					amount: '6',
					currency: 'USDT',
					network: 'TRC20',
					keep: 'c',
				}),
			];
			const result = await run(provider, items, { continueOnFail: true });
			expect(result.items.map((item) => item.pairedItem)).toEqual([
				{ item: 0 },
				{ item: 1 },
				{ item: 2 },
			]);
			// The refused row has the shape of every other row (status first, the values as given).
			expect(result.items[1].json).toMatchObject({
				status: 'refused',
				reference: 'BAD-1',
				amount: '1.1234567',
				provider,
				operation: 'create',
				payoutId: null,
				error: { code: 'INVALID_AMOUNT', field: 'amount' },
			});
			expect(Object.keys(result.items[1].json)).toEqual(Object.keys(result.items[0].json));
			expect(String((result.items[1].json.error as IDataObject).message)).toMatch(
				/^Row 2 \(BAD-1\): .*at most 6/,
			);
			expect(sandbox.ledger().map((entry) => entry.amount)).toEqual(['5', '6']);
		},
	);

	it('without Continue On Fail the execution stops at the bad item with its index', async () => {
		const result = await run('oxapay', [
			row({
				reference: 'Z-1',
				address: EVM_ADDRESS,
				amount: '1',
				currency: 'USDT',
				network: 'TRC20',
			}),
		]);
		const error = result.error as { message: string; context?: IDataObject };
		expect(error.message).toMatch(/looks like/i);
		expect(error.context?.itemIndex).toBe(0);
		expect(sandbox.requests).toHaveLength(0);
	});
});

describe('Mapping Column Mode: Map Automatically', () => {
	const autoParameters = (provider: 'oxapay' | 'cregis') => ({
		provider,
		operation: 'create',
		mappingMode: 'autoMapInputData',
	});

	it.each(['oxapay', 'cregis'] as const)(
		'%s: takes each field from the column of the same name, without expressions',
		async (provider) => {
			const result = await runNode({
				parameters: autoParameters(provider),
				credentials: credentialsFor(sandbox),
				items: [
					{
						reference: 'AUTO-1',
						address: TRON_ADDRESS,
						amount: '12.5',
						currency: 'USDT',
						network: 'TRC20',
						description: 'from a sheet',
						extra: 'ignored',
					},
					// Any case, and callback_url, as sheets name them.
					{
						Reference: 'AUTO-2',
						Address: BTC_ADDRESS,
						Amount: 0.001,
						Currency: 'BTC',
						callback_url: 'https://example.com/cb',
					},
				],
			});
			expect(result.error).toBeUndefined();
			expect(
				result.items.map((item) => [item.json.reference, item.json.amount, item.json.network]),
			).toEqual([
				['AUTO-1', '12.5', 'tron'],
				['AUTO-2', '0.001', 'bitcoin'],
			]);
			expect(result.items[0].json.description).toBe('from a sheet');
			expect(sandbox.ledger().map((entry) => entry.amount)).toEqual(['12.5', '0.001']);
			expect(sandbox.ledger()[1].callbackUrl).toBe('https://example.com/cb');
		},
	);

	it('a missing required column is an error naming it and the columns there are; nothing is sent', async () => {
		const result = await runNode({
			parameters: autoParameters('cregis'),
			credentials: credentialsFor(sandbox),
			items: [{ reference: 'AUTO-3', wallet: TRON_ADDRESS, amount: '1', currency: 'TRX' }],
			continueOnFail: true,
		});
		expect(result.items[0].json.error).toMatchObject({ code: 'MISSING_COLUMN', field: 'address' });
		expect(String((result.items[0].json.error as IDataObject).message)).toMatch(
			/No row has a column named "address".*Columns: reference, wallet, amount, currency/,
		);
		expect(sandbox.requests).toHaveLength(0);
	});
});

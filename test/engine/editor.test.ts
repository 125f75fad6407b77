/**
 * What the operator meets in the editor, through n8n's real engine: the live dropdowns as n8n's
 * LoadOptionsContext calls them (no credential yet, another provider's credential, a broken
 * connection), and Dry Run's duplicate check, which may read but never record.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { SANDBOX_OXAPAY_KEY, type Sandbox } from '../../sandbox';
import { loadNodeOptions } from '../harness/load-options';
import { runNode } from '../harness/n8n';
import { createParameters, credentialsFor, row, TRON_ADDRESS, useSandbox } from './fixtures';

type Provider = 'oxapay' | 'cregis';

const getSandbox = useSandbox();
let sandbox: Sandbox;
beforeEach(() => {
	sandbox = getSandbox();
});

const payoutRow = (reference: string) =>
	row({ reference, address: TRON_ADDRESS, amount: '3', currency: 'USDT', network: 'TRC20' });

async function run(provider: Provider, items: IDataObject[], options: INodeParameters = {}) {
	return await runNode({
		parameters: createParameters(provider, { options }),
		credentials: credentialsFor(sandbox),
		items,
		continueOnFail: true,
	});
}

const dryRun = async (provider: Provider, items: IDataObject[]) =>
	await run(provider, items, { dryRun: true });

const creates = () =>
	sandbox.requests.filter((request) => request.method === 'POST' && /payout$/.test(request.path));

describe('live dropdowns through n8n’s LoadOptionsContext', () => {
	it.each<[Provider, string]>([
		['oxapay', 'OxaPay'],
		['cregis', 'Cregis'],
	])(
		'%s without a credential: one disabled entry asking for it, no error, no request',
		async (provider, name) => {
			const options = await loadNodeOptions({
				methodName: 'getCurrencies',
				parameters: { provider, operation: 'create' },
			});
			expect(options).toEqual([
				expect.objectContaining({
					name: `Select the ${name} credential above to load this list`,
					value: '',
					disabled: true,
				}),
			]);
			expect(sandbox.requests).toHaveLength(0);
		},
	);

	it('right after switching Provider (the node still holds the other provider’s credential)', async () => {
		const { oxaPayApi } = credentialsFor(sandbox);
		const options = await loadNodeOptions({
			methodName: 'getCurrencies',
			parameters: { provider: 'cregis', operation: 'create' },
			credentials: { oxaPayApi },
		});
		expect(options).toEqual([expect.objectContaining({ disabled: true, value: '' })]);
		expect(options[0].name).toMatch(/Cregis credential/);
	});

	it('with the credential: the provider’s live list', async () => {
		const { cregisApi } = credentialsFor(sandbox);
		const options = await loadNodeOptions({
			methodName: 'getCurrencies',
			parameters: { provider: 'cregis', operation: 'create' },
			credentials: { cregisApi },
		});
		expect(options.map((option) => option.value)).toContain(
			'195@TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t',
		);
	});

	it('Network before a Currency is chosen: one disabled entry saying so', async () => {
		const options = await loadNodeOptions({
			methodName: 'getNetworks',
			parameters: { provider: 'oxapay', operation: 'checkAddress', currency: '' },
			credentials: { oxaPayApi: credentialsFor(sandbox).oxaPayApi },
		});
		expect(options).toEqual([
			expect.objectContaining({ name: 'Select a Currency First', disabled: true }),
		]);
	});

	it('a read whose connection breaks says it could not read, never that it "may have been received"', async () => {
		sandbox.injectFault(
			{ provider: 'oxapay', method: 'GET', path: '/common/currencies' },
			{ kind: 'drop', afterProcessing: false },
			10,
		);
		const failure = loadNodeOptions({
			methodName: 'getCurrencies',
			parameters: { provider: 'oxapay', operation: 'create' },
			credentials: { oxaPayApi: credentialsFor(sandbox).oxaPayApi },
		});
		await expect(failure).rejects.toThrow(
			/^Could not read OxaPay's currency list: Could not read from the provider/,
		);
		await expect(failure).rejects.not.toThrow(/may have been received/);
	});
});

describe('Dry Run looks for earlier payouts without recording anything', () => {
	it('OxaPay: a reference already in the payout history is a duplicate, with that payout’s id', async () => {
		// Paid outside this n8n (another instance, the dashboard): only OxaPay's history knows it.
		const paid = await fetch(`${sandbox.oxapayBaseUrl}/payout`, {
			method: 'POST',
			headers: { payout_api_key: SANDBOX_OXAPAY_KEY, 'content-type': 'application/json' },
			body: JSON.stringify({
				address: TRON_ADDRESS,
				currency: 'USDT',
				network: 'Tron',
				amount: 3,
				description: '[ref:HIST-1]',
			}),
		});
		const trackId = String(((await paid.json()) as { data: { track_id: unknown } }).data.track_id);

		const result = await dryRun('oxapay', [payoutRow('HIST-1'), payoutRow('HIST-2')]);
		expect(result.items.map((item) => item.json.status)).toEqual(['duplicate', 'validated']);
		expect(result.items[0].json.payoutId).toBe(trackId);
		expect(String(result.items[0].json.message)).toMatch(/^Dry run: OxaPay already has payout/);
		// Short: what a real run adds is said in one clause; the README has the long version.
		expect(String(result.items[1].json.message)).toMatch(
			/^Dry run: every check passed; nothing was sent\. Not looked at: n8n's record of this workflow's earlier runs \(a real run checks it\)\.$/,
		);
		expect(creates()).toHaveLength(1); // the one made above
	});

	it.each<Provider>(['oxapay', 'cregis'])(
		'%s: a reference this n8n paid is a duplicate in Dry Run too, with its payout id',
		async (provider) => {
			const real = await run(provider, [payoutRow(`MEM-${provider}`)]);
			const payoutId = real.items[0].json.payoutId;
			expect(payoutId).toBeTruthy();

			const dry = await dryRun(provider, [payoutRow(`MEM-${provider}`)]);
			expect(dry.items[0].json).toMatchObject({ status: 'duplicate', payoutId });
			expect(creates()).toHaveLength(1);
		},
	);

	it.each<Provider>(['oxapay', 'cregis'])(
		'%s: a reference repeated in the batch is a duplicate from its second row',
		async (provider) => {
			const dry = await dryRun(provider, [payoutRow('TWICE'), payoutRow('TWICE')]);
			expect(dry.items.map((item) => item.json.status)).toEqual(['validated', 'duplicate']);
			expect(String(dry.items[1].json.message)).toMatch(/appears earlier in this batch \(row 1\)/);
		},
	);

	it('Cregis: says what it could not look at', async () => {
		const dry = await dryRun('cregis', [payoutRow('NEW-1')]);
		expect(dry.items[0].json.status).toBe('validated');
		expect(String(dry.items[0].json.message)).toMatch(/Not looked at: n8n's record/);
		expect(sandbox.requests).toHaveLength(0);
	});

	it('records nothing: the real run afterwards pays', async () => {
		await dryRun('cregis', [payoutRow('LATER-1')]);
		const real = await run('cregis', [payoutRow('LATER-1')]);
		expect(real.items[0].json.status).toBe('pending');
	});
});

describe('duplicate items name the earlier payout when it is known', () => {
	it.each<Provider>(['oxapay', 'cregis'])(
		'%s: a second run of a paid reference',
		async (provider) => {
			const first = await run(provider, [payoutRow(`AGAIN-${provider}`)]);
			const second = await run(provider, [payoutRow(`AGAIN-${provider}`)]);
			expect(second.items[0].json).toMatchObject({
				status: 'duplicate',
				payoutId: first.items[0].json.payoutId,
			});
			expect(creates()).toHaveLength(1);
		},
	);

	it('a row repeating an earlier row of the batch points at that row’s payout', async () => {
		const result = await run('cregis', [payoutRow('ROW-1'), payoutRow('ROW-1')]);
		expect(result.items[1].json).toMatchObject({
			status: 'duplicate',
			payoutId: result.items[0].json.payoutId,
		});
		expect(String(result.items[1].json.message)).toMatch(/\(row 1, Cregis payout \d+\)/);
	});
});

/**
 * The operator's batch (issue 14): one reference is one payout whichever provider or account pays
 * it, no paid row is invisible whatever n8n's On Error says, and the options do what the operator
 * set. Each test is a seam where the node met an operator's workflow and paid wrongly or hid a
 * payment; the sandbox ledger decides what was paid.
 */
import type { IDataObject, INodeParameters, INodeType } from 'n8n-workflow';

import type { Sandbox } from '../../sandbox';
import { forgetProcessMemory, runNode, untilNodeIdle } from '../harness/n8n';
import {
	createParameters,
	credentialsFor,
	row,
	timesPaid as timesPaidIn,
	TRON_ADDRESS,
	useSandbox,
} from './fixtures';

type Provider = 'oxapay' | 'cregis';
const PROVIDERS: Provider[] = ['oxapay', 'cregis'];
jest.setTimeout(60_000);

const getSandbox = useSandbox();
let sandbox: Sandbox;
beforeEach(() => {
	sandbox = getSandbox();
	sandbox.setLatency(0);
});

const usdt = (reference: string, amount = '4') =>
	row({ reference, address: TRON_ADDRESS, amount, currency: 'USDT', network: 'TRC20' });

async function run(
	provider: Provider,
	items: IDataObject[],
	extra: {
		options?: IDataObject;
		parameters?: INodeParameters;
		workflowId?: string;
		onError?: 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';
		abortSignal?: AbortSignal;
	} = {},
) {
	return await runNode({
		parameters: createParameters(provider, {
			...(extra.options ? { options: extra.options as INodeParameters } : {}),
			...extra.parameters,
		}),
		credentials: credentialsFor(sandbox),
		items,
		workflowId: extra.workflowId ?? 'wf-operator',
		onError: extra.onError ?? 'continueRegularOutput',
		abortSignal: extra.abortSignal,
	});
}

const timesPaid = () => timesPaidIn(sandbox);
const paidTwice = () => [...timesPaid()].filter(([, times]) => times > 1).map(([ref]) => ref);
const statuses = (result: { items: Array<{ json: IDataObject }> }) =>
	result.items.map((item) => item.json.status);

describe('a reference is one payout whichever provider or account pays it', () => {
	const sheet = Array.from({ length: 6 }, (_, i) => usdt(`AFF-${i}`, `${i + 20}.5`));

	it('the same workflow switched from OxaPay to Cregis pays nothing again, also after a restart', async () => {
		await run('oxapay', sheet);
		expect(sandbox.ledger()).toHaveLength(6);
		const switched = await run('cregis', sheet);
		expect(statuses(switched)).toEqual(sheet.map(() => 'duplicate'));
		expect(String(switched.items[0].json.message)).toMatch(/OxaPay payout \d+/);
		forgetProcessMemory(); // n8n restarted: the workflow's processed-data record alone decides
		const dry = await run('cregis', sheet, { options: { dryRun: true } });
		expect(statuses(dry)).toEqual(sheet.map(() => 'validated')); // it cannot read the record…
		const afterRestart = await run('cregis', sheet);
		expect(statuses(afterRestart)).toEqual(sheet.map(() => 'duplicate')); // …a real run does
		expect(sandbox.ledger()).toHaveLength(6);
	});

	it.each(PROVIDERS)(
		'%s: references that differ only in letter case are one payout',
		async (provider) => {
			const result = await run(provider, [usdt('INV-1'), usdt('inv-1'), usdt('Inv-1')], {
				options: { concurrency: 3 },
			});
			expect(statuses(result).filter((status) => status === 'duplicate')).toHaveLength(2);
			expect(String(result.items[1].json.reference)).toBe('inv-1'); // kept as typed
			expect(sandbox.ledger()).toHaveLength(1);
			// A later run with another case, and OxaPay's history searched without the case.
			forgetProcessMemory();
			const later = await run(provider, [usdt('iNv-1')], { workflowId: 'wf-other' });
			expect(statuses(later)).toEqual(['duplicate']);
			expect(sandbox.ledger()).toHaveLength(1);
		},
	);

	it('two workflows in one n8n process: the second does not pay a reference the first paid meanwhile', async () => {
		sandbox.setLatency(5);
		const long = [
			...Array.from({ length: 250 }, (_, i) => usdt(`ROW-${i}`, '1')),
			usdt('SHARED-1'),
		];
		const scheduled = run('oxapay', long, { workflowId: 'wf-scheduled' });
		// The manual copy pays SHARED-1 after the scheduled run has read OxaPay's history.
		await new Promise((resolve) => setTimeout(resolve, 200));
		const manual = await run('oxapay', [usdt('SHARED-1')], { workflowId: 'wf-manual-copy' });
		const both = [await scheduled, manual];
		expect(paidTwice()).toEqual([]);
		expect(timesPaid().get('SHARED-1')).toBe(1);
		expect(
			both
				.flatMap((result) => result.items)
				.filter((item) => item.json.reference === 'SHARED-1')
				.map((item) => item.json.status)
				.sort(),
		).toEqual(['duplicate', 'processing']);
	});
});

describe('Max Total Per Currency means what it says', () => {
	const limit = (currency: unknown, maxTotal: unknown) => ({
		maxTotalPerCurrency: { limits: [{ currency, maxTotal }] },
	});

	it.each<[string, unknown, unknown, RegExp]>([
		['an empty Currency', '', '150', /has no Currency/],
		['a Currency the node does not know (Tether)', 'Tether', '150', /"Tether" is not a currency/],
		['USD₮', 'USD₮', '150', /"USD₮" is not a currency/],
		['a blank Max Total', 'USDT', '', /the USDT limit has no Max Total/],
		['a negative Max Total', 'USDT', '-5', /the USDT limit is not a positive amount/],
		['two limits for one currency', 'USDT', '150', /USDT has two limits/],
	])(
		'%s stops the batch before anything is sent, Dry Run included',
		async (label, currency, maxTotal, message) => {
			const options: IDataObject = limit(currency, maxTotal);
			if (label === 'two limits for one currency')
				options.maxTotalPerCurrency = {
					limits: [
						{ currency: 'USDT', maxTotal: '150' },
						{ currency: 'usdt-trc20', maxTotal: '10' },
					],
				};
			for (const dryRun of [true, false]) {
				const result = await run('oxapay', [usdt('CAP-1')], { options: { ...options, dryRun } });
				expect(result.items[0].json).toMatchObject({
					status: 'refused',
					error: { code: 'INVALID_SPENDING_CAP' },
				});
				expect(String((result.items[0].json.error as IDataObject).message)).toMatch(message);
			}
			expect(sandbox.requests.filter((request) => request.method === 'POST')).toHaveLength(0);
		},
	);

	it.each<[Provider, string]>([
		['oxapay', 'USDT-TRC20'],
		['oxapay', 'usdt'],
		['cregis', 'USDT-TRC20'],
		['cregis', '195@TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t'],
	])('%s: a limit written %s caps the USDT payouts', async (provider, currency) => {
		const result = await run(provider, [usdt('C-1'), usdt('C-2')], {
			options: limit(currency, '5'),
		});
		expect(statuses(result)).toEqual([provider === 'oxapay' ? 'processing' : 'pending', 'refused']);
		expect(sandbox.ledger()).toHaveLength(1);
	});

	it('a limit given by an expression that differs per row stops the batch; one that is the same for every row applies', async () => {
		const rows = [
			{ ...usdt('E-1'), cap: '100' },
			{ ...usdt('E-2'), cap: '5' },
		];
		const differs = await run('oxapay', rows, { options: limit('USDT', '={{ $json.cap }}') });
		expect(statuses(differs)).toEqual(['refused', 'refused']);
		expect(String((differs.items[0].json.error as IDataObject).message)).toMatch(
			/Options → maxTotalPerCurrency is set by an expression that gives row 1 .* and row 2 /,
		);
		expect(sandbox.ledger()).toHaveLength(0);
		const same = await run('oxapay', rows, { options: limit('USDT', '={{ 5 }}') });
		expect(statuses(same)).toEqual(['processing', 'refused']);
	});

	it.each(PROVIDERS)(
		'%s: a limit over several chunks of rows pays the first rows, in row order',
		async (provider) => {
			sandbox.setLatency(2);
			const rows = Array.from({ length: 450 }, (_, i) => usdt(`ORD-${i}`, '1'));
			const result = await run(provider, rows, {
				options: { ...limit('USDT', '250'), concurrency: 8 },
			});
			const paid = statuses(result).map((status) => status !== 'refused');
			expect(paid.indexOf(false)).toBe(250);
			expect(paid.lastIndexOf(true)).toBe(249);
			expect(sandbox.ledger()).toHaveLength(250);
		},
	);

	it('the refusal says the limit counts this execution only, and does not invite a re-run', async () => {
		const result = await run('cregis', [usdt('X-1'), usdt('X-2')], { options: limit('USDT', '5') });
		const error = result.items[1].json.error as IDataObject;
		expect(String(error.description)).toMatch(/counts this execution only/);
		expect(String(error.description)).toMatch(/running the workflow again counts from zero/);
		expect(String(error.description)).not.toMatch(/run (the items|it) again/i);
	});

	it.each(PROVIDERS)(
		'%s: a duplicate row reserves nothing, in Dry Run as in the real run',
		async (provider) => {
			const rows = [usdt('AFF-1200', '35'), usdt('AFF-1200', '35'), usdt('AFF-1211', '100')];
			const options = limit('USDT', '150');
			const dry = await run(provider, rows, { options: { ...options, dryRun: true } });
			expect(statuses(dry)).toEqual(['validated', 'duplicate', 'validated']);
			const real = await run(provider, rows, { options: { ...options, concurrency: 3 } });
			expect(statuses(real).map((status) => (status === 'duplicate' ? status : 'paid'))).toEqual([
				'paid',
				'duplicate',
				'paid',
			]);
			expect(sandbox.ledger()).toHaveLength(2);
		},
	);
});

describe('options that change what is sent apply to the whole batch', () => {
	it('Dry Run set by an expression that differs per row sends nothing at all', async () => {
		const rows = [
			{ ...usdt('D-1'), dry: false },
			{ ...usdt('D-2'), dry: true },
		];
		// The editor offers no expression there; an imported workflow can carry one, and n8n then
		// hands over its text.
		const result = await run('oxapay', rows, { options: { dryRun: '={{ $json.dry }}' } });
		expect(statuses(result)).toEqual(['refused', 'refused']);
		expect(String((result.items[1].json.error as IDataObject).message)).toMatch(
			/^Options → Dry Run must be on or off, but it is "\{\{ \$json\.dry \}\}"/,
		);
		expect(sandbox.ledger()).toHaveLength(0);
		// A per-row expression in an option that takes one (a limit) is refused the same way.
		const cap = await run('oxapay', rows, {
			options: {
				maxTotalPerCurrency: {
					limits: [{ currency: 'USDT', maxTotal: '={{ $json.dry ? 1 : 100 }}' }],
				},
			},
		});
		expect(cap.items[0].json.error).toMatchObject({ code: 'OPTIONS_DIFFER_BY_ROW' });
		expect(sandbox.ledger()).toHaveLength(0);
	});

	it('the options Dry Run, Validate All First and Allow AI Agent Payouts take no expression in the editor', async () => {
		const { loadPackage } = await import('../harness/node-types');
		const { nodeTypes } = await loadPackage(`${__dirname}/../..`);
		const node = nodeTypes.getByName('n8n-nodes-crypto-payout.cryptoPayout');
		const options = (node as INodeType).description.properties.find(
			(property) => property.name === 'options',
		)?.options as Array<{ name: string; noDataExpression?: boolean }>;
		for (const name of ['dryRun', 'validateAllFirst', 'allowAgentPayouts'])
			expect(options.find((option) => option.name === name)?.noDataExpression).toBe(true);
	});
});

describe('no paid row is invisible, whatever On Error says', () => {
	const sheet = () => [usdt('STOP-1'), usdt('STOP-2'), usdt('STOP-3', '7,5'), usdt('STOP-4')];

	it.each(PROVIDERS)(
		'%s: Stop Workflow with an invalid row 3 at Concurrency 4 sends nothing and names the row',
		async (provider) => {
			const result = await run(provider, sheet(), {
				onError: 'stopWorkflow',
				options: { concurrency: 4 },
			});
			expect(String((result.error as Error).message)).toMatch(
				/^1 row of 4 failed the checks, so nothing was sent\. Row 3 \(STOP-3\): Amount "7,5" contains a comma/,
			);
			expect(sandbox.requests.filter((request) => request.method === 'POST')).toHaveLength(0);
		},
	);

	it.each(PROVIDERS)(
		'%s: a provider refusal mid-batch stops sending and the error names every payout already sent, with its id',
		async (provider) => {
			const create = {
				provider,
				method: 'POST',
				path: provider === 'oxapay' ? '/payout' : '/api/v1/payout',
			};
			sandbox.setLatency(30);
			sandbox.injectFault(create, { kind: 'delay', ms: 0 }, 2); // the first two go through
			sandbox.injectFault(create, { kind: 'ip-not-allowed' }); // the third is refused
			const rows = Array.from({ length: 12 }, (_, i) => usdt(`MID-${i + 1}`));
			const result = await run(provider, rows, {
				onError: 'stopWorkflow',
				options: { concurrency: 4 },
			});
			const error = result.error as { message: string; description?: string };
			const paid = sandbox.ledger();
			expect(paid.length).toBeGreaterThanOrEqual(2);
			expect(paid.length).toBeLessThan(12); // it stopped
			expect(error.message).toMatch(
				new RegExp(`before it, ${paid.length} sent \\(see the details\\)`),
			);
			for (const entry of paid) {
				const reference =
					provider === 'cregis'
						? entry.reference
						: /\[ref:([^\]]+)\]/.exec(entry.description ?? '')?.[1];
				expect(error.description).toMatch(new RegExp(`\\(${reference}\\) payout ${entry.id}\\b`));
			}
		},
	);

	it.each(PROVIDERS)(
		'%s: with "Continue (using error output)" refused rows go to the error output, paid and duplicate ones to the success output',
		async (provider) => {
			const rows = [usdt('EO-1'), usdt('EO-2', '7,5'), usdt('EO-1'), usdt('EO-3'), usdt('', '1')];
			const result = await run(provider, rows, { onError: 'continueErrorOutput' });
			const [success, failure] = result.outputs;
			expect(success.map((item) => [item.json.reference, item.json.status])).toEqual([
				['EO-1', provider === 'oxapay' ? 'processing' : 'pending'],
				['EO-1', 'duplicate'],
				['EO-3', provider === 'oxapay' ? 'processing' : 'pending'],
			]);
			expect(failure.map((item) => item.pairedItem)).toEqual([{ item: 1 }, { item: 4 }]);
			// `error` alone, so n8n 2.8 routes it too.
			expect(failure[0].json).toEqual({
				error: expect.objectContaining({
					code: 'INVALID_AMOUNT',
					status: 'refused',
					reference: 'EO-2',
					provider,
					operation: 'create',
				}),
			});
			expect(failure[1].json.error).toMatchObject({ code: 'REFERENCE_REQUIRED' });
			expect(sandbox.ledger()).toHaveLength(2);
		},
	);

	it.each(PROVIDERS)(
		'%s: a stopped execution sends nothing more, and a re-run pays each unsent reference exactly once',
		async (provider) => {
			sandbox.setLatency(300);
			const rows = Array.from({ length: 8 }, (_, i) => usdt(`CANCEL-${i + 1}`));
			const stop = new AbortController();
			const stopped = run(provider, rows, { abortSignal: stop.signal });
			for (let waited = 0; sandbox.ledger().length < 2 && waited < 10_000; waited += 20)
				await new Promise((resolve) => setTimeout(resolve, 20));
			stop.abort();
			await stopped;
			await untilNodeIdle();
			const paidWhileRunning = sandbox.ledger().length;
			expect(paidWhileRunning).toBeLessThanOrEqual(3); // the one in flight at the stop may land
			await new Promise((resolve) => setTimeout(resolve, 700));
			expect(sandbox.ledger()).toHaveLength(paidWhileRunning); // nothing more after the stop

			sandbox.setLatency(0);
			const again = await run(provider, rows);
			expect(paidTwice()).toEqual([]);
			expect(timesPaid().size).toBe(8); // every reference paid, once
			expect(statuses(again).filter((status) => status === 'duplicate')).toHaveLength(
				paidWhileRunning,
			);
		},
	);
});

describe('Dry Run is the real run minus the send; the output reads well', () => {
	it('OxaPay: an amount below the network minimum is warned about in Dry Run as in the real run', async () => {
		const dry = await run('oxapay', [usdt('MIN-1', '0.005')], { options: { dryRun: true } });
		expect(dry.items[0].json.status).toBe('validated');
		expect(String(dry.items[0].json.message)).toMatch(/minimum/i);
		expect(dry.run.data.resultData.runData['Crypto Payout'][0].hints?.[0]?.message).toMatch(
			/^Row 1 \(MIN-1\): .*minimum/i,
		);
	});

	it('refused rows have the columns of paid rows, status and error first, raw and request last; messages name the row', async () => {
		const result = await run('cregis', [usdt('OK-1'), usdt('BAD-2', 'abc')]);
		const [paid, refused] = result.items.map((item) => item.json);
		expect(Object.keys(refused)).toEqual(Object.keys(paid));
		expect(Object.keys(paid).slice(0, 4)).toEqual(['status', 'reference', 'error', 'message']);
		expect(Object.keys(paid).at(-1)).toBe('raw');
		expect(refused).toMatchObject({
			status: 'refused',
			reference: 'BAD-2',
			provider: 'cregis',
			operation: 'create',
		});
		expect(String((refused.error as IDataObject).message)).toMatch(/^Row 2 \(BAD-2\): /);
		const dry = await run('cregis', [usdt('lower-Case-3')], { options: { dryRun: true } });
		expect(Object.keys(dry.items[0].json).at(-1)).toBe('request');
		expect(String(dry.items[0].json.message).length).toBeLessThan(200);
		expect(
			String(
				(
					await run('cregis', [usdt('lower-Case-3'), usdt('lower-Case-3')], {
						options: { dryRun: true },
					})
				).items[1].json.message,
			),
		).toMatch(/Reference lower-Case-3 appears/);
	});

	it.each(['TRC-20', 'trc 20', 'TRON (TRC-20)', 'Tron'])(
		'network "%s" is TRON',
		async (network) => {
			const result = await run('oxapay', [{ ...usdt('NET-1'), network }]);
			expect(result.items[0].json).toMatchObject({ status: 'processing', network: 'tron' });
		},
	);

	it('Map Automatically: an empty reference cell is an empty reference, and a byte-order mark is no part of a column name', async () => {
		const parameters = { mappingMode: 'autoMapInputData' };
		const bom = await run(
			'cregis',
			[
				{
					'\uFEFFreference': 'BOM-1',
					address: TRON_ADDRESS,
					amount: '1',
					currency: 'USDT',
					network: 'TRC20',
				},
			],
			{ parameters },
		);
		expect(bom.items[0].json).toMatchObject({ status: 'pending', reference: 'BOM-1' });
		const gap = await run(
			'cregis',
			[
				{
					reference: 'GAP-1',
					address: TRON_ADDRESS,
					amount: '1',
					currency: 'USDT',
					network: 'TRC20',
				},
				{ address: TRON_ADDRESS, amount: '1', currency: 'USDT', network: 'TRC20' },
			],
			{ parameters },
		);
		expect(gap.items[1].json.error).toMatchObject({ code: 'REFERENCE_REQUIRED' });
		expect(String((gap.items[1].json.error as IDataObject).message)).toMatch(
			/^Row 2: Reference is empty/,
		);
	});
});

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { startSandbox, type Fault, type Sandbox } from '../../sandbox';
import { forgetProcessMemory, resetProcessedData, runNode } from '../harness/n8n';
import {
	createParameters,
	credentialsFor,
	EVM_ADDRESS,
	row,
	TRON_ADDRESS,
	useSandbox,
} from './fixtures';

type Provider = 'oxapay' | 'cregis';
const PROVIDERS: Provider[] = ['oxapay', 'cregis'];

const getSandbox = useSandbox();
let sandbox: Sandbox;
beforeEach(() => {
	sandbox = getSandbox();
});

const creates = (provider: Provider) =>
	sandbox.requests.filter(
		(request) =>
			request.provider === provider && request.method === 'POST' && /\/payout$/.test(request.path),
	);
const ledger = (provider: Provider) =>
	sandbox.ledger().filter((entry) => entry.provider === provider);

function batch(prefix: string, count = 3): IDataObject[] {
	return Array.from({ length: count }, (_, i) =>
		row({
			reference: `${prefix}-${i}`,
			address: TRON_ADDRESS,
			amount: `${i + 1}.5`,
			currency: 'USDT',
			network: 'TRC20',
		}),
	);
}

async function run(
	provider: Provider,
	items: IDataObject[],
	extra: {
		options?: IDataObject;
		workflowId?: string;
		continueOnFail?: boolean;
		credentials?: IDataObject;
	} = {},
) {
	const parameters: INodeParameters = createParameters(
		provider,
		extra.options ? { options: extra.options as INodeParameters } : {},
	);
	return await runNode({
		parameters,
		credentials: { ...credentialsFor(sandbox), ...(extra.credentials as object) },
		items,
		workflowId: extra.workflowId,
		continueOnFail: extra.continueOnFail ?? true,
	});
}

describe.each(PROVIDERS)('%s: no double payouts', (provider) => {
	it('re-running a finished batch sends 0 new payouts', async () => {
		const first = await run(provider, batch('RERUN'));
		expect(first.items.map((item) => item.json.status)).not.toContain('duplicate');
		expect(ledger(provider)).toHaveLength(3);
		const sentBefore = creates(provider).length;

		const second = await run(provider, batch('RERUN'));
		expect(second.items.map((item) => item.json.status)).toEqual([
			'duplicate',
			'duplicate',
			'duplicate',
		]);
		expect(String(second.items[0].json.message)).toMatch(/Nothing was sent/);
		expect(creates(provider).length).toBe(sentBefore);
		expect(ledger(provider)).toHaveLength(3);
	});

	it('two items with the same reference in one batch pay once, even at concurrency 8', async () => {
		const items = [...batch('SAME', 1), ...batch('SAME', 1), ...batch('SAME', 1)];
		const result = await run(provider, items, { options: { concurrency: 8 } });
		expect(result.items.filter((item) => item.json.status === 'duplicate')).toHaveLength(2);
		expect(ledger(provider)).toHaveLength(1);
	});

	it("the provider-side guard holds when n8n's processed-data store has no record (another workflow)", async () => {
		await run(provider, batch('OTHER', 2), { workflowId: 'wf-a' });
		resetProcessedData();
		const result = await run(provider, batch('OTHER', 2), { workflowId: 'wf-b' });
		expect(result.items.map((item) => item.json.status)).toEqual(['duplicate', 'duplicate']);
		expect(ledger(provider)).toHaveLength(2);
		if (provider === 'oxapay') {
			// Found in the payout history before sending: no second create reached OxaPay at all.
			expect(creates(provider)).toHaveLength(2);
			expect(result.items[0].json.payoutId).toBe(ledger(provider)[0].id);
		} else {
			expect(result.items[0].json.providerStatus).toBe('E0009');
		}
	});

	it('a reference paid through one account is a duplicate through another (another key or project): a reference is one payout', async () => {
		await run(provider, batch('ACCT', 1));
		const requestsBefore = creates(provider).length;
		const other =
			provider === 'oxapay'
				? { oxaPayApi: { apiKey: 'another-fake-key', baseUrl: sandbox.oxapayBaseUrl } }
				: {
						cregisApi: {
							...credentialsFor(sandbox).cregisApi,
							baseUrl: sandbox.cregisBaseUrl.replace('127.0.0.1', 'localhost'),
						},
					};
		const result = await run(provider, batch('ACCT', 1), { credentials: other });
		expect(result.items[0].json.status).toBe('duplicate');
		expect(creates(provider)).toHaveLength(requestsBefore);
		// Also after a restart, from this workflow's processed-data record (OxaPay reads the other
		// key's history first, which the sandbox refuses: nothing is sent either way).
		forgetProcessMemory();
		const afterRestart = await run(provider, batch('ACCT', 1), { credentials: other });
		expect(afterRestart.items[0].json.status).toBe(provider === 'oxapay' ? 'refused' : 'duplicate');
		expect(creates(provider)).toHaveLength(requestsBefore);
	});
});

describe.each(PROVIDERS)('%s: a create is never retried blindly', (provider) => {
	const maybeProcessed: Array<[string, Fault, boolean]> = [
		[
			'connection dropped after the payout was created',
			{ kind: 'drop', afterProcessing: true },
			true,
		],
		['connection dropped before processing', { kind: 'drop', afterProcessing: false }, false],
		['server error after processing', { kind: 'server-error', afterProcessing: true }, true],
		['truncated JSON after processing', { kind: 'malformed-json', afterProcessing: true }, true],
		['an HTML 502 page', { kind: 'html', status: 502 }, false],
	];

	it.each(maybeProcessed)(
		'%s → status unknown, exactly one request, never a second payout',
		async (_label, fault, created) => {
			sandbox.injectFault(
				{ provider, method: 'POST', path: provider === 'oxapay' ? '/payout' : '/api/v1/payout' },
				fault,
			);
			const result = await run(provider, batch('FAULT', 1));
			expect(result.items[0].json.status).toBe('unknown');
			expect(String(result.items[0].json.message)).toMatch(/Get Payout|dashboard/);
			expect(creates(provider)).toHaveLength(1);
			expect(ledger(provider)).toHaveLength(created ? 1 : 0);

			// Running the batch again does not pay the unknown reference a second time.
			const again = await run(provider, batch('FAULT', 1));
			expect(again.items[0].json.status).toBe('duplicate');
			expect(creates(provider)).toHaveLength(1);
		},
	);

	it('a read before the create that never answers is an error, not unknown: nothing was sent', async () => {
		if (provider !== 'oxapay') return; // only OxaPay reads its history before a create
		sandbox.injectFault(
			{ provider, method: 'GET', path: '/payout' },
			{ kind: 'drop', afterProcessing: false },
			10,
		);
		const result = await run(provider, batch('READ', 1));
		expect(result.items[0].json.status).toBe('error');
		expect(result.items[0].json.error).toMatchObject({ code: expect.stringMatching(/^E/) });
		expect(creates(provider)).toHaveLength(0);
		// The reference was released: once the history answers again, the payout goes out.
		sandbox.clearFaults();
		const paid = await run(provider, batch('READ', 1));
		expect(paid.items[0].json.payoutId).toBeTruthy();
		expect(creates(provider)).toHaveLength(1);
	});

	it('a reply slower than the timeout → unknown, not failed, not resent', async () => {
		sandbox.injectFault({ provider, method: 'POST' }, { kind: 'delay', ms: 2500 });
		const result = await run(provider, batch('SLOW', 1), { options: { timeoutSeconds: 1 } });
		expect(result.items[0].json.status).toBe('unknown');
		expect(creates(provider)).toHaveLength(1);
		// The sandbox still answers the abandoned request: let it, so it cannot land in the next test.
		for (
			let waited = 0;
			creates(provider).some((request) => request.status === 0) && waited < 5000;
			waited += 50
		) {
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
	});

	it('429 is retried after Retry-After (nothing was processed) and the payout goes out once', async () => {
		sandbox.injectFault(
			{ provider, method: 'POST', path: provider === 'oxapay' ? '/payout' : '/api/v1/payout' },
			{ kind: 'rate-limit', retryAfterSeconds: 1 },
		);
		const result = await run(provider, batch('RATE', 1));
		expect(result.items[0].json.status).not.toBe('unknown');
		expect(result.items[0].json.payoutId).toBeTruthy();
		expect(creates(provider)).toHaveLength(2);
		expect(ledger(provider)).toHaveLength(1);
	});

	it('a definite refusal frees the reference: after fixing it, a re-run pays', async () => {
		sandbox.injectFault(
			{ provider, method: 'POST', path: provider === 'oxapay' ? '/payout' : '/api/v1/payout' },
			{ kind: 'ip-not-allowed' },
		);
		const refused = await run(provider, batch('FIX', 1));
		expect(refused.items[0].json.error).toBeDefined();
		expect(ledger(provider)).toHaveLength(0);
		const paid = await run(provider, batch('FIX', 1));
		expect(paid.items[0].json.error).toBeNull();
		expect(ledger(provider)).toHaveLength(1);
	});

	it('connection refused is retried (nothing was sent), then reported as an error, not unknown', async () => {
		const closed = await startSandbox();
		const deadCredentials = credentialsFor(closed);
		await closed.close();
		const result = await run(provider, batch('DOWN', 1), { credentials: deadCredentials });
		const error = result.items[0].json.error as IDataObject;
		expect(error.code).toBe('ECONNREFUSED');
		expect(String(error.message)).toMatch(/nothing was sent/);
	});
});

describe.each(PROVIDERS)('%s: Dry Run, spending cap, Validate All First, ordering', (provider) => {
	it('Dry Run validates and shows the exact request without sending or signing', async () => {
		const result = await run(provider, batch('DRY', 2), { options: { dryRun: true } });
		// Nothing is sent or signed. OxaPay's payout history is read (once) for earlier payouts, and
		// its currency list for the minimum-amount warning, as in a real run.
		expect(sandbox.requests.map((request) => `${request.method} ${request.path}`)).toEqual(
			provider === 'oxapay' ? ['GET /payout', 'GET /common/currencies'] : [],
		);
		expect(result.items.map((item) => item.json.status)).toEqual(['validated', 'validated']);
		const request = result.items[0].json.request as IDataObject;
		expect(request.method).toBe('POST');
		const body = request.body as IDataObject;
		expect(body.amount).toBe('1.5');
		expect(body).not.toHaveProperty('sign');
		expect(JSON.stringify(result.items)).not.toMatch(
			/sandbox-oxapay-payout-key|f502a9ac9ca54327986f29c03b271491/,
		);
		// A dry run claims nothing: the real run afterwards pays.
		const real = await run(provider, batch('DRY', 2));
		expect(real.items.map((item) => item.json.status)).not.toContain('duplicate');
	});

	it('Max Total Per Currency stops the item that would exceed it, with the running total', async () => {
		const items = [1, 2, 3].map((i) =>
			row({
				reference: `CAP-${i}`,
				address: TRON_ADDRESS,
				amount: '4',
				currency: 'USDT',
				network: 'TRC20',
			}),
		);
		const result = await run(provider, items, {
			options: { maxTotalPerCurrency: { limits: [{ currency: 'usdt', maxTotal: '10' }] } },
		});
		expect(result.items[0].json.error).toBeNull();
		expect(result.items[1].json.error).toBeNull();
		expect(result.items[2].json).toMatchObject({
			status: 'refused',
			reference: 'CAP-3',
			error: { code: 'SPENDING_CAP_EXCEEDED' },
		});
		expect(String((result.items[2].json.error as IDataObject).message)).toMatch(
			/total to 12.*\(10\).*Already sent or pending in this execution: 8/,
		);
		expect(String((result.items[2].json.error as IDataObject).description)).toMatch(
			/counts this execution only/,
		);
		expect(ledger(provider)).toHaveLength(2);
	});

	it('Validate All First: one bad row stops the batch before any money moves', async () => {
		const items = [
			...batch('VAF', 3),
			row({
				reference: 'VAF-bad',
				address: EVM_ADDRESS,
				amount: '1',
				currency: 'USDT',
				network: 'TRC20',
			}),
		];
		// Under Continue On Fail every row comes out unsent: the bad one refused with its own error.
		const result = await run(provider, items, { options: { validateAllFirst: true } });
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.status)).toEqual([
			'error',
			'error',
			'error',
			'refused',
		]);
		expect(result.items[0].json.error).toMatchObject({ code: 'BATCH_NOT_SENT' });
		expect(String((result.items[0].json.error as IDataObject).message)).toMatch(
			/^Row 1 \(VAF-0\): not sent: 1 row of 4 failed the checks/,
		);
		expect(result.items[3].json.error).toMatchObject({ code: 'INVALID_ADDRESS' });
		expect(sandbox.requests).toHaveLength(0);

		// With n8n's default On Error (stop) the rows are always checked first; the error says which.
		const stopped = await run(provider, items, { continueOnFail: false });
		expect(String((stopped.error as Error).message)).toMatch(
			/^1 row of 4 failed the checks, so nothing was sent. Row 4 \(VAF-bad\): /,
		);
		expect(sandbox.requests).toHaveLength(0);
	});

	it('output order and pairedItem follow input order at concurrency 8, with a 429 in the middle', async () => {
		sandbox.injectFault(
			{ provider, method: 'POST' },
			{ kind: 'rate-limit', retryAfterSeconds: 1 },
			3,
		);
		const items = batch('ORDER', 24);
		const result = await run(provider, items, { options: { concurrency: 8 } });
		expect(result.items.map((item) => item.json.reference)).toEqual(
			items.map((item) => item.reference),
		);
		expect(result.items.map((item) => item.pairedItem)).toEqual(
			items.map((_, index) => ({ item: index })),
		);
		expect(ledger(provider)).toHaveLength(24);
	});
});

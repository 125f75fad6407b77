/**
 * The node with a payout ledger (issue 16), through n8n's engine against the sandbox and a real
 * PostgreSQL (the jest run's cluster): one reference is one payout across workflows, providers and
 * "workers" (copies of the built package, each with its own process memory) with no settle wait;
 * a writer stalled inside its transaction cannot make a second payout; limits count across
 * executions; the trigger moves rows on; Find, Resolve and Release work on the rows.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { Sandbox } from '../../sandbox';
import { freshSchema, tableRows, testDatabase, withClient } from '../harness/ledger';
import { forgetProcessMemory, processedDataStore, REPO_ROOT, runNode } from '../harness/n8n';
import { getProvider } from '../../nodes/CryptoPayout/providers/registry';
import { copyBuiltPackage, type PackageCopy } from '../harness/package-copy';
import { startTriggerEndpoint } from '../harness/webhook';
import {
	createParameters,
	credentialsFor,
	row,
	timesPaid as timesPaidIn,
	TRON_ADDRESS,
	useSandbox,
} from './fixtures';

type Provider = 'oxapay' | 'cregis';
jest.setTimeout(90_000);

const getSandbox = useSandbox();
let sandbox: Sandbox;
let schema: string;
let secondWorker: PackageCopy;
beforeAll(() => {
	secondWorker = copyBuiltPackage('crypto-payout-ledger-worker-');
});
afterAll(() => secondWorker.remove());
beforeEach(() => {
	sandbox = getSandbox();
	schema = freshSchema('engine');
});

/** Both provider credentials point at the same ledger: one paying setup. */
function credentials() {
	const ledger = { ledgerUrl: testDatabase().url(), ledgerSchema: schema };
	const base = credentialsFor(sandbox);
	return {
		oxaPayApi: { ...base.oxaPayApi, ...ledger },
		cregisApi: { ...base.cregisApi, ...ledger },
	};
}

const usdt = (reference: string, amount = '20') =>
	row({ reference, address: TRON_ADDRESS, amount, currency: 'USDT', network: 'TRC20' });

async function run(
	provider: Provider,
	items: IDataObject[],
	extra: {
		options?: IDataObject;
		parameters?: INodeParameters;
		workflowId?: string;
		packageDir?: string;
	} = {},
) {
	return await runNode({
		packageDir: extra.packageDir ?? REPO_ROOT,
		parameters: createParameters(provider, {
			...(extra.options ? { options: extra.options as INodeParameters } : {}),
			...extra.parameters,
		}),
		credentials: credentials(),
		items,
		workflowId: extra.workflowId ?? 'wf-ledger',
		continueOnFail: true,
	});
}

const operation = (provider: Provider, name: string, reference: string, more: IDataObject = {}) =>
	runNode({
		parameters: { provider, operation: name, reference, ...more } as INodeParameters,
		credentials: credentials(),
		items: [{}],
		continueOnFail: true,
	});

const timesPaid = () => timesPaidIn(sandbox);
const statuses = (result: { items: Array<{ json: IDataObject }> }) =>
	result.items.map((item) => item.json.status);

describe('one reference, one payout, with a payout ledger', () => {
	it('two workflows on two providers and two workers, 4 executions at once, the same 24 references: each paid once, no settle wait', async () => {
		sandbox.setLatency(20);
		const rows = Array.from({ length: 24 }, (_, i) => usdt(`SHARED-${i}`, `${i + 1}`));
		const before = processedDataStore().stats();
		const started = Date.now();
		const results = await Promise.all([
			run('oxapay', rows, {
				workflowId: 'wf-a',
				options: { concurrency: 8, claimSettleMs: 20_000 },
			}),
			run('cregis', rows, {
				workflowId: 'wf-b',
				options: { concurrency: 8, claimSettleMs: 20_000 },
				packageDir: secondWorker.dir,
			}),
			run('cregis', rows, {
				workflowId: 'wf-b',
				options: { concurrency: 8, claimSettleMs: 20_000 },
			}),
			run('oxapay', rows, {
				workflowId: 'wf-a',
				options: { concurrency: 8, claimSettleMs: 20_000 },
				packageDir: secondWorker.dir,
			}),
		]);
		expect([...timesPaid().values()].filter((times) => times > 1)).toEqual([]);
		expect(timesPaid().size).toBe(24);
		// Every item is a payout or a duplicate; the ledger's rows carry their payout ids.
		expect(
			results
				.flatMap(statuses)
				.filter((status) => !['processing', 'pending', 'duplicate'].includes(String(status))),
		).toEqual([]);
		const table = await tableRows(schema);
		expect(table).toHaveLength(24);
		expect(table.every((entry) => entry.status === 'sent' && entry.payout_id)).toBe(true);
		// The Queue Mode Safety Wait (20 s here) was not paid, and n8n's store was not touched.
		expect(Date.now() - started).toBeLessThan(15_000);
		expect(processedDataStore().stats()).toEqual(before);
	});

	it('a writer stalled 2 s inside its transaction (it claimed the reference, not yet committed): the node waits for it and pays nothing', async () => {
		await run('cregis', [usdt('WARM-1')]); // creates the schema
		await withClient(async (client) => {
			await client.query('BEGIN');
			await client.query(
				`INSERT INTO "${schema}".payouts (namespace, reference_key, reference, provider, account, workflow_id, execution_id, currency, network, amount, address, status)
				 VALUES ('test', 'STALL-1', 'stall-1', 'oxapay', 'other-worker', 'wf-other', 'ex-stalled', 'USDT', 'tron', 5, $1, 'claimed')`,
				[TRON_ADDRESS],
			);
			const node = run('cregis', [usdt('STALL-1')]);
			await new Promise((resolve) => setTimeout(resolve, 2_000));
			await client.query('COMMIT');
			const result = await node;
			expect(result.items[0].json).toMatchObject({ status: 'duplicate' });
			expect(String(result.items[0].json.message)).toMatch(
				/payout ledger already .*workflow wf-other/,
			);
		});
		expect(timesPaid().get('STALL-1')).toBeUndefined();
	});

	it('Dry Run reads the ledger: a reference paid by another workflow and provider is a duplicate naming that payout', async () => {
		const paid = await run('oxapay', [usdt('EARLIER-1')], { workflowId: 'wf-first' });
		forgetProcessMemory();
		const dry = await run('cregis', [usdt('earlier-1'), usdt('NEW-1')], {
			workflowId: 'wf-second',
			options: { dryRun: true },
		});
		expect(statuses(dry)).toEqual(['duplicate', 'validated']);
		// Another provider's payout: named in the message, not given as this provider's payout id.
		expect(dry.items[0].json.payoutId).toBeNull();
		expect(String(dry.items[0].json.message)).toContain(
			`OxaPay payout ${String(paid.items[0].json.payoutId)}`,
		);
		expect(String(dry.items[1].json.message)).not.toMatch(/Not looked at/);
	});
});

describe('Max Total Per Currency over a period, with a payout ledger', () => {
	const daily = {
		maxTotalPerCurrency: { limits: [{ currency: 'USDT', maxTotal: '100' }] },
		limitPeriod: 'rolling24h',
	};

	it('100 USDT a day across 3 executions on 2 workers, 40 USDT each: 100 paid at most, the rest refused with the running total', async () => {
		const results = await Promise.all(
			[0, 1, 2].map((execution) =>
				run('oxapay', [usdt(`DAY-${execution}-A`), usdt(`DAY-${execution}-B`)], {
					options: daily,
					packageDir: execution === 1 ? secondWorker.dir : REPO_ROOT,
				}),
			),
		);
		const paidTotal = sandbox.ledger().reduce((sum, entry) => sum + Number(entry.amount), 0);
		expect(paidTotal).toBe(100);
		const refused = results
			.flatMap((result) => result.items)
			.filter((item) => item.json.status === 'refused');
		expect(refused).toHaveLength(1);
		expect(String((refused[0].json.error as IDataObject).message)).toMatch(
			/over the last 24 hours to 120, above Max Total Per Currency \(100\)\. Already sent or pending in that period: 100 USDT/,
		);
		// The next execution is refused too, and Dry Run says so without writing.
		const dry = await run('oxapay', [usdt('DAY-3')], { options: { ...daily, dryRun: true } });
		expect(dry.items[0].json.error).toMatchObject({ code: 'SPENDING_CAP_EXCEEDED' });
	});

	it.each<Provider>(['oxapay', 'cregis'])(
		'%s: a limit over several chunks of rows takes the first rows in row order, in Dry Run as in the real run',
		async (provider) => {
			const options = {
				...daily,
				maxTotalPerCurrency: { limits: [{ currency: 'USDT', maxTotal: '250' }] },
			};
			const rows = Array.from({ length: 450 }, (_, i) => usdt(`ROW-${i}`, '1'));
			const takesFirst250 = (items: Array<{ json: IDataObject }>) => {
				const taken = items.map((item) => item.json.status !== 'refused');
				expect(taken.indexOf(false)).toBe(250);
				expect(taken.lastIndexOf(true)).toBe(249);
			};
			const dry = await run(provider, rows, { options: { ...options, dryRun: true } });
			takesFirst250(dry.items);
			const real = await run(provider, rows, { options: { ...options, concurrency: 8 } });
			takesFirst250(real.items);
			expect(sandbox.ledger()).toHaveLength(250);
		},
	);

	it('a period longer than the execution without a ledger stops the batch before anything is sent', async () => {
		const result = await runNode({
			parameters: createParameters('cregis', { options: daily as INodeParameters }),
			credentials: credentialsFor(sandbox),
			items: [usdt('NOLEDGER-1')],
			continueOnFail: true,
		});
		expect(result.items[0].json.error).toMatchObject({ code: 'LEDGER_REQUIRED' });
		expect(sandbox.ledger()).toHaveLength(0);
	});
});

describe('the trigger moves ledger rows on', () => {
	it('a signed "completed" callback writes the status and the transaction hash to the row', async () => {
		const endpoint = await startTriggerEndpoint({ provider: 'cregis', credentials: credentials() });
		try {
			const created = await run('cregis', [{ ...usdt('CB-1'), callbackUrl: endpoint.url }]);
			const cid = String(created.items[0].json.payoutId);
			sandbox.setPayoutStatus(cid, 6, { txHash: 'a'.repeat(64) });
			await sandbox.deliverCallback(cid);
			await endpoint.settled();
			expect(endpoint.executions).toHaveLength(1);
			const [entry] = await tableRows(schema);
			expect(entry).toMatchObject({
				reference_key: 'CB-1',
				status: 'completed',
				payout_id: cid,
				tx_hash: 'a'.repeat(64),
			});
		} finally {
			await endpoint.close();
		}
	});
});

describe('Find, Resolve and Release on ledger rows', () => {
	/** The paying account of the sandbox credential, as the node records it. */
	const accountOf = (provider: Provider) =>
		getProvider(provider).account(credentials()[provider === 'oxapay' ? 'oxaPayApi' : 'cregisApi'])
			.key;

	/** A row claimed by a worker of this account that died before sending (or before settling). */
	async function strandedClaim(
		reference: string,
		provider: Provider,
		ageMinutes: number,
		account = accountOf(provider),
	) {
		await run(provider, [usdt('WARM-2')]); // creates the schema
		await withClient((client) =>
			client.query(
				`INSERT INTO "${schema}".payouts (namespace, reference_key, reference, provider, account, workflow_id, execution_id, currency, network, amount, address, status, claimed_at)
				 VALUES ('test', $1, $2, $3, $4, 'wf-ledger', 'ex-killed', 'USDT', 'tron', 20, $5, 'claimed', now() - make_interval(mins => $6))`,
				[reference.toUpperCase(), reference, provider, account, TRON_ADDRESS, ageMinutes],
			),
		);
	}

	it('Resolve and Release refuse a row another account of the provider sent: only its records can tell', async () => {
		await strandedClaim('OTHER-ACCT-1', 'oxapay', 30, 'api.oxapay.com:another-key-fp');
		const release = await operation('oxapay', 'releaseReference', 'OTHER-ACCT-1');
		expect(release.items[0].json.error).toMatchObject({ code: 'WRONG_ACCOUNT' });
		const resolve = await operation('cregis', 'resolveReference', 'OTHER-ACCT-1', {
			resendToSettle: true,
		});
		expect(resolve.items[0].json.error).toMatchObject({ code: 'WRONG_ACCOUNT' });
		expect(timesPaid().get('OTHER-ACCT-1')).toBeUndefined();
		expect(await tableRows(schema)).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ reference_key: 'OTHER-ACCT-1', status: 'claimed' }),
			]),
		);
	});

	it('OxaPay: a claim a dead worker left is never paid again; Find says in doubt; Release waits until it is old, checks the history, then frees it; the re-run pays once', async () => {
		await strandedClaim('DEAD-1', 'oxapay', 1);
		expect(statuses(await run('oxapay', [usdt('DEAD-1')]))).toEqual(['duplicate']);
		const young = await operation('oxapay', 'findReference', 'dead-1');
		expect(young.items[0].json).toMatchObject({ status: 'in-progress', provider: 'oxapay' });
		const found = await operation('oxapay', 'findReference', 'dead-1', { inDoubtAfterMinutes: 1 });
		expect(found.items[0].json).toMatchObject({ status: 'in-doubt', provider: 'oxapay' });
		expect(String(found.items[0].json.message)).toMatch(
			/the payout ledger.*OxaPay's payout history/,
		);
		const resolved = await operation('oxapay', 'resolveReference', 'DEAD-1', {
			inDoubtAfterMinutes: 1,
		});
		expect(String(resolved.items[0].json.message)).toMatch(/has no payout with this reference/);
		const tooYoung = await operation('oxapay', 'releaseReference', 'DEAD-1');
		expect(tooYoung.items[0].json.error).toMatchObject({ code: 'RELEASE_REFUSED' });
		const released = await operation('oxapay', 'releaseReference', 'DEAD-1', {
			inDoubtAfterMinutes: 1,
		});
		expect(released.items[0].json).toMatchObject({ released: true });
		expect(statuses(await run('oxapay', [usdt('DEAD-1')]))).toEqual(['processing']);
		expect(timesPaid().get('DEAD-1')).toBe(1);
	});

	it('OxaPay: Resolve settles an in-doubt row from the history; Release then refuses it', async () => {
		await strandedClaim('LOST-1', 'oxapay', 30);
		// The create did reach OxaPay (its reply was lost): the history has it.
		forgetProcessMemory();
		await fetch(`${sandbox.oxapayBaseUrl}/payout`, {
			method: 'POST',
			headers: {
				payout_api_key: credentials().oxaPayApi.apiKey,
				'content-type': 'application/json',
			},
			body: JSON.stringify({
				address: TRON_ADDRESS,
				currency: 'USDT',
				network: 'Tron',
				amount: 20,
				description: '[ref:LOST-1]',
			}),
		});
		const resolved = await operation('oxapay', 'resolveReference', 'LOST-1');
		expect(resolved.items[0].json).toMatchObject({
			status: 'sent',
			payoutId: sandbox.ledger().at(-1)?.id,
		});
		const release = await operation('oxapay', 'releaseReference', 'LOST-1');
		expect(String((release.items[0].json.error as IDataObject).message)).toMatch(
			/the ledger says it was paid \(sent/,
		);
	});

	it('Cregis: Resolve resends only when asked; E0009 settles it without a second payout; a payout that never existed is paid once', async () => {
		await strandedClaim('GONE-1', 'cregis', 30);
		const asked = await operation('cregis', 'resolveReference', 'GONE-1');
		expect(String(asked.items[0].json.message)).toMatch(/turn on Resend With the Same Reference/);
		expect(timesPaid().get('GONE-1')).toBeUndefined();
		const resent = await operation('cregis', 'resolveReference', 'GONE-1', {
			resendToSettle: true,
		});
		expect(resent.items[0].json).toMatchObject({ status: 'sent', resent: true });
		expect(timesPaid().get('GONE-1')).toBe(1);

		// HAD-1 reached Cregis (paid without the ledger), but the ledger's row never learnt it.
		await runNode({
			parameters: createParameters('cregis'),
			credentials: credentialsFor(sandbox),
			items: [usdt('HAD-1')],
			workflowId: 'wf-without-ledger',
		});
		await strandedClaim('HAD-1', 'cregis', 30);
		const settled = await operation('cregis', 'resolveReference', 'HAD-1', {
			resendToSettle: true,
		});
		expect(settled.items[0].json).toMatchObject({ status: 'sent', resent: false });
		expect(timesPaid().get('HAD-1')).toBe(1);
	});
});

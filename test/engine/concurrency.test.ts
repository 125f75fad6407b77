/**
 * "Never paid twice" when claims run at the same time: items of one execution (the Concurrency
 * option) and executions of one workflow started together. The node claims each reference in n8n's
 * processed-data store, which the harness mirrors with the real store's races (a read, then an
 * insert or a whole-list update, no lock: see test/harness/processed-data.ts). A claim that the
 * store silently loses, or that two callers both win, must not turn into a second payout.
 *
 * "Recorded" is checked the way an operator would meet it: the same batch run again on the same
 * workflow, with the provider unable to help (sandbox.reset() forgets OxaPay's history and
 * Cregis's third_party_ids), must send nothing.
 *
 * Queue-mode workers are separate processes sharing the database: a second copy of the built
 * package, loaded from another directory, has its own module state (anything the node keeps per
 * process) while sharing this process's processed-data store, as two workers share n8n's table.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { LedgerEntry, Sandbox } from '../../sandbox';
import { forgetProcessMemory, processedDataStore, REPO_ROOT, runNode } from '../harness/n8n';
import { copyBuiltPackage, type PackageCopy } from '../harness/package-copy';
import { createParameters, credentialsFor, row, TRON_ADDRESS, useSandbox } from './fixtures';

type Provider = 'oxapay' | 'cregis';
const PROVIDERS: Provider[] = ['oxapay', 'cregis'];
/** What a create the provider accepted reports. */
const SENT = ['pending', 'processing', 'completed'];

/**
 * Per processed-data statement (findOne, insert, update). Chosen against a real n8n 2.x on SQLite
 * running the node without a concurrency guard (40 items at Concurrency 8 kept 11 of 40 records;
 * two executions of 24 OxaPay rows at 120 ms paid 22 twice): at 5 ms this double keeps about 13–17
 * of 40 and pays 18–22 of 24 twice; at the harness default (next macrotask) the races are milder.
 */
const SQLITE_LIKE_LATENCY = { readMs: 5, writeMs: 5 };

jest.setTimeout(60_000);

const getSandbox = useSandbox();
let sandbox: Sandbox;
beforeEach(() => {
	sandbox = getSandbox();
	sandbox.setLatency(0); // reset() keeps the latency a test set
	processedDataStore().setLatency(SQLITE_LIKE_LATENCY);
});

function batch(prefix: string, count: number): IDataObject[] {
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
	workflowId: string,
	concurrency = 1,
	packageDir = REPO_ROOT,
) {
	return await runNode({
		packageDir,
		parameters: createParameters(provider, { options: { concurrency } }),
		credentials: credentialsFor(sandbox),
		items,
		workflowId,
		continueOnFail: true,
	});
}

const creates = (provider: Provider) =>
	sandbox.requests.filter(
		(request) =>
			request.provider === provider && request.method === 'POST' && /\/payout$/.test(request.path),
	);

/** The reference a ledger entry was paid for: Cregis's third_party_id, OxaPay's `[ref:…]` description prefix. */
function referenceOf(entry: LedgerEntry): string | undefined {
	if (entry.provider === 'cregis') return entry.reference;
	return /^\[ref:([^\]\s]+)\]/.exec(entry.description ?? '')?.[1];
}

/** How the provider's ledger paid `references`: a mismatch shows as paidMoreThanOnce / unpaid. */
function payouts(provider: Provider, references: string[]) {
	const paid = new Map<string, number>();
	for (const entry of sandbox.ledger().filter((e) => e.provider === provider)) {
		const reference = referenceOf(entry) ?? '(none)';
		paid.set(reference, (paid.get(reference) ?? 0) + 1);
	}
	return {
		payouts: [...paid.values()].reduce((sum, n) => sum + n, 0),
		paidMoreThanOnce: [...paid]
			.filter(([, n]) => n > 1)
			.map(([reference, n]) => `${reference} ×${n}`),
		unpaid: references.filter((reference) => !paid.has(reference)),
	};
}

const statusOf = (item: INodeExecutionData) =>
	item.json.error ? 'error' : String(item.json.status);

/** Items that are not a payout the provider accepted, as `REF: status (error message)`. */
function notSent(items: INodeExecutionData[]): string[] {
	return items
		.filter((item) => !SENT.includes(statusOf(item)))
		.map(
			(item) =>
				`${String(item.json.reference)}: ${statusOf(item)}${item.json.error ? ` (${String((item.json.error as IDataObject).message)})` : ''}`,
		);
}

const referencesOf = (items: IDataObject[]) => items.map((item) => String(item.reference));

/**
 * References that were not sent by exactly one execution and reported duplicate by every other
 * (an error, or a second send, is a failure), as `REF: status per execution`.
 */
function notOnceThenDuplicate(outputs: INodeExecutionData[][], references: string[]): string[] {
	return references
		.map((reference, index) => ({
			reference,
			statuses: outputs.map((items) => statusOf(items[index])),
		}))
		.filter(({ statuses }) => {
			const sent = statuses.filter((status) => SENT.includes(status)).length;
			const duplicates = statuses.filter((status) => status === 'duplicate').length;
			return sent !== 1 || duplicates !== statuses.length - 1;
		})
		.map(({ reference, statuses }) => `${reference}: ${statuses.join(', ')}`);
}

/**
 * Runs `items` again on `workflowId` with the provider's own memory wiped and n8n restarted (the
 * node's process memory gone), so only the workflow's processed-data records can stop a payout.
 * Returns the statuses and what reached the provider.
 */
async function rerunWithoutProviderMemory(
	provider: Provider,
	items: IDataObject[],
	workflowId: string,
) {
	sandbox.reset();
	forgetProcessMemory();
	const again = await run(provider, items, workflowId);
	return {
		notDuplicate: again.items
			.filter((item) => statusOf(item) !== 'duplicate')
			.map((item) => String(item.json.reference)),
		creates: creates(provider).length,
	};
}

// Each test compares one measurement with the ideal, so a failure shows every symptom at once.
describe.each(PROVIDERS)('%s: claims inside one execution at Concurrency 8', (provider) => {
	it('the first batch of a workflow: no item fails, every reference is recorded', async () => {
		const workflowId = `wf-${provider}-first-batch`;
		const items = batch('FIRST', 40);

		const result = await run(provider, items, workflowId, 8);
		const measured = {
			notSent: notSent(result.items),
			ledger: payouts(provider, referencesOf(items)),
			rerun: await rerunWithoutProviderMemory(provider, items, workflowId),
		};

		expect(measured).toEqual({
			notSent: [],
			ledger: { payouts: 40, paidMoreThanOnce: [], unpaid: [] },
			rerun: { notDuplicate: [], creates: 0 },
		});
	});

	it('a workflow that already has records: a batch of 40 is recorded whole, the earlier records kept', async () => {
		const workflowId = `wf-${provider}-lost-records`;
		const earlier = batch('EARLIER', 2);
		await run(provider, earlier, workflowId);
		const items = batch('LOST', 40);

		const result = await run(provider, items, workflowId, 8);
		const measured = {
			notSent: notSent(result.items),
			ledger: payouts(provider, referencesOf([...earlier, ...items])),
			rerun: await rerunWithoutProviderMemory(provider, [...earlier, ...items], workflowId),
		};

		expect(measured).toEqual({
			notSent: [],
			ledger: { payouts: 42, paidMoreThanOnce: [], unpaid: [] },
			rerun: { notDuplicate: [], creates: 0 },
		});
	});
});

describe.each(PROVIDERS)(
	'%s: executions of one workflow started at the same moment',
	(provider) => {
		it.each([2, 4, 8])(
			'%i executions of the same 24-row batch pay every reference once',
			async (executions) => {
				sandbox.setLatency(120);
				const workflowId = `wf-${provider}-together-${executions}`;
				const items = batch('TOGETHER', 24);
				const references = referencesOf(items);

				const results = await Promise.all(
					Array.from({ length: executions }, async () => await run(provider, items, workflowId)),
				);
				const measured = {
					ledger: payouts(provider, references),
					// Cregis refuses a reused third_party_id (E0009): that guard must not be what saved it.
					createsSent: creates(provider).length,
					// Per reference: one execution paid it, every other one says duplicate (no error, no second send).
					notOnceThenDuplicate: notOnceThenDuplicate(
						results.map((result) => result.items),
						references,
					),
				};

				expect(measured).toEqual({
					ledger: { payouts: 24, paidMoreThanOnce: [], unpaid: [] },
					createsSent: 24,
					notOnceThenDuplicate: [],
				});
			},
		);
	},
);

describe('executions of one workflow in two worker processes at the same moment', () => {
	let workers: string[] = [];
	let secondWorker: PackageCopy;
	beforeAll(() => {
		secondWorker = copyBuiltPackage('crypto-payout-worker-');
		workers = [REPO_ROOT, secondWorker.dir];
	});
	afterAll(() => secondWorker.remove());

	it.each(
		PROVIDERS.flatMap((provider) => [2, 4].map((executions) => [provider, executions] as const)),
	)(
		'%s: %i executions of the same 24-row batch, split over two workers, pay every reference once',
		async (provider, executions) => {
			sandbox.setLatency(120);
			const workflowId = `wf-${provider}-workers-${executions}`;
			const items = batch('WORKERS', 24);
			const references = referencesOf(items);

			const results = await Promise.all(
				Array.from(
					{ length: executions },
					async (_, i) => await run(provider, items, workflowId, 1, workers[i % 2]),
				),
			);
			const measured = {
				ledger: payouts(provider, references),
				createsSent: creates(provider).length,
				notOnceThenDuplicate: notOnceThenDuplicate(
					results.map((result) => result.items),
					references,
				),
			};

			expect(measured).toEqual({
				ledger: { payouts: 24, paidMoreThanOnce: [], unpaid: [] },
				createsSent: 24,
				notOnceThenDuplicate: [],
			});
		},
	);
});

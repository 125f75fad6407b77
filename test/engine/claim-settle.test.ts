/**
 * The cross-process guard: n8n's processed-data store lets a writer that read before our claim
 * and writes after it erase the claim. The node records a token with its claims and checks it is
 * still there after the Queue Mode Safety Wait. Two "workers" are two copies of the built package
 * (each with its own module state, as two processes) sharing the harness's store, and one
 * worker's claim is held between its read and its write while the other claims.
 */
import type { INodeParameters } from 'n8n-workflow';

import type { Sandbox } from '../../sandbox';
import { processedDataStore, REPO_ROOT, runNode } from '../harness/n8n';
import { copyBuiltPackage, type PackageCopy } from '../harness/package-copy';
import { createParameters, credentialsFor, row, TRON_ADDRESS, useSandbox } from './fixtures';

type Provider = 'oxapay' | 'cregis';
jest.setTimeout(60_000);

const getSandbox = useSandbox();
let sandbox: Sandbox;
let secondWorker: PackageCopy;
beforeAll(() => {
	secondWorker = copyBuiltPackage('crypto-payout-worker-');
});
afterAll(() => secondWorker.remove());
beforeEach(() => {
	sandbox = getSandbox();
	processedDataStore().setLatency({ readMs: 2, writeMs: 2 });
});

const payoutRow = (reference: string) =>
	row({ reference, address: TRON_ADDRESS, amount: '3.5', currency: 'USDT', network: 'TRC20' });

async function run(
	provider: Provider,
	packageDir: string,
	workflowId: string,
	reference: string,
	options: INodeParameters,
) {
	return await runNode({
		packageDir,
		parameters: createParameters(provider, { options }),
		credentials: credentialsFor(sandbox),
		items: [payoutRow(reference)],
		workflowId,
		continueOnFail: true,
	});
}

const paidFor = (provider: Provider, reference: string) =>
	sandbox
		.ledger()
		.filter((entry) =>
			provider === 'cregis'
				? entry.reference === reference
				: entry.description?.startsWith(`[ref:${reference}]`),
		).length;
const createsSent = (provider: Provider) =>
	sandbox.requests.filter(
		(request) =>
			request.provider === provider && request.method === 'POST' && /\/payout$/.test(request.path),
	).length;

/**
 * Worker B reads the workflow's record, then stalls for `stallMs` before writing; meanwhile
 * worker A claims the same reference. B's write then erases A's claim (last writer wins).
 */
async function raceWithStalledWriter(
	provider: Provider,
	options: INodeParameters,
	stallMs: number,
) {
	const workflowId = `wf-settle-${provider}-${String(options.claimSettleMs)}-${stallMs}`;
	await run(provider, REPO_ROOT, workflowId, 'EARLIER-1', options); // the record exists: updates, not inserts
	const sentBefore = createsSent(provider);
	const stall = processedDataStore().stallNextWrite({ workflowId });
	const workerB = run(provider, secondWorker.dir, workflowId, 'RACE-1', options);
	await stall.reached;
	const workerA = run(provider, REPO_ROOT, workflowId, 'RACE-1', options);
	await new Promise((resolve) => setTimeout(resolve, stallMs));
	stall.release();
	const statuses = (await Promise.all([workerA, workerB])).map(
		(result) => result.items[0].json.status,
	);
	return {
		paid: paidFor(provider, 'RACE-1'),
		sent: createsSent(provider) - sentBefore,
		statuses: statuses.sort(),
	};
}

describe.each(['oxapay', 'cregis'] as const)('%s: a claim erased by another worker', (provider) => {
	it('is detected after the wait: the reference is sent once and the loser reports duplicate', async () => {
		const result = await raceWithStalledWriter(provider, { claimSettleMs: 400 }, 100);
		expect(result.paid).toBe(1);
		expect(result.sent).toBe(1);
		expect(result.statuses).toEqual([
			'duplicate',
			provider === 'oxapay' ? 'processing' : 'pending',
		]);
	});
});

/**
 * Without the check the store alone cannot stop the second send. Cregis shows it by the creates
 * that reach the provider (its third_party_id then refuses the second, E0009). For OxaPay the
 * history read would mask it here: worker B reads the history after worker A's payout landed.
 */
describe('cregis: what the check guards', () => {
	const provider = 'cregis' as const;
	it('without the wait (0) the same interleaving sends the payout twice: the check is what guards it', async () => {
		const result = await raceWithStalledWriter(provider, { claimSettleMs: 0 }, 100);
		expect(result.sent).toBe(2);
	});

	it('its limit, as the README states it: a writer slower than the wait still gets through', async () => {
		const result = await raceWithStalledWriter(provider, { claimSettleMs: 100 }, 400);
		expect(result.sent).toBe(2);
	});
});

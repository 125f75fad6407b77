/**
 * A row's life after its claim, against a real PostgreSQL: outcomes written back, releases that
 * only free what the caller owns, status callbacks that never move a row backwards (also when
 * they arrive at once and out of order), the in-doubt list, operator resolutions and removal.
 */
import {
	closeSharedLedgers,
	openLedger,
	openUnsharedLedger,
} from '../../nodes/CryptoPayout/ledger/postgres';
import type { PayoutLedger } from '../../nodes/CryptoPayout/ledger/types';
import { claimOf, freshSchema, ledgerConfig, tableRows, withClient } from '../harness/ledger';

afterAll(closeSharedLedgers);

async function freshLedger(label: string): Promise<{ ledger: PayoutLedger; schema: string }> {
	const schema = freshSchema(label);
	return { ledger: await openLedger(ledgerConfig(schema)), schema };
}

describe('settle', () => {
	it('writes the outcome with the payout id and provider status; updated_at moves, claimed_at stays', async () => {
		const { ledger } = await freshLedger('settle');
		await ledger.claim([claimOf({ reference: 'S-1' })], []);
		const before = (await ledger.find('live', ['S-1'])).get('S-1');
		await ledger.settle('live', 'S-1', {
			status: 'sent',
			payoutId: '9007199254740993',
			providerStatus: 'processing',
		});
		const after = (await ledger.find('live', ['S-1'])).get('S-1');
		expect(after).toMatchObject({
			status: 'sent',
			payoutId: '9007199254740993',
			providerStatus: 'processing',
		});
		expect(after?.claimedAt).toBe(before?.claimedAt);
		expect(after?.claimedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
		expect(Date.parse(after?.updatedAt ?? '')).toBeGreaterThanOrEqual(
			Date.parse(before?.updatedAt ?? ''),
		);
	});

	it('never moves a row backwards: a sent row does not become unknown, a completed one not sent', async () => {
		const { ledger } = await freshLedger('settleback');
		await ledger.claim([claimOf({ reference: 'B-1' })], []);
		await ledger.settle('live', 'B-1', { status: 'sent', payoutId: 'p1' });
		await ledger.settle('live', 'B-1', { status: 'unknown' });
		expect((await ledger.find('live', ['B-1'])).get('B-1')?.status).toBe('sent');
		await ledger.recordStatus({
			provider: 'oxapay',
			payoutId: 'p1',
			status: 'completed',
			providerStatus: 'Confirmed',
			txHash: null,
		});
		await ledger.settle('live', 'B-1', { status: 'sent', payoutId: 'p-other' });
		expect((await ledger.find('live', ['B-1'])).get('B-1')).toMatchObject({
			status: 'completed',
			payoutId: 'p1',
		});
	});

	it('an unknown outcome can still be learnt later (unknown → sent)', async () => {
		const { ledger } = await freshLedger('unknownsent');
		await ledger.claim([claimOf({ reference: 'U-1' })], []);
		await ledger.settle('live', 'U-1', { status: 'unknown' });
		await ledger.settle('live', 'U-1', { status: 'sent', payoutId: 'p-u' });
		expect((await ledger.find('live', ['U-1'])).get('U-1')).toMatchObject({
			status: 'sent',
			payoutId: 'p-u',
		});
	});
});

describe('release', () => {
	it("deletes only the caller's rows that are still claimed: never another execution's, never one with an outcome", async () => {
		const { ledger, schema } = await freshLedger('release');
		await ledger.claim(
			[
				claimOf({ reference: 'MINE-UNSENT', executionId: 'ex-1' }),
				claimOf({ reference: 'MINE-SENT', executionId: 'ex-1' }),
				claimOf({ reference: 'MINE-UNKNOWN', executionId: 'ex-1' }),
				claimOf({ reference: 'THEIRS', executionId: 'ex-2' }),
			],
			[],
		);
		await ledger.settle('live', 'MINE-SENT', { status: 'sent', payoutId: 'p' });
		await ledger.settle('live', 'MINE-UNKNOWN', { status: 'unknown' });
		await ledger.release(
			'live',
			['mine-unsent', 'MINE-SENT', 'MINE-UNKNOWN', 'THEIRS', 'NEVER-CLAIMED'],
			'ex-1',
		);
		expect((await tableRows(schema)).map((row) => [row.reference_key, row.status])).toEqual([
			['MINE-SENT', 'sent'],
			['MINE-UNKNOWN', 'unknown'],
			['THEIRS', 'claimed'],
		]);
	});

	it('only in its namespace', async () => {
		const { ledger, schema } = await freshLedger('releasens');
		await ledger.claim(
			[
				claimOf({ reference: 'R', namespace: 'test' }),
				claimOf({ reference: 'R', namespace: 'live' }),
			],
			[],
		);
		await ledger.release('test', ['R'], 'ex-1');
		expect((await tableRows(schema)).map((row) => row.namespace)).toEqual(['live']);
	});
});

describe('recordStatus (the trigger)', () => {
	it('moves a sent row to completed with the tx hash, and says whether it found the payout', async () => {
		const { ledger } = await freshLedger('status');
		await ledger.claim([claimOf({ reference: 'T-1' })], []);
		await ledger.settle('live', 'T-1', {
			status: 'sent',
			payoutId: 'pay-1',
			providerStatus: 'processing',
		});
		expect(
			await ledger.recordStatus({
				provider: 'oxapay',
				payoutId: 'pay-1',
				status: 'completed',
				providerStatus: 'Confirmed',
				txHash: '0xfeed',
			}),
		).toBe(true);
		expect((await ledger.find('live', ['T-1'])).get('T-1')).toMatchObject({
			status: 'completed',
			providerStatus: 'Confirmed',
			txHash: '0xfeed',
		});
		expect(
			await ledger.recordStatus({
				provider: 'oxapay',
				payoutId: 'no-such',
				status: 'completed',
				providerStatus: 'x',
				txHash: null,
			}),
		).toBe(false);
		// Same id, other provider: not this row.
		expect(
			await ledger.recordStatus({
				provider: 'cregis',
				payoutId: 'pay-1',
				status: 'failed',
				providerStatus: 'x',
				txHash: null,
			}),
		).toBe(false);
	});

	it('completed and failed are final: a late processing or a contradicting callback changes nothing but a missing tx hash', async () => {
		const { ledger } = await freshLedger('final');
		await ledger.claim([claimOf({ reference: 'F-1' }), claimOf({ reference: 'F-2' })], []);
		await ledger.settle('live', 'F-1', { status: 'sent', payoutId: 'f1' });
		await ledger.settle('live', 'F-2', { status: 'sent', payoutId: 'f2' });
		await ledger.recordStatus({
			provider: 'oxapay',
			payoutId: 'f1',
			status: 'completed',
			providerStatus: 'Confirmed',
			txHash: null,
		});
		await ledger.recordStatus({
			provider: 'oxapay',
			payoutId: 'f2',
			status: 'failed',
			providerStatus: 'Rejected',
			txHash: null,
		});
		const completedAt = (await ledger.find('live', ['F-1'])).get('F-1')?.updatedAt;
		await ledger.recordStatus({
			provider: 'oxapay',
			payoutId: 'f1',
			status: 'processing',
			providerStatus: 'Sending',
			txHash: null,
		});
		expect((await ledger.find('live', ['F-1'])).get('F-1')).toMatchObject({
			status: 'completed',
			providerStatus: 'Confirmed',
			updatedAt: completedAt,
		});
		await ledger.recordStatus({
			provider: 'oxapay',
			payoutId: 'f1',
			status: 'failed',
			providerStatus: 'Rejected',
			txHash: '0x1',
		});
		await ledger.recordStatus({
			provider: 'oxapay',
			payoutId: 'f2',
			status: 'completed',
			providerStatus: 'Confirmed',
			txHash: null,
		});
		const rows = await ledger.find('live', ['F-1', 'F-2']);
		expect(rows.get('F-1')).toMatchObject({
			status: 'completed',
			providerStatus: 'Confirmed',
			txHash: '0x1',
		});
		expect(rows.get('F-2')).toMatchObject({ status: 'failed', providerStatus: 'Rejected' });
	});

	it('a callback for an unknown row proves the provider has it: unknown → sent', async () => {
		const { ledger, schema } = await freshLedger('unknowncb');
		await ledger.claim([claimOf({ reference: 'K-1' })], []);
		await ledger.settle('live', 'K-1', { status: 'unknown' });
		// The operator (or Resolve) learnt the payout id while the row stayed unknown.
		await withClient((client) => client.query(`UPDATE "${schema}".payouts SET payout_id = 'k1'`));
		await ledger.recordStatus({
			provider: 'oxapay',
			payoutId: 'k1',
			status: 'processing',
			providerStatus: 'Sending',
			txHash: null,
		});
		expect((await ledger.find('live', ['K-1'])).get('K-1')?.status).toBe('sent');
	});

	it('a duplicate row stays duplicate (it never starts counting against a limit)', async () => {
		const { ledger } = await freshLedger('dupcb');
		await ledger.claim([claimOf({ reference: 'DU-1' })], []);
		await ledger.settle('live', 'DU-1', { status: 'duplicate', payoutId: 'old-1' });
		await ledger.recordStatus({
			provider: 'oxapay',
			payoutId: 'old-1',
			status: 'completed',
			providerStatus: 'Confirmed',
			txHash: '0x2',
		});
		expect((await ledger.find('live', ['DU-1'])).get('DU-1')).toMatchObject({
			status: 'duplicate',
			providerStatus: 'Confirmed',
			txHash: '0x2',
		});
	});

	it('callbacks arriving at once from 6 workers in any order end completed (20 payouts)', async () => {
		const schema = freshSchema('cbrace');
		const workers = await Promise.all(
			Array.from({ length: 6 }, () => openUnsharedLedger(ledgerConfig(schema))),
		);
		try {
			const ledger = workers[0].ledger;
			const references = Array.from({ length: 20 }, (_, index) => `CB-${index}`);
			await ledger.claim(
				references.map((reference) => claimOf({ reference })),
				[],
			);
			for (const reference of references)
				await ledger.settle('live', reference, { status: 'sent', payoutId: `id-${reference}` });
			const sequence = [
				'processing',
				'completed',
				'processing',
				'pending',
				'completed',
				'processing',
			] as const;
			await Promise.all(
				references.flatMap((reference) =>
					workers.map((worker, index) =>
						worker.ledger.recordStatus({
							provider: 'oxapay',
							payoutId: `id-${reference}`,
							status: sequence[index],
							providerStatus: sequence[index],
							txHash: sequence[index] === 'completed' ? '0xdone' : null,
						}),
					),
				),
			);
			const rows = await ledger.find('live', references);
			for (const reference of references) {
				expect(rows.get(reference)).toMatchObject({
					status: 'completed',
					providerStatus: 'completed',
					txHash: '0xdone',
				});
			}
		} finally {
			await Promise.all(workers.map((worker) => worker.close()));
		}
	});
});

describe('in doubt', () => {
	it('lists claimed rows older than the threshold and unknown rows; not fresh claims, not rows with an outcome, not other namespaces', async () => {
		const { ledger, schema } = await freshLedger('doubt');
		await ledger.claim(
			['OLD-CLAIMED', 'FRESH-CLAIMED', 'OLD-SENT', 'OLD-UNKNOWN']
				.map((reference) => claimOf({ reference }))
				.concat(claimOf({ reference: 'OLD-CLAIMED', namespace: 'test' })),
			[],
		);
		await ledger.settle('live', 'OLD-SENT', { status: 'sent', payoutId: 'x' });
		await ledger.settle('live', 'OLD-UNKNOWN', { status: 'unknown' });
		await withClient((client) =>
			client.query(
				`UPDATE "${schema}".payouts SET claimed_at = now() - interval '2 hours' WHERE reference_key LIKE 'OLD-%'`,
			),
		);
		const rows = await ledger.listInDoubt('live', 60 * 60 * 1000);
		expect(rows.map((row) => [row.referenceKey, row.status])).toEqual([
			['OLD-CLAIMED', 'claimed'],
			['OLD-UNKNOWN', 'unknown'],
		]);
		expect((await ledger.listInDoubt('live', 0)).map((row) => row.referenceKey).sort()).toEqual([
			'FRESH-CLAIMED',
			'OLD-CLAIMED',
			'OLD-UNKNOWN',
		]);
	});

	it('an in-doubt reference is never claimed again automatically', async () => {
		const { ledger } = await freshLedger('doubtclaim');
		await ledger.claim([claimOf({ reference: 'ID-1', executionId: 'killed' })], []);
		const [again] = await ledger.claim([claimOf({ reference: 'ID-1', executionId: 'next' })], []);
		expect(again).toMatchObject({
			claimed: false,
			reason: 'duplicate',
			earlier: { status: 'claimed', executionId: 'killed' },
		});
	});
});

describe('resolve and remove (the operator)', () => {
	it('resolves an in-doubt row forward, and refuses to move a final row or a missing one', async () => {
		const { ledger } = await freshLedger('resolve');
		await ledger.claim([claimOf({ reference: 'RS-1' })], []);
		await ledger.resolve('live', 'rs-1', {
			status: 'sent',
			payoutId: 'found-in-history',
			providerStatus: 'Confirmed',
		});
		expect((await ledger.find('live', ['RS-1'])).get('RS-1')).toMatchObject({
			status: 'sent',
			payoutId: 'found-in-history',
		});
		await ledger.resolve('live', 'RS-1', {
			status: 'completed',
			payoutId: null,
			providerStatus: null,
		});
		expect((await ledger.find('live', ['RS-1'])).get('RS-1')).toMatchObject({
			status: 'completed',
			payoutId: 'found-in-history',
		});
		await expect(
			ledger.resolve('live', 'RS-1', { status: 'failed', payoutId: null, providerStatus: null }),
		).rejects.toMatchObject({
			code: 'LEDGER_RESOLVE_REFUSED',
			message: expect.stringContaining('RS-1 is completed'),
		});
		await expect(
			ledger.resolve('live', 'NOPE', { status: 'sent', payoutId: null, providerStatus: null }),
		).rejects.toMatchObject({ code: 'LEDGER_ROW_NOT_FOUND' });
		await expect(
			ledger.resolve('live', 'RS-1', { status: 'claimed', payoutId: null, providerStatus: null }),
		).rejects.toMatchObject({ code: 'LEDGER_RESOLVE_REFUSED' });
	});

	it('remove deletes the row whatever its state and returns it; the reference is free again', async () => {
		const { ledger } = await freshLedger('remove');
		await ledger.claim([claimOf({ reference: 'RM-1' })], []);
		await ledger.settle('live', 'RM-1', { status: 'unknown' });
		expect(await ledger.remove('live', 'rm-1')).toMatchObject({
			referenceKey: 'RM-1',
			status: 'unknown',
		});
		expect(await ledger.remove('live', 'RM-1')).toBeUndefined();
		expect(await ledger.claim([claimOf({ reference: 'RM-1' })], [])).toEqual([{ claimed: true }]);
	});

	it('find returns the rows it has, keyed by reference key', async () => {
		const { ledger } = await freshLedger('find');
		await ledger.claim([claimOf({ reference: 'FD-1', amount: '12.50' })], []);
		const rows = await ledger.find('live', ['fd-1', 'FD-2']);
		expect([...rows.keys()]).toEqual(['FD-1']);
		expect(rows.get('FD-1')).toMatchObject({ amount: '12.50', currency: 'USDT', network: 'tron' });
		expect((await ledger.find('live', [])).size).toBe(0);
	});
});

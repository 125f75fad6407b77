/**
 * Claims against a real PostgreSQL: duplicates decided by the unique key across many connections
 * at once, limits exact across concurrent transactions and in claim order, references compared
 * case-insensitively, namespaces apart.
 */
import {
	closeSharedLedgers,
	openLedger,
	openUnsharedLedger,
} from '../../nodes/CryptoPayout/ledger/postgres';
import type {
	LedgerClaim,
	LedgerClaimVerdict,
	LedgerLimit,
	PayoutLedger,
} from '../../nodes/CryptoPayout/ledger/types';
import {
	claimOf,
	freshSchema,
	ledgerConfig,
	limitOf,
	tableRows,
	withClient,
} from '../harness/ledger';

afterAll(closeSharedLedgers);

/** `count` ledgers with pools of their own: as many workers, each with its own connections. */
async function workers(schema: string, count: number) {
	const opened = await Promise.all(
		Array.from({ length: count }, () => openUnsharedLedger(ledgerConfig(schema))),
	);
	return {
		ledgers: opened.map((entry) => entry.ledger),
		close: () => Promise.all(opened.map((entry) => entry.close())),
	};
}

function shuffled<T>(items: T[], seed: number): T[] {
	const out = [...items];
	let state = seed;
	for (let index = out.length - 1; index > 0; index--) {
		state = (state * 1103515245 + 12345) % 2147483648;
		const other = state % (index + 1);
		[out[index], out[other]] = [out[other], out[index]];
	}
	return out;
}

const claimedCount = (verdicts: LedgerClaimVerdict[]) =>
	verdicts.filter((verdict) => verdict.claimed).length;

describe('duplicates: the unique key decides, with no timing assumption', () => {
	it('8 workers claiming the same 24 references at once (each in its own order, 5 rounds): each reference is claimed exactly once, every other claim names the winner', async () => {
		const schema = freshSchema('dup8');
		const { ledgers, close } = await workers(schema, 8);
		try {
			for (let round = 0; round < 5; round++) {
				const references = Array.from({ length: 24 }, (_, index) => `R${round}-${index}`);
				const results = await Promise.all(
					ledgers.map((ledger, worker) => {
						const claims = shuffled(references, round * 31 + worker + 1).map((reference) =>
							claimOf({
								reference,
								executionId: `ex-${round}-${worker}`,
								workflowId: `wf-${worker % 3}`,
							}),
						);
						return ledger
							.claim(claims, [])
							.then((verdicts) =>
								verdicts.map((verdict, index) => ({ claim: claims[index], verdict })),
							);
					}),
				);
				const byReference = new Map<
					string,
					Array<{ claim: LedgerClaim; verdict: LedgerClaimVerdict }>
				>();
				for (const entry of results.flat()) {
					const list = byReference.get(entry.claim.referenceKey) ?? [];
					list.push(entry);
					byReference.set(entry.claim.referenceKey, list);
				}
				expect(byReference.size).toBe(24);
				for (const [reference, entries] of byReference) {
					const winners = entries.filter((entry) => entry.verdict.claimed);
					expect({ reference, winners: winners.length }).toEqual({ reference, winners: 1 });
					for (const entry of entries.filter((item) => !item.verdict.claimed)) {
						expect(entry.verdict).toMatchObject({
							reason: 'duplicate',
							earlier: { referenceKey: reference, executionId: winners[0].claim.executionId },
						});
					}
				}
			}
			const rows = await tableRows(schema);
			expect(rows).toHaveLength(5 * 24);
		} finally {
			await close();
		}
	});

	it('a reference paid by any workflow, provider or account is a duplicate for all others, with the earlier payout', async () => {
		const ledger = await openLedger(ledgerConfig(freshSchema('any')));
		await ledger.claim(
			[claimOf({ reference: 'INV-7', workflowId: 'wf-a', provider: 'oxapay' })],
			[],
		);
		await ledger.settle('live', 'INV-7', {
			status: 'sent',
			payoutId: 'P-77',
			providerStatus: 'processing',
		});
		const [verdict] = await ledger.claim(
			[claimOf({ reference: 'INV-7', workflowId: 'wf-b', provider: 'cregis', account: 'other' })],
			[],
		);
		expect(verdict).toMatchObject({
			claimed: false,
			reason: 'duplicate',
			earlier: { workflowId: 'wf-a', provider: 'oxapay', status: 'sent', payoutId: 'P-77' },
		});
	});

	it('references compare case-insensitively: callers pass the key upper-cased, and the ledger folds it again if they did not', async () => {
		const schema = freshSchema('case');
		const ledger = await openLedger(ledgerConfig(schema));
		const [first] = await ledger.claim(
			[claimOf({ reference: 'inv-1', referenceKey: ' inv-1 ' })],
			[],
		);
		const [second] = await ledger.claim(
			[claimOf({ reference: 'Inv-1', referenceKey: 'INV-1' })],
			[],
		);
		expect(first).toEqual({ claimed: true });
		expect(second).toMatchObject({
			reason: 'duplicate',
			earlier: { referenceKey: 'INV-1', reference: 'inv-1' },
		});
		const found = await ledger.find('live', ['inv-1']);
		expect([...found.keys()]).toEqual(['INV-1']);
		expect(await tableRows(schema)).toHaveLength(1);
	});

	it('namespaces are apart: a sandbox (test) payout never blocks a live one', async () => {
		const ledger = await openLedger(ledgerConfig(freshSchema('ns')));
		const verdicts = await ledger.claim(
			[
				claimOf({ reference: 'N-1', namespace: 'test' }),
				claimOf({ reference: 'N-1', namespace: 'live' }),
			],
			[],
		);
		expect(verdicts).toEqual([{ claimed: true }, { claimed: true }]);
	});

	it('a reference repeated inside one chunk: the first claim decides, the repeat is its duplicate', async () => {
		const ledger = await openLedger(ledgerConfig(freshSchema('repeat')));
		const verdicts = await ledger.claim(
			[
				claimOf({ reference: 'D-1', amount: '5' }),
				claimOf({ reference: 'D-2' }),
				claimOf({ reference: 'd-1', amount: '6' }),
			],
			[],
		);
		expect(verdicts[0]).toEqual({ claimed: true });
		expect(verdicts[1]).toEqual({ claimed: true });
		expect(verdicts[2]).toMatchObject({
			reason: 'duplicate',
			earlier: { referenceKey: 'D-1', amount: '5' },
		});
	});

	it('a reference released by its claimer can be claimed again; an unsent claim frees nothing it does not own', async () => {
		const ledger = await openLedger(ledgerConfig(freshSchema('reclaim')));
		await ledger.claim([claimOf({ reference: 'X-1', executionId: 'ex-1' })], []);
		await ledger.release('live', ['X-1'], 'ex-1');
		const [again] = await ledger.claim([claimOf({ reference: 'X-1', executionId: 'ex-2' })], []);
		expect(again).toEqual({ claimed: true });
	});
});

describe('limits: exact across workers, in claim order', () => {
	it('3 workers claiming 40 USDT each at once against 100 (10 rounds): at most 100 claimed, the refused one reports the running total', async () => {
		const schema = freshSchema('limit3');
		const { ledgers, close } = await workers(schema, 3);
		try {
			for (let round = 0; round < 10; round++) {
				const workflowId = `wf-limit-${round}`;
				const limit = limitOf({ workflowId, maxTotal: '100' });
				const verdicts = (
					await Promise.all(
						ledgers.map((ledger, worker) =>
							ledger.claim(
								[
									claimOf({
										reference: `L${round}-${worker}`,
										workflowId,
										amount: '40',
										executionId: `ex-${worker}`,
									}),
								],
								[limit],
							),
						),
					)
				).flat();
				expect(claimedCount(verdicts)).toBe(2);
				const refused = verdicts.find((verdict) => !verdict.claimed);
				expect(refused).toEqual({
					claimed: false,
					reason: 'limit',
					currency: 'USDT',
					total: '80',
					limit,
				});
			}
			const sums = await withClient((client) =>
				client.query(
					`SELECT workflow_id, sum(amount)::text AS total FROM "${schema}".payouts GROUP BY workflow_id`,
				),
			);
			expect(sums.rows).toHaveLength(10);
			for (const row of sums.rows) expect(row.total).toBe('80');
		} finally {
			await close();
		}
	});

	it('3 workers claiming chunks of 5 × 8 USDT at once against 100: the total never passes 100', async () => {
		const schema = freshSchema('limitchunk');
		const { ledgers, close } = await workers(schema, 3);
		try {
			for (let round = 0; round < 5; round++) {
				const workflowId = `wf-chunk-${round}`;
				const limit = limitOf({ workflowId, maxTotal: '100' });
				const verdicts = (
					await Promise.all(
						ledgers.map((ledger, worker) =>
							ledger.claim(
								Array.from({ length: 5 }, (_, index) =>
									claimOf({ reference: `C${round}-${worker}-${index}`, workflowId, amount: '8' }),
								),
								[limit],
							),
						),
					)
				).flat();
				expect(claimedCount(verdicts)).toBe(12); // 12 × 8 = 96; a 13th would make 104
			}
		} finally {
			await close();
		}
	});

	it('decides in claim order: a refused claim is not recorded, a later smaller one may still fit', async () => {
		const schema = freshSchema('order');
		const ledger = await openLedger(ledgerConfig(schema));
		const limit = limitOf({ maxTotal: '100' });
		const verdicts = await ledger.claim(
			['60', '50', '30', '20', '10'].map((amount, index) =>
				claimOf({ reference: `O-${index}`, amount }),
			),
			[limit],
		);
		expect(verdicts).toEqual([
			{ claimed: true },
			{ claimed: false, reason: 'limit', currency: 'USDT', total: '60', limit },
			{ claimed: true },
			{ claimed: false, reason: 'limit', currency: 'USDT', total: '90', limit },
			{ claimed: true },
		]);
		expect((await tableRows(schema)).map((row) => row.reference_key)).toEqual([
			'O-0',
			'O-2',
			'O-4',
		]);
		// The refused references are free: claimed again without a limit they are new.
		expect(await ledger.claim([claimOf({ reference: 'O-1' })], [])).toEqual([{ claimed: true }]);
	});

	it('counts claimed, sent, unknown and completed rows of the workflow and currency; not duplicate, failed, other workflows or currencies', async () => {
		const ledger = await openLedger(ledgerConfig(freshSchema('counts')));
		const limit = limitOf({ maxTotal: '1000' });
		await ledger.claim(
			[
				claimOf({ reference: 'S-claimed', amount: '1' }),
				claimOf({ reference: 'S-sent', amount: '2' }),
				claimOf({ reference: 'S-unknown', amount: '4' }),
				claimOf({ reference: 'S-completed', amount: '8' }),
				claimOf({ reference: 'S-duplicate', amount: '16' }),
				claimOf({ reference: 'S-failed', amount: '32' }),
				claimOf({ reference: 'S-other-wf', amount: '64', workflowId: 'wf-2' }),
				claimOf({ reference: 'S-other-cur', amount: '128', currency: 'usdc' }),
			],
			[],
		);
		await ledger.settle('live', 'S-SENT', { status: 'sent', payoutId: 'p-sent' });
		await ledger.settle('live', 'S-UNKNOWN', { status: 'unknown' });
		await ledger.settle('live', 'S-COMPLETED', { status: 'sent', payoutId: 'p-completed' });
		await ledger.recordStatus({
			provider: 'oxapay',
			payoutId: 'p-completed',
			status: 'completed',
			providerStatus: 'Confirmed',
			txHash: '0xabc',
		});
		await ledger.settle('live', 'S-DUPLICATE', { status: 'duplicate', payoutId: 'p-dup' });
		await ledger.settle('live', 'S-FAILED', { status: 'sent', payoutId: 'p-failed' });
		await ledger.recordStatus({
			provider: 'oxapay',
			payoutId: 'p-failed',
			status: 'failed',
			providerStatus: 'Rejected',
			txHash: null,
		});
		expect(await ledger.totals([limit])).toEqual(new Map([['USDT', '15']]));
		expect(await ledger.claim([claimOf({ reference: 'S-next', amount: '986' })], [limit])).toEqual([
			{ claimed: false, reason: 'limit', currency: 'USDT', total: '15', limit },
		]);
		expect(await ledger.claim([claimOf({ reference: 'S-next', amount: '985' })], [limit])).toEqual([
			{ claimed: true },
		]);
	});

	it('exact decimals: 0.1 + 0.2 fits a limit of 0.3', async () => {
		const ledger = await openLedger(ledgerConfig(freshSchema('exact')));
		const limit = limitOf({ maxTotal: '0.3' });
		const verdicts = await ledger.claim(
			[
				claimOf({ reference: 'E-1', amount: '0.1' }),
				claimOf({ reference: 'E-2', amount: '0.2' }),
				claimOf({ reference: 'E-3', amount: '0.000000000000000001' }),
			],
			[limit],
		);
		expect(verdicts.map((verdict) => verdict.claimed)).toEqual([true, true, false]);
		expect(verdicts[2]).toMatchObject({ total: '0.3' });
	});

	it('a duplicate is reported as such even when it would exceed the limit, and does not count', async () => {
		const ledger = await openLedger(ledgerConfig(freshSchema('dupLimit')));
		const limit = limitOf({ maxTotal: '50' });
		await ledger.claim([claimOf({ reference: 'Q-1', amount: '40' })], [limit]);
		const verdicts = await ledger.claim(
			[claimOf({ reference: 'Q-1', amount: '40' }), claimOf({ reference: 'Q-2', amount: '10' })],
			[limit],
		);
		expect(verdicts[0]).toMatchObject({ claimed: false, reason: 'duplicate' });
		expect(verdicts[1]).toEqual({ claimed: true });
	});
});

describe('calendar-day limits in the workflow time zone', () => {
	/** Moves a row's claimed_at to an expression of the database clock. */
	async function backdate(schema: string, referenceKey: string, expression: string) {
		await withClient((client) =>
			client.query(
				`UPDATE "${schema}".payouts SET claimed_at = ${expression} WHERE reference_key = $1`,
				[referenceKey],
			),
		);
	}

	it.each(['Asia/Kathmandu', 'America/St_Johns', 'Pacific/Kiritimati'])(
		'%s: a claim at local midnight counts, one a minute before does not; rolling 24 h counts both',
		async (timeZone) => {
			const schema = freshSchema('cal');
			const ledger = await openLedger(ledgerConfig(schema));
			await ledger.claim(
				[
					claimOf({ reference: 'YESTERDAY', amount: '30' }),
					claimOf({ reference: 'TODAY', amount: '50' }),
				],
				[],
			);
			const midnight = `(date_trunc('day', now() AT TIME ZONE '${timeZone}') AT TIME ZONE '${timeZone}')`;
			await backdate(schema, 'YESTERDAY', `${midnight} - interval '1 minute'`);
			await backdate(schema, 'TODAY', midnight);
			const calendar = limitOf({ period: 'calendarDay', timeZone, maxTotal: '100' });
			expect(await ledger.totals([calendar])).toEqual(new Map([['USDT', '50']]));
			// A claim of 50 fits today's 50 + 50 = 100, in the calendar day.
			expect(await ledger.claim([claimOf({ reference: 'NOW', amount: '50' })], [calendar])).toEqual(
				[{ claimed: true }],
			);

			// Rolling 24 hours: rows 23 h old count, 25 h old do not.
			await backdate(schema, 'YESTERDAY', `now() - interval '23 hours'`);
			await backdate(schema, 'TODAY', `now() - interval '25 hours'`);
			expect(await ledger.totals([limitOf({ period: 'rolling24h' })])).toEqual(
				new Map([['USDT', '80']]),
			);
		},
	);

	it('refuses an unknown time zone before touching the database', async () => {
		const ledger = await openLedger(ledgerConfig(freshSchema('tz')));
		await expect(
			ledger.claim([claimOf()], [limitOf({ period: 'calendarDay', timeZone: 'Mars/Olympus' })]),
		).rejects.toMatchObject({ code: 'LEDGER_INVALID_TIME_ZONE' });
	});
});

describe('inputs', () => {
	let ledger: PayoutLedger;
	beforeAll(async () => {
		ledger = await openLedger(ledgerConfig(freshSchema('inputs')));
	});

	it.each<[string, Partial<LedgerClaim>]>([
		['a float-looking amount', { amount: '1e3' }],
		['a zero amount', { amount: '0.00' }],
		['a negative amount', { amount: '-1' }],
		['an empty reference key', { referenceKey: '  ' }],
		['an unknown namespace', { namespace: 'prod' as never }],
	])('refuses %s with LEDGER_INVALID_INPUT, recording nothing', async (_label, overrides) => {
		await expect(
			ledger.claim([claimOf({ reference: 'IN-1' }), claimOf(overrides)], []),
		).rejects.toMatchObject({
			code: 'LEDGER_INVALID_INPUT',
		});
		expect((await ledger.find('live', ['IN-1'])).size).toBe(0);
	});

	it('an empty chunk claims nothing', async () => {
		expect(await ledger.claim([], [limitOf() as LedgerLimit])).toEqual([]);
	});
});

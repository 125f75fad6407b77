/**
 * What the trigger's deliveries started, read from n8n's executions once `n8n start` has stopped:
 * one workflow run per distinct signed status, none for forged ones, none for retries.
 */
import { nodeItems, type Execution, type LedgerEntry } from '../kit';
import { asPayoutItems, type PayoutItem } from '../items';
import { expect } from '../runner';
import type { BasicContext } from './create';

export const triggerCheckName = (label: string) =>
	`Crypto Payout Trigger under n8n start: ${label}`;

/** The statuses delivered validly (`provider|payoutId|status`), and how many forgeries were refused. */
export interface Delivered {
	single: string[];
	concurrent: string[];
	forged: number;
}

/** Retries the trigger journey sends: 2 + 1 (independently signed) after single deliveries, 2 after the concurrent ones. */
const RETRIES_SENT = 5;

const executionKey = (item: PayoutItem) =>
	`${item.provider}|${item.payoutId}|${String(item.providerStatus).toLowerCase()}`;

interface TriggerRun extends Execution {
	nodes: string[];
	out(nodeName: string): PayoutItem[];
	emitted: number;
	/** The status the trigger emitted (null when it emitted nothing). */
	key: string | null;
}

export async function triggerRunChecks(
	{ n8n, reporter }: BasicContext,
	workflowId: string,
	delivered: Delivered,
	{ oxa, crg }: { oxa: LedgerEntry[]; crg: LedgerEntry[] },
): Promise<void> {
	const { check } = reporter;
	const executions: TriggerRun[] = (await n8n.executions(workflowId, { withData: true })).map(
		(execution) => {
			const out = (name: string) => asPayoutItems(nodeItems(execution.runData, name)) ?? [];
			const emitted = [...out('OxaPay payout status'), ...out('Cregis payout status')];
			return {
				...execution,
				nodes: Object.keys(execution.runData ?? {}),
				out,
				emitted: emitted.length,
				key: emitted.length > 0 ? executionKey(emitted[0]) : null,
			};
		},
	);
	const summary = executions
		.map(
			(execution) =>
				`#${execution.id} ${execution.status} ${execution.key ?? '(trigger emitted nothing)'} → ${execution.nodes.at(-1)}`,
		)
		.join('; ');
	// A retry the trigger recognises only in its execute() step (its processed-data record) starts an
	// execution that stops at the trigger with no output: a suppressed duplicate, not a workflow run.
	const runs = executions.filter((execution) => execution.emitted > 0);
	const suppressed = executions.filter((execution) => execution.emitted === 0);
	const runsOf = (list: string[]) => runs.filter((execution) => list.includes(execution.key!));

	await check(triggerCheckName('only validly signed callbacks started workflow runs'), async () => {
		const allowed = [...delivered.single, ...delivered.concurrent];
		const stray = runs.filter((execution) => !allowed.includes(execution.key!));
		expect(
			stray.length === 0,
			`workflow runs for callbacks that were not validly signed: ${JSON.stringify(stray.map(({ id, status, mode, nodes, key }) => ({ id, status, mode, nodes, key })))}`,
		);
		const missing = allowed.filter((key) => !runs.some((execution) => execution.key === key));
		expect(
			missing.length === 0,
			`no workflow run for ${missing.join(', ')}; executions: ${summary}`,
		);
		expect(
			runs.every(
				(execution) =>
					execution.status === 'success' && execution.mode === 'webhook' && execution.emitted === 1,
			),
			summary,
		);
		expect(
			suppressed.every(
				(execution) => execution.status === 'success' && execution.nodes.length === 1,
			),
			`an execution without trigger output ran further nodes: ${summary}`,
		);
		expect(
			suppressed.length <= RETRIES_SENT,
			`${suppressed.length} executions without trigger output, but only ${RETRIES_SENT} retries were sent: ${summary}`,
		);
		const completed = runs.flatMap((execution) => execution.out('Notify: payout completed'));
		const failed = runs.flatMap((execution) => execution.out('Notify: payout failed'));
		const ids = (items: PayoutItem[]) =>
			[...new Set(items.map((item) => `${item.provider}:${item.payoutId}`))].sort().join();
		expect(
			ids(completed) === [`oxapay:${oxa[0].id}`, `cregis:${crg[0].id}`].sort().join(),
			`completed notifications: ${JSON.stringify(completed)}`,
		);
		expect(
			ids(failed) ===
				[`oxapay:${oxa[1].id}`, `cregis:${crg[0].id}`, `cregis:${crg[1].id}`].sort().join(),
			`failed notifications: ${JSON.stringify(failed)}`,
		);
		expect(
			completed.every((item) => /completed via/.test(item.notification ?? '')),
			`notification text: ${JSON.stringify(completed)}`,
		);
		return (
			`${allowed.length} distinct signed statuses → ${runs.length} workflow runs (completed → "Notify: payout completed", failed → "Notify: payout failed", confirming → stops at the Switch); ` +
			`${delivered.forged} forged/replayed → none; ${suppressed.length} of ${RETRIES_SENT} retries started an execution that stopped at the trigger`
		);
	});
	await check(
		triggerCheckName('a retried callback runs the workflow once (deliveries 1.5 s apart)'),
		async () => {
			const seen = runsOf(delivered.single);
			expect(delivered.single.length > 0, 'no status was delivered, so there is nothing to check');
			expect(
				seen.length === delivered.single.length,
				`${seen.length} workflow runs for ${delivered.single.length} statuses (a retry ran the workflow again): ${summary}`,
			);
			return `${delivered.single.length} statuses, 3 retries → ${seen.length} workflow runs`;
		},
	);
	await check(
		triggerCheckName('two callbacks at once, then retried: the workflow runs once per status'),
		async () => {
			const seen = runsOf(delivered.concurrent);
			expect(
				delivered.concurrent.length > 0,
				'no concurrent status was delivered, so there is nothing to check',
			);
			expect(
				seen.length === delivered.concurrent.length,
				`${seen.length} workflow runs for ${delivered.concurrent.length} statuses: a retry of a concurrent delivery ran the workflow again. Executions: ${summary}`,
			);
			return `2 concurrent statuses, 2 retries → ${seen.length} workflow runs`;
		},
	);
}

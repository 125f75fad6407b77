/**
 * What a trigger-only workflow ran, read from n8n's database while `n8n start` keeps running
 * (SQLite in WAL mode, safe to read from outside): its executions once they have settled, and
 * the ones in which the trigger passed an item on (a workflow run; a repeat stopped in the
 * trigger's execute() step is an execution with no output).
 */
import { nodeItems, sleep, type Execution, type N8nInstance } from '../kit';

const UNFINISHED = new Set(['new', 'running', 'waiting']);

/**
 * Waits until every execution of the workflow after `afterId` has finished and their number has
 * not changed for `quietMs`; returns how many there are.
 */
export async function settledExecutions(
	n8n: N8nInstance,
	workflowId: string,
	{ afterId = 0, quietMs = 1_000, timeoutMs = 60_000 } = {},
): Promise<number> {
	const deadline = Date.now() + timeoutMs;
	let count = -1;
	let quietSince = Date.now();
	while (Date.now() < deadline) {
		const list = await n8n.executions(workflowId, { afterId });
		const busy = list.some((execution) => UNFINISHED.has(execution.status));
		if (list.length !== count || busy) {
			count = list.length;
			quietSince = Date.now();
		} else if (Date.now() - quietSince >= quietMs) return count;
		await sleep(250);
	}
	throw new Error(`executions of ${workflowId} did not settle within ${timeoutMs / 1000} s`);
}

/** One run of a trigger-only workflow: the item its trigger passed on. */
export interface TriggerRun {
	execution: number;
	status: string;
	payoutId: string;
	providerStatus: string;
}

/** The workflow's runs after `afterId` (executions whose trigger node emitted an item). */
export async function triggerRuns(
	n8n: N8nInstance,
	workflowId: string,
	triggerNode: string,
	afterId = 0,
): Promise<TriggerRun[]> {
	const executions: Execution[] = await n8n.executions(workflowId, {
		afterId,
		finished: true,
		withData: true,
	});
	return executions.flatMap((execution) =>
		(nodeItems(execution.runData, triggerNode) ?? []).map((json) => ({
			execution: execution.id,
			status: execution.status,
			payoutId: String(json.payoutId),
			providerStatus: String(json.providerStatus),
		})),
	);
}

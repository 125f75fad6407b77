import type { IExecuteFunctions } from 'n8n-workflow';

/** What one execution of the node shares across its items. */
export interface BatchState {
	timeoutMs: number;
}

export function createBatchState(ctx: IExecuteFunctions): BatchState {
	const options = ctx.getNodeParameter('options', 0, {}) as { timeoutSeconds?: number };
	const seconds = typeof options.timeoutSeconds === 'number' && options.timeoutSeconds > 0 ? options.timeoutSeconds : 30;
	return { timeoutMs: Math.round(seconds * 1000) };
}

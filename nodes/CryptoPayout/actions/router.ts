/**
 * Runs one item's operation and turns whatever stops it into the n8n error the operator sees:
 * NodeOperationError for bad input or configuration, NodeApiError for a provider's refusal.
 * Both carry the item index, a stable code, and what to do next; none carries a secret.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { getProvider } from '../providers/registry';
import type { OperationName } from '../providers/types';
import type { BatchState } from './batch-state';
import { errorSummary, toNodeError } from './node-errors';
import { OPERATIONS } from './operations';

export async function runOperation(
	ctx: IExecuteFunctions,
	itemIndex: number,
	batch: BatchState,
): Promise<IDataObject | IDataObject[]> {
	const provider = getProvider(ctx.getNodeParameter('provider', itemIndex) as string);
	const operation = ctx.getNodeParameter('operation', itemIndex) as OperationName;
	if (!provider.operations.includes(operation)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`${provider.displayName} does not support the operation "${String(operation)}"`,
			{ itemIndex },
		);
	}
	return await OPERATIONS[operation].execute(ctx, itemIndex, provider, batch);
}

/** The output items of one input item (an error item under Continue On Fail), all paired with it. */
export async function executeItem(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	itemIndex: number,
	batch: BatchState,
): Promise<INodeExecutionData[]> {
	try {
		const result = await runOperation(ctx, itemIndex, batch);
		return (Array.isArray(result) ? result : [result]).map((json) => ({
			json,
			pairedItem: { item: itemIndex },
		}));
	} catch (error) {
		const nodeError = toNodeError(ctx, error, itemIndex);
		if (!ctx.continueOnFail()) throw nodeError;
		return [
			{
				json: { ...items[itemIndex].json, error: errorSummary(nodeError) },
				pairedItem: { item: itemIndex },
			},
		];
	}
}

/**
 * "Validate All First": every Create item is checked before the first request, and one bad row
 * stops the whole batch before any money moves, whatever Continue On Fail says.
 */
export function validateAllItems(ctx: IExecuteFunctions, count: number, batch: BatchState): void {
	const failures: number[] = [];
	let first: { index: number; error: unknown } | undefined;
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		if (ctx.getNodeParameter('operation', itemIndex) !== 'create') continue;
		try {
			batch.createInputs.validate(itemIndex);
		} catch (error) {
			failures.push(itemIndex);
			first ??= { index: itemIndex, error };
		}
	}
	if (!first) return;
	const nodeError = toNodeError(ctx, first.error, first.index);
	nodeError.message = `Validate All First: ${failures.length} of ${count} items failed validation, so nothing was sent. Item ${first.index}: ${nodeError.message}`;
	nodeError.description =
		`Items that failed: ${failures.slice(0, 50).join(', ')}${failures.length > 50 ? ', …' : ''}. ${nodeError.description ?? ''}`.trim();
	throw nodeError;
}

/**
 * Runs one item's operation and turns whatever stops it into the n8n error the operator sees:
 * NodeOperationError for bad input or configuration, NodeApiError for a provider's refusal.
 * Both carry the item index, a stable code, and what to do next; none carries a secret.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { getProvider } from '../providers/registry';
import type { OperationName } from '../providers/types';
import { isPayoutFailure } from '../shared/errors';
import { TransportFailure } from '../shared/http';
import type { BatchState } from './batch-state';
import { createPayout, readCreateInput } from './create';
import { checkAddress, getManyPayouts, getPayout } from './reads';
import { validateCreateInput } from './validate-create';

export async function runOperation(ctx: IExecuteFunctions, itemIndex: number, batch: BatchState): Promise<IDataObject | IDataObject[]> {
	const provider = getProvider(ctx.getNodeParameter('provider', itemIndex) as string);
	const operation = ctx.getNodeParameter('operation', itemIndex) as OperationName;
	if (!provider.operations.includes(operation)) {
		throw new NodeOperationError(ctx.getNode(), `${provider.displayName} does not support the operation "${String(operation)}"`, { itemIndex });
	}
	switch (operation) {
		case 'create':
			return await createPayout(ctx, itemIndex, provider, batch);
		case 'get':
			return await getPayout(ctx, itemIndex, provider, batch);
		case 'getMany':
			return await getManyPayouts(ctx, itemIndex, provider, batch);
		case 'checkAddress':
			return await checkAddress(ctx, itemIndex, provider, batch);
	}
}

export type ItemError = NodeApiError | NodeOperationError;

export function toNodeError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): ItemError {
	const node = ctx.getNode();
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (isPayoutFailure(error)) {
		if (error.kind === 'provider') {
			return apiError(ctx, error.message, error.description, itemIndex, { providerCode: error.providerCode ?? error.code }, error.httpCode);
		}
		return new NodeOperationError(node, error.message, { itemIndex, description: error.description });
	}
	if (error instanceof TransportFailure) {
		return apiError(ctx, error.message, 'Check the credential\'s Base URL and this server\'s network access, then run the item again.', itemIndex, {
			transportCode: error.code,
		});
	}
	return new NodeOperationError(node, error instanceof Error ? error.message : String(error), { itemIndex });
}

/**
 * NodeApiError replaces the message of errors it recognises (a `code` of ECONNREFUSED becomes
 * "The service refused the connection…"); ours already says what happened, so it is set last.
 */
function apiError(
	ctx: IExecuteFunctions,
	message: string,
	description: string | undefined,
	itemIndex: number,
	details: JsonObject,
	httpCode?: number,
): NodeApiError {
	const error = new NodeApiError(ctx.getNode(), { message, ...details }, {
		itemIndex,
		message,
		description,
		httpCode: httpCode ? String(httpCode) : undefined,
	});
	error.message = message;
	return error;
}

/** The `error` field of a Continue On Fail item. */
export function errorSummary(original: unknown, error: ItemError): IDataObject {
	const code = isPayoutFailure(original) ? original.code : original instanceof TransportFailure ? original.code : 'ERROR';
	const summary: IDataObject = { code, message: error.message };
	if (error.description) summary.description = error.description;
	if (isPayoutFailure(original) && original.field) summary.field = original.field;
	return summary;
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
		return (Array.isArray(result) ? result : [result]).map((json) => ({ json, pairedItem: { item: itemIndex } }));
	} catch (error) {
		const nodeError = toNodeError(ctx, error, itemIndex);
		if (!ctx.continueOnFail()) throw nodeError;
		return [{ json: { ...items[itemIndex].json, error: errorSummary(error, nodeError) }, pairedItem: { item: itemIndex } }];
	}
}

/**
 * "Validate All First": every Create item is checked before the first request, and one bad row
 * stops the whole batch before any money moves, whatever Continue On Fail says.
 */
export function validateAllItems(ctx: IExecuteFunctions, count: number): void {
	const failures: number[] = [];
	let first: { index: number; error: unknown } | undefined;
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		if (ctx.getNodeParameter('operation', itemIndex) !== 'create') continue;
		try {
			validateCreateInput(getProvider(ctx.getNodeParameter('provider', itemIndex) as string), readCreateInput(ctx, itemIndex));
		} catch (error) {
			failures.push(itemIndex);
			first ??= { index: itemIndex, error };
		}
	}
	if (!first) return;
	const nodeError = toNodeError(ctx, first.error, first.index);
	nodeError.message = `Validate All First: ${failures.length} of ${count} items failed validation, so nothing was sent. Item ${first.index}: ${nodeError.message}`;
	nodeError.description = `Items that failed: ${failures.slice(0, 50).join(', ')}${failures.length > 50 ? ', …' : ''}. ${nodeError.description ?? ''}`.trim();
	throw nodeError;
}

/**
 * Runs one item's operation and turns whatever stops it into the n8n error the operator sees:
 * NodeOperationError for bad input or configuration, NodeApiError for a provider's refusal.
 * Both carry the item index, a stable code, and what to do next; none carries a secret.
 */
import type { IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { getProvider } from '../providers/registry';
import type { NormalizedPayout } from '../providers/types';
import { isPayoutFailure } from '../shared/errors';
import { TransportFailure } from '../shared/http';
import type { BatchState } from './batch-state';
import { createPayout } from './create';

export type PayoutOperation = 'create';

export async function runOperation(ctx: IExecuteFunctions, itemIndex: number, batch: BatchState): Promise<NormalizedPayout> {
	const provider = getProvider(ctx.getNodeParameter('provider', itemIndex) as string);
	const operation = ctx.getNodeParameter('operation', itemIndex) as PayoutOperation;
	switch (operation) {
		case 'create':
			return await createPayout(ctx, itemIndex, provider, batch);
		default:
			throw new NodeOperationError(ctx.getNode(), `The operation "${String(operation)}" is not supported`, { itemIndex });
	}
}

export type ItemError = NodeApiError | NodeOperationError;

export function toNodeError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): ItemError {
	const node = ctx.getNode();
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (isPayoutFailure(error)) {
		if (error.kind === 'provider') {
			return new NodeApiError(node, { message: error.message, code: error.providerCode ?? error.code } as JsonObject, {
				itemIndex,
				message: error.message,
				description: error.description,
				httpCode: error.httpCode ? String(error.httpCode) : undefined,
			});
		}
		return new NodeOperationError(node, error.message, { itemIndex, description: error.description });
	}
	if (error instanceof TransportFailure) {
		return new NodeApiError(node, { message: error.message, code: error.code } as JsonObject, {
			itemIndex,
			message: error.message,
			description: 'Check the credential\'s Base URL and this server\'s network access, then run the item again.',
		});
	}
	return new NodeOperationError(node, error instanceof Error ? error.message : String(error), { itemIndex });
}

/** The `error` field of a Continue On Fail item. */
export function errorSummary(original: unknown, error: ItemError): IDataObject {
	const code = isPayoutFailure(original) ? original.code : original instanceof TransportFailure ? original.code : 'ERROR';
	const summary: IDataObject = { code, message: error.message };
	if (error.description) summary.description = error.description;
	if (isPayoutFailure(original) && original.field) summary.field = original.field;
	return summary;
}

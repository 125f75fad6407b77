/**
 * Turns whatever stops an item into the n8n error the operator sees: NodeOperationError for bad
 * input or configuration, NodeApiError for a provider's refusal. Both carry the item index, the
 * stable code and the field at fault (in `context`), and what to do next; none carries a secret.
 */
import type { IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { isPayoutFailure } from '../shared/errors';
import type { PayoutItemError } from '../shared/payout-model';
import { TransportFailure } from '../shared/http';

export type ItemError = NodeApiError | NodeOperationError;

export function toNodeError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): ItemError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	const converted = convert(ctx, error, itemIndex);
	converted.context.code =
		isPayoutFailure(error) || error instanceof TransportFailure ? error.code : 'ERROR';
	if (isPayoutFailure(error) && error.field) converted.context.field = error.field;
	return converted;
}

function convert(ctx: IExecuteFunctions, error: unknown, itemIndex: number): ItemError {
	const node = ctx.getNode();
	if (isPayoutFailure(error)) {
		if (error.kind === 'provider') {
			return apiError(
				ctx,
				error.message,
				error.description,
				itemIndex,
				{ providerCode: error.providerCode ?? error.code },
				error.httpCode,
			);
		}
		return new NodeOperationError(node, error.message, {
			itemIndex,
			description: error.description,
		});
	}
	if (error instanceof TransportFailure) {
		return apiError(
			ctx,
			error.message,
			"Check the credential's Base URL and this server's network access, then run the item again.",
			itemIndex,
			{
				transportCode: error.code,
			},
		);
	}
	return new NodeOperationError(node, error instanceof Error ? error.message : String(error), {
		itemIndex,
	});
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
	const error = new NodeApiError(
		ctx.getNode(),
		{ message, ...details },
		{
			itemIndex,
			message,
			description,
			httpCode: httpCode ? String(httpCode) : undefined,
		},
	);
	error.message = message;
	return error;
}

/** The `error` field of a Continue On Fail item. */
export function errorSummary(error: ItemError): PayoutItemError {
	return {
		code: String(error.context.code ?? 'ERROR'),
		message: error.message,
		description: error.description ?? null,
		field: typeof error.context.field === 'string' ? error.context.field : null,
	};
}

/** A row as a person counts it, with its reference when it has one: "Row 3 (INV-1003)". */
export function rowLabel(itemIndex: number, reference?: unknown): string {
	const text =
		typeof reference === 'string'
			? reference.trim()
			: typeof reference === 'number'
				? String(reference)
				: '';
	return `Row ${itemIndex + 1}${text ? ` (${text.slice(0, 64)})` : ''}`;
}

/** Names the row at the start of the error's message (once). */
export function labelRow(error: ItemError, label: string): ItemError {
	if (!error.message.startsWith(`${label}: `)) error.message = `${label}: ${error.message}`;
	return error;
}

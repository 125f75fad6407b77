/**
 * Runs the batch: one operation for every item, each item's outcome turned into what the operator
 * sees. A failure becomes NodeOperationError (bad input or configuration) or NodeApiError (a
 * provider's refusal) naming the row; under Continue On Fail it is an item whose `error` n8n
 * routes to the error output ("Continue (using error output)"); otherwise it stops the batch, and
 * the error names every payout the batch had already sent, so none is invisible.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { getProvider } from '../providers/registry';
import type { OperationName } from '../providers/types';
import { forEachBounded } from '../shared/concurrency';
import { createBatchState, type BatchState } from './batch-state';
import { CreateInputs } from './create/create-inputs';
import { DEFAULT_CREATE_RULES } from './create/validate-create';
import { refusedItem } from './create/refused-item';
import { errorSummary, labelRow, rowLabel, toNodeError, type ItemError } from './node-errors';
import { OPERATIONS } from './operations';
import { sentBeforeStop } from './stop-summary';

export async function runBatch(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	let batch: BatchState;
	try {
		batch = await createBatchState(ctx);
	} catch (error) {
		// A configuration error (Options): no row is sent.
		return [everyItemFailed(ctx, items, toNodeError(ctx, error, 0), itemShapeOf(ctx))];
	}
	const creates = batch.operation === 'create';
	// With n8n's default On Error (stop), one bad row stops the batch before any money moves.
	if (creates && (batch.validateAllFirst || !ctx.continueOnFail())) {
		const refused = validateAllItems(ctx, items, batch);
		if (refused) return [refused];
	}
	const output = new Array<INodeExecutionData[]>(items.length);
	try {
		await forEachBounded(
			items.length,
			batch.concurrency,
			async (itemIndex) => {
				output[itemIndex] = await executeItem(ctx, items, itemIndex, batch);
			},
			() => batch.cancelSignal?.aborted === true,
		);
	} catch (error) {
		throw creates ? sentBeforeStop(error as ItemError, output) : error;
	} finally {
		await batch.claims.finish();
	}
	// Items never started (a stopped execution) leave holes, which flat() skips.
	return [output.flat()];
}

/**
 * A failure of the whole batch (nothing sent). Under Continue On Fail it must still be one failed
 * item per row: n8n passes a node's input rows on as its output when execute() throws, and a
 * following "mark as paid" step would take them for paid rows.
 */
function everyItemFailed(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	error: ItemError,
	shape: ItemShape,
	errorOf: (itemIndex: number) => ItemError = () => error,
): INodeExecutionData[] {
	if (!ctx.continueOnFail()) throw error;
	return items.map((_, itemIndex) => ({
		json: errorItemJson(ctx, items, itemIndex, shape, errorOf(itemIndex)),
		pairedItem: { item: itemIndex },
	}));
}

async function runOperation(
	ctx: IExecuteFunctions,
	itemIndex: number,
	batch: BatchState,
): Promise<IDataObject | IDataObject[]> {
	const { provider, operation } = batch;
	if (!provider.operations.includes(operation)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`${provider.displayName} does not support the operation "${String(operation)}"`,
			{ itemIndex },
		);
	}
	return await OPERATIONS[operation].execute(ctx, itemIndex, provider, batch);
}

/** The row's reference as given, to name the row in messages. */
function referenceOf(ctx: IExecuteFunctions, batch: BatchState, itemIndex: number): unknown {
	return batch.operation === 'create' ? batch.createInputs.given(itemIndex).reference : undefined;
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
		const nodeError = labelRow(
			toNodeError(ctx, error, itemIndex),
			rowLabel(itemIndex, referenceOf(ctx, batch, itemIndex)),
		);
		if (!ctx.continueOnFail()) throw nodeError;
		return [
			{
				json: errorItemJson(ctx, items, itemIndex, batch, nodeError),
				pairedItem: { item: itemIndex },
			},
		];
	}
}

/** What a failed item's shape depends on; undefined parts when the batch could not be set up. */
type ItemShape = Partial<Pick<BatchState, 'provider' | 'operation' | 'createInputs'>>;

/** The provider and inputs as far as they can be read when the batch's Options are wrong. */
function itemShapeOf(ctx: IExecuteFunctions): ItemShape {
	try {
		const provider = getProvider(ctx.getNodeParameter('provider', 0) as string);
		const operation = ctx.getNodeParameter('operation', 0) as OperationName;
		const automatic = ctx.getNodeParameter('mappingMode', 0, 'defineBelow') === 'autoMapInputData';
		return {
			provider,
			operation,
			createInputs: new CreateInputs(ctx, provider, automatic, DEFAULT_CREATE_RULES),
		};
	} catch {
		return {};
	}
}

/**
 * A failed item under Continue On Fail. n8n sends an item to the error output ("Continue (using
 * error output)") when its json holds only `error` (and `message`, and in 2.41 `details`), and
 * then merges the input row's columns into it: so there it is the row plus `error`. On the regular
 * output a Create item keeps the shape of every other Create item (status `refused` or `error`).
 * (An item's own `error` property is not used: n8n 2.41 replaces that item's json with the message.)
 */
function errorItemJson(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	itemIndex: number,
	shape: ItemShape,
	nodeError: ItemError,
): IDataObject {
	const { provider, operation, createInputs } = shape;
	const refused =
		operation === 'create' && provider && createInputs
			? refusedItem(provider, createInputs, itemIndex, nodeError)
			: undefined;
	if (ctx.getNode().onError === 'continueErrorOutput') {
		// `error` alone: n8n 2.8 routes only {error} and {error, message}; 2.41 also {…, details}.
		return {
			error: {
				...errorSummary(nodeError),
				status: refused?.status ?? null,
				reference: refused?.reference ?? null,
				provider: provider?.id ?? null,
				operation: operation ?? null,
			},
		};
	}
	return refused ?? { ...items[itemIndex].json, error: errorSummary(nodeError) };
}

/**
 * Every Create item checked before the first request: one bad row stops the whole batch before
 * any money moves. Always so under n8n's default On Error (stop: the error is thrown); under
 * Continue On Fail only with Options → Validate All First, and then every row comes out unsent,
 * the bad ones with their own error. Undefined when every row passed.
 */
export function validateAllItems(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	batch: BatchState,
): INodeExecutionData[] | undefined {
	const failures = new Map<number, ItemError>();
	const labels: string[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			batch.createInputs.validate(itemIndex);
		} catch (error) {
			const label = rowLabel(itemIndex, referenceOf(ctx, batch, itemIndex));
			failures.set(itemIndex, labelRow(toNodeError(ctx, error, itemIndex), label));
			labels.push(label);
		}
	}
	const [first] = failures.values();
	if (!first) return undefined;
	const rows = labels.length === 1 ? '1 row' : `${labels.length} rows`;
	const summary = `${rows} of ${items.length} failed the checks, so nothing was sent.`;
	const listed = `Rows that failed: ${labels.slice(0, 50).join(', ')}${labels.length > 50 ? ', …' : ''}. Fix them and run again.`;
	const batchError = new NodeOperationError(ctx.getNode(), `${summary} ${first.message}`, {
		itemIndex: failures.keys().next().value,
		description: `${listed} ${first.description ?? ''}`.trim(),
	});
	batchError.context.code = 'BATCH_NOT_SENT';
	return everyItemFailed(ctx, items, batchError, batch, (itemIndex) => {
		const own = failures.get(itemIndex);
		if (own) return own;
		const notSent = new NodeOperationError(
			ctx.getNode(),
			`${rowLabel(itemIndex, referenceOf(ctx, batch, itemIndex))}: not sent: ${summary}`,
			{
				itemIndex,
				description: listed,
			},
		);
		notSent.context.code = 'BATCH_NOT_SENT';
		return notSent;
	});
}

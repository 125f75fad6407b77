import type { IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';

import type { ProviderCallContext } from '../providers/types';
import { RequestPacer } from '../shared/concurrency';
import type { BatchState } from './batch-state';

export function callContext(
	ctx: IExecuteFunctions,
	itemIndex: number,
	batch: BatchState,
): ProviderCallContext {
	const providerId = batch.provider.id;
	let cache = batch.providerCache.get(providerId) as Map<string, unknown> | undefined;
	if (!cache) {
		cache = new Map();
		batch.providerCache.set(providerId, cache);
	}
	return {
		ctx,
		itemIndex,
		timeoutMs: batch.timeoutMs,
		cache,
		pacer: batch.pacer,
		cancelSignal: batch.cancelSignal,
	};
}

/** Dropdowns load outside an execution: their own short-lived cache and no pacing. */
export function loadOptionsContext(ctx: ILoadOptionsFunctions): ProviderCallContext {
	return { ctx, itemIndex: 0, timeoutMs: 15_000, cache: new Map(), pacer: new RequestPacer(0) };
}

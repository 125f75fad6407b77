/** What one provider call needs from the execution it runs in; provider-neutral. */
import type { IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';

import type { RequestPacer } from './concurrency';

export interface ProviderCallContext {
	ctx: IExecuteFunctions | ILoadOptionsFunctions;
	itemIndex: number;
	timeoutMs: number;
	/** Per-execution cache for this provider (e.g. payout history already read). */
	cache: Map<string, unknown>;
	/** Shared by every request of the execution: rate cap and 429 back-off. */
	pacer: RequestPacer;
	/** The execution's stop signal: a request not yet sent when it fires is not sent. */
	cancelSignal?: AbortSignal;
}

/**
 * Which (provider, payout id, status) deliveries already ran the workflow. Two stores, because of
 * what n8n 2.41 offers where:
 *
 * 1. The authority is n8n's processed-data store (`checkProcessedAndRecord`, the table behind
 *    Remove Duplicates): database-backed, so it holds across restarts and between main, webhook and
 *    worker processes. Webhook functions do not get it (only execute and supply-data contexts do),
 *    so the trigger checks and records it in its own `execute()`, which n8n runs as the first step
 *    of the execution a webhook starts. A delivery already recorded there passes nothing on.
 *
 * 2. A hint in the node's workflow static data, so a provider's retry normally starts no execution
 *    at all: `webhook()` only READS it. It is written from `execute()`, because n8n 2.41 loses static
 *    data written inside `webhook()` whenever that request starts an execution (WorkflowRunner.run
 *    re-wraps the same staticData object and resets its `__dataChanged` flag before LiveWebhooks
 *    saves it), while an execution's changes are saved when it finishes. n8n saves static data as one
 *    object per workflow (last writer wins), so two executions finishing together can drop a hint;
 *    the retry then starts an execution that the processed-data store stops at this node.
 *
 * n8n only notices a static-data change made through its proxy, so the record is replaced, never
 * mutated in place.
 */
import type { IDataObject } from 'n8n-workflow';

import { isPlainObject } from '../CryptoPayout/shared/callback';
import { isCallbackProviderId } from './providers';

const STORE_KEY = 'deliveries';
/** Deliveries remembered at most, in each store; the oldest go first. Provider retries end within hours. */
export const MAX_REMEMBERED_DELIVERIES = 5000;
/** Static-data hints older than this are forgotten (seconds). */
export const MAX_DELIVERY_AGE_SECONDS = 90 * 24 * 60 * 60;

export function deliveryKey(provider: string, payoutId: string, status: string): string {
	return `${provider}|${payoutId}|${status.trim().toLowerCase()}`;
}

/**
 * The key of an emitted item (the normalized payout), or undefined for an item this node did not
 * make (pinned or edited data). An item without a payout id (older Cregis callbacks carry no cid)
 * is identified by its reference.
 */
export function deliveryKeyOfPayout(json: IDataObject): string | undefined {
	const { provider, payoutId, reference, providerStatus } = json;
	if (
		!isCallbackProviderId(provider) ||
		typeof providerStatus !== 'string' ||
		providerStatus === ''
	)
		return undefined;
	const id =
		typeof payoutId === 'string' && payoutId !== ''
			? payoutId
			: typeof reference === 'string' && reference !== ''
				? `ref:${reference}`
				: undefined;
	return id === undefined ? undefined : deliveryKey(provider, id, providerStatus);
}

function rememberedEntries(nodeStaticData: IDataObject, now: number): Array<[string, number]> {
	const stored = nodeStaticData[STORE_KEY];
	const entries: Array<[string, number]> = [];
	if (!isPlainObject(stored)) return entries;
	for (const [key, at] of Object.entries(stored)) {
		if (typeof at === 'number' && Number.isFinite(at) && now - at <= MAX_DELIVERY_AGE_SECONDS)
			entries.push([key, at]);
	}
	return entries;
}

/** Whether the static-data hint knows `key`. Reads only. */
export function isRememberedDelivery(
	nodeStaticData: IDataObject,
	key: string,
	nowMs: number,
): boolean {
	return rememberedEntries(nodeStaticData, Math.floor(nowMs / 1000)).some(
		([stored]) => stored === key,
	);
}

/** Adds `key` to the static-data hint (pruned by age and count). */
export function rememberDelivery(nodeStaticData: IDataObject, key: string, nowMs: number): void {
	const now = Math.floor(nowMs / 1000);
	const entries = rememberedEntries(nodeStaticData, now).filter(([stored]) => stored !== key);
	entries.sort((a, b) => a[1] - b[1]);
	const kept = entries.slice(Math.max(0, entries.length - (MAX_REMEMBERED_DELIVERIES - 1)));
	kept.push([key, now]);
	nodeStaticData[STORE_KEY] = Object.fromEntries(kept);
}

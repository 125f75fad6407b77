/**
 * Which deliveries already ran the workflow. A delivery is recorded under every key it has: its
 * (provider, payout id, status), and any further identity the provider names (`replayKeys`, e.g.
 * Cregis's signature). One that meets any recorded key runs nothing. Two stores, because of what
 * n8n 2.41 offers where:
 *
 * 1. The authority is n8n's processed-data store (`checkProcessedAndRecord`, the table behind
 *    Remove Duplicates): database-backed, so it holds across restarts and between main, webhook and
 *    worker processes. Webhook functions do not get it (only execute and supply-data contexts do),
 *    so the trigger checks and records it in its own `execute()`, which n8n runs as the first step
 *    of the execution a webhook starts. A delivery already recorded there passes nothing on. The
 *    record has no `maxEntries`: n8n then keeps every entry, so a delivery is refused for as long
 *    as a provider could repeat it, whatever arrived meanwhile (a count would let an old one through
 *    once enough others came after it). Each entry is an md5 of the key, 24 characters of base64 in
 *    one JSON row that n8n reads and writes whole for each delivery that reaches an execution: about
 *    2.7 MB per 100,000 keys.
 *
 * 2. A hint in the node's workflow static data, so a provider's retry normally starts no execution
 *    at all: `webhook()` only READS it. It is written from `execute()`, because n8n 2.41 loses static
 *    data written inside `webhook()` whenever that request starts an execution (WorkflowRunner.run
 *    re-wraps the same staticData object and resets its `__dataChanged` flag before LiveWebhooks
 *    saves it), while an execution's changes are saved when it finishes. n8n saves static data as one
 *    object per workflow (last writer wins), so two executions finishing together can drop a hint;
 *    the retry then starts an execution that the processed-data store stops at this node. The hint is
 *    bounded (it is saved whole with every execution); only the store must remember everything.
 *
 * n8n only notices a static-data change made through its proxy, so the record is replaced, never
 * mutated in place.
 */
import type { IDataObject } from 'n8n-workflow';

import type { AcceptedCallback } from '../CryptoPayout/providers/callback-types';
import { isPlainObject } from '../CryptoPayout/shared/callback';
import { isCallbackProviderId } from './providers';

const STORE_KEY = 'deliveries';
/** Keys the static-data hint keeps at most; the oldest go first. The processed-data store keeps all. */
export const MAX_HINTED_DELIVERIES = 5000;
/** Static-data hints older than this are forgotten (seconds). */
export const MAX_DELIVERY_AGE_SECONDS = 90 * 24 * 60 * 60;
/**
 * The item field that carries a delivery's keys from `webhook()` to `execute()` (the same
 * execution's input); `execute()` removes it, so no output shows it.
 */
export const DELIVERY_KEYS_FIELD = '__deliveryKeys';

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

/** Every key an accepted callback is recorded under: (provider, payout, status) first. */
export function deliveryKeysOf(providerId: string, verdict: AcceptedCallback): string[] {
	const primary =
		deliveryKeyOfPayout(verdict.payout) ??
		deliveryKey(providerId, verdict.payoutId, verdict.status);
	return [primary, ...(verdict.replayKeys ?? []).map((key) => `${providerId}|${key}`)];
}

/**
 * The keys `webhook()` gave an item, or for an item without them (made by an older version of
 * the node, or pinned) the key of its payout; none for an item this node did not make.
 */
export function deliveryKeysOfItem(json: IDataObject): string[] {
	const carried = json[DELIVERY_KEYS_FIELD];
	if (
		Array.isArray(carried) &&
		carried.length > 0 &&
		carried.every((key) => typeof key === 'string')
	)
		return carried as string[];
	const key = deliveryKeyOfPayout(json);
	return key === undefined ? [] : [key];
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

/** Whether the static-data hint knows any of `keys`. Reads only. */
export function isRememberedDelivery(
	nodeStaticData: IDataObject,
	keys: readonly string[],
	nowMs: number,
): boolean {
	return rememberedEntries(nodeStaticData, Math.floor(nowMs / 1000)).some(([stored]) =>
		keys.includes(stored),
	);
}

/** Adds `keys` to the static-data hint (pruned by age and count). */
export function rememberDelivery(
	nodeStaticData: IDataObject,
	keys: readonly string[],
	nowMs: number,
): void {
	const now = Math.floor(nowMs / 1000);
	const entries = rememberedEntries(nodeStaticData, now).filter(
		([stored]) => !keys.includes(stored),
	);
	entries.sort((a, b) => a[1] - b[1]);
	const kept = entries.slice(Math.max(0, entries.length - (MAX_HINTED_DELIVERIES - keys.length)));
	for (const key of keys) kept.push([key, now]);
	nodeStaticData[STORE_KEY] = Object.fromEntries(kept);
}

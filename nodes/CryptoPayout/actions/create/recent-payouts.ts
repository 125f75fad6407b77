/**
 * The references this n8n process settled lately (sent, maybe sent, or found at the provider),
 * whichever workflow, provider or account paid them. It decides: a reference found here is a
 * duplicate for every later item, execution and workflow of the process, also where n8n's
 * processed-data record (one per workflow) cannot see it. Memory only, so it covers one process
 * and its recent past; the processed-data record, the provider's checks and the ledger cover the rest.
 */
export interface RecentPayout {
	provider: string;
	/** The paying account (provider.account(...).key): a payout id means something only there. */
	account: string;
	/** The provider's id of the payout, when known (null for an unknown outcome). */
	payoutId: string | null;
	/** What happened: sent, unknown (may have been sent), or the provider already had it. */
	outcome: 'sent' | 'unknown' | 'duplicate';
	workflowId: string;
}

/** About 10 MB at most; the oldest are forgotten first. */
const MAX_REMEMBERED_PAYOUTS = 50_000;
const recentPayouts = new Map<string, RecentPayout>();

export function rememberPayout(keyId: string, payout: RecentPayout): void {
	const known = recentPayouts.get(keyId);
	recentPayouts.delete(keyId);
	recentPayouts.set(keyId, { ...payout, payoutId: payout.payoutId ?? known?.payoutId ?? null });
	if (recentPayouts.size > MAX_REMEMBERED_PAYOUTS) {
		const oldest = recentPayouts.keys().next();
		if (!oldest.done) recentPayouts.delete(oldest.value);
	}
}

export function recentPayout(keyId: string): RecentPayout | undefined {
	return recentPayouts.get(keyId);
}

/** For tests: a fresh process, as after a restart. */
export function forgetRecentPayouts(): void {
	recentPayouts.clear();
}

/** Release Reference: this process no longer counts the reference as paid. */
export function forgetPayout(keyId: string): void {
	recentPayouts.delete(keyId);
}

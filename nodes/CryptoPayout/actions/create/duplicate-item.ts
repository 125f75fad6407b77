/** The item of a reference that is not paid now because it was (or is being) paid already. */
import { getProvider } from '../../providers/registry';
import type { NormalizedPayout, PayoutProvider, ValidatedPayout } from '../../providers/types';
import { createFields, normalizedPayout } from '../../shared/output';
import type { ClaimVerdict } from './claims';
import type { EarlierPayout } from './claim-registry';
import { recentPayout } from './recent-payouts';

type Duplicate = Extract<ClaimVerdict, { kind: 'duplicate' }>;

function providerName(id: string | null | undefined): string {
	if (!id) return 'a provider';
	try {
		return getProvider(id).displayName;
	} catch {
		return id;
	}
}

function earlierText(earlier: EarlierPayout | undefined): string {
	if (!earlier) return '';
	const parts = [
		earlier.payoutId ? `${providerName(earlier.provider)} payout ${earlier.payoutId}` : undefined,
		earlier.status ? `status ${earlier.status}` : undefined,
		earlier.workflowId ? `workflow ${earlier.workflowId}` : undefined,
	].filter(Boolean);
	return parts.length ? ` (${parts.join(', ')})` : '';
}

/** Why the reference counts as paid, in one sentence naming it as typed. */
function duplicateReason(
	provider: PayoutProvider,
	payout: ValidatedPayout,
	verdict: Duplicate,
	payoutId: string | null,
): string {
	const reference = `Reference ${payout.reference}`;
	switch (verdict.reason) {
		case 'earlier-item':
			return `${reference} appears earlier in this batch (row ${(verdict.earlierItem ?? 0) + 1}${payoutId ? `, ${provider.displayName} payout ${payoutId}` : ''}); it is paid once.`;
		case 'in-flight':
			return `${reference} is being paid right now by another execution of this n8n instance; check its result there.`;
		case 'paid-here':
			return verdict.earlier?.status === 'unknown'
				? `${reference} was submitted lately by this n8n instance and its outcome is unknown${earlierText(verdict.earlier)}: check it before paying it again.`
				: `${reference} was already paid by this n8n instance${earlierText(verdict.earlier)}.`;
		case 'provider-has-it': {
			const found = verdict.providerPayout;
			return `${providerName(found?.provider)} already has payout ${found?.payoutId ?? ''} with reference ${found?.reference ?? payout.reference} (status ${found?.providerStatus ?? 'unknown'}).`;
		}
		case 'recorded':
			return verdict.earlier
				? `${reference} is in the payout ledger already${earlierText(verdict.earlier)}.`
				: `${reference} was already submitted by this workflow (n8n's record of its earlier runs, or another execution or worker that got it first).`;
	}
}

/**
 * The earlier payout's id, when anything knows it and it belongs to the account paying now: an
 * id of another provider or account would send a following Get Payout to the wrong place. The
 * message names the earlier payer and its id either way.
 */
function earlierPayoutId(provider: PayoutProvider, verdict: Duplicate): string | null {
	if (verdict.providerPayout) return verdict.providerPayout.payoutId;
	const earlier = verdict.earlier ?? recentPayout(verdict.key.id);
	if (!earlier || earlier.provider !== provider.id || earlier.account !== verdict.account)
		return null;
	return earlier.payoutId;
}

export function duplicateItem(
	provider: PayoutProvider,
	payout: ValidatedPayout,
	verdict: Duplicate,
	dryRun: boolean,
): NormalizedPayout {
	const payoutId = earlierPayoutId(provider, verdict);
	const reason = duplicateReason(provider, payout, verdict, payoutId);
	return normalizedPayout({
		...createFields(provider.id, payout),
		status: 'duplicate',
		payoutId,
		providerStatus: verdict.providerPayout?.providerStatus ?? null,
		raw: verdict.providerPayout?.raw ?? null,
		message: dryRun
			? `Dry run: ${reason} A real run would send nothing for it.`
			: `${reason} Nothing was sent now.`,
	});
}

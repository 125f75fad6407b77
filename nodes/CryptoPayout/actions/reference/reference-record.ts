/**
 * What the operator's reference operations (Find, Resolve, Release) share: the reference as
 * compared, the paying account's namespace, the ledger when the credential sets one, and the
 * provider's own record of the reference where it keeps one (OxaPay's history).
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { ledgerOf, type LedgerRow, type PayoutLedger } from '../../ledger';
import type { NormalizedPayout, PayoutProvider, ProviderCallContext } from '../../providers/types';
import type { PayoutAccount } from '../../shared/account';
import { PayoutFailure } from '../../shared/errors';
import type { BatchState } from '../batch-state';
import { callContext } from '../call-context';
import { validateReference } from '../create/validate-create';
import { referenceKeyOf, type ReferenceKey } from '../create/reference-key';

export const REFERENCE_OPERATION_NAMES = ['findReference', 'resolveReference', 'releaseReference'];

/** The Reference field of the three operations (Create has its own, shown only for Create). */
export const referenceProperty: INodeProperties = {
	displayName: 'Reference',
	name: 'reference',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. INV-1001',
	description:
		'The business ID a payout was created with (any letter case: references are compared without it)',
	displayOptions: { show: { operation: REFERENCE_OPERATION_NAMES } },
};

export interface ReferenceRecord {
	reference: string;
	key: ReferenceKey;
	account: PayoutAccount;
	ledger?: PayoutLedger;
	/** The ledger's row, when there is a ledger and a row. */
	row?: LedgerRow;
	call: ProviderCallContext;
}

export async function referenceRecord(
	ctx: IExecuteFunctions,
	itemIndex: number,
	provider: PayoutProvider,
	batch: BatchState,
): Promise<ReferenceRecord> {
	const reference = validateReference(ctx.getNodeParameter('reference', itemIndex, ''));
	const credentials = await ctx.getCredentials(provider.credentialType, itemIndex);
	const account = provider.account(credentials);
	const key = referenceKeyOf(account.namespace, reference);
	const ledger = await ledgerOf(credentials);
	const row = ledger
		? (await ledger.find(key.namespace, [key.referenceKey])).get(key.referenceKey)
		: undefined;
	return { reference, key, account, ledger, row, call: callContext(ctx, itemIndex, batch) };
}

/** The provider's record of the reference, or undefined when it keeps none it can search. */
export async function providerRecord(
	provider: PayoutProvider,
	record: ReferenceRecord,
	batch: BatchState,
): Promise<{ searched: boolean; payout?: NormalizedPayout }> {
	if (!provider.findPayoutByReference) return { searched: false };
	const payout = await provider.findPayoutByReference(
		record.call,
		record.reference,
		batch.createOptions,
	);
	return { searched: true, payout };
}

/** In Doubt After, shown for the three operations: a younger claim may still be sending. */
export const inDoubtAfterProperty: INodeProperties = {
	displayName: 'In Doubt After (Minutes)',
	name: 'inDoubtAfterMinutes',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 15,
	description:
		'A claim with no outcome younger than this may still be sending: it is "in progress", not in doubt, and is neither resolved nor released',
	displayOptions: { show: { operation: REFERENCE_OPERATION_NAMES } },
};

/**
 * `unknown`: the payout may or may not exist. `claimed` with no outcome: in progress while young,
 * in doubt once older than In Doubt After (its worker may have died).
 */
export function doubtOf(
	ctx: IExecuteFunctions,
	itemIndex: number,
	row: LedgerRow,
): 'in-doubt' | 'in-progress' | undefined {
	if (row.status === 'unknown') return 'in-doubt';
	if (row.status !== 'claimed') return undefined;
	const minutes = Number(ctx.getNodeParameter('inDoubtAfterMinutes', itemIndex, 15)) || 15;
	return Date.now() - Date.parse(row.claimedAt) < minutes * 60_000 ? 'in-progress' : 'in-doubt';
}

/**
 * Only the account that sent a reference can tell whether its payout exists (another OxaPay key
 * has another history; another Cregis project does not know the third_party_id).
 */
export function assertSentFromThisAccount(provider: PayoutProvider, record: ReferenceRecord): void {
	const { row } = record;
	if (!row || (row.provider === provider.id && row.account === record.account.key)) return;
	throw new PayoutFailure(
		'WRONG_ACCOUNT',
		`The reference was sent through ${row.provider} account ${row.account}; this credential pays from ${provider.id} account ${record.account.key}. Select the credential that sent it: only its records tell whether the payout exists.`,
		{ kind: 'configuration' },
	);
}

/** The ledger's status of a payout as the normalized items say it. */
export function ledgerStatusOf(payout: NormalizedPayout): 'sent' | 'completed' | 'failed' {
	return payout.status === 'completed'
		? 'completed'
		: payout.status === 'failed'
			? 'failed'
			: 'sent';
}

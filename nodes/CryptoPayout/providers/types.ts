/**
 * The one interface every payout provider implements. The node resolves the provider from the
 * registry and hands it validated input; the provider builds, signs, sends and normalizes.
 * Adding a provider = a folder implementing this + one line in registry.ts.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

import type { PayoutAccount } from '../shared/account';
import type { ProviderCallContext } from '../shared/call-context';
import type { NetworkInfo } from '../shared/networks';
import type { NormalizedPayout, ResolvedAsset, ValidatedPayout } from '../shared/payout-model';
import type { PayoutCallbacks } from './callback-types';

export type {
	NormalizedPayout,
	PayoutStatus,
	ResolvedAsset,
	ValidatedPayout,
} from '../shared/payout-model';
export type { ProviderCallContext } from '../shared/call-context';

/** The request a create would send, shown by Dry Run (never with secrets or signatures). */
export interface PayoutRequestPreview extends IDataObject {
	method: string;
	path: string;
	body: IDataObject;
}

export type OperationName =
	| 'create'
	| 'get'
	| 'getMany'
	| 'checkAddress'
	| 'findReference'
	| 'resolveReference'
	| 'releaseReference';

/** The operations on a reference's record (ledger or n8n's), offered by every provider. */
export const REFERENCE_OPERATIONS = [
	'findReference',
	'resolveReference',
	'releaseReference',
] as const satisfies readonly OperationName[];

export interface PayoutListQuery {
	returnAll: boolean;
	limit: number;
	/** The Filters collection as the operator filled it (the provider's own listFilterOptions). */
	filters: IDataObject;
}

export interface PayoutProvider {
	readonly id: string;
	readonly displayName: string;
	readonly credentialType: string;
	/**
	 * The credential's fields that hold secrets (its password fields). The transport removes their
	 * values from every reply (shared/redact.ts); pass them to sendProviderRequest with the type.
	 */
	readonly secretCredentialFields: readonly string[];
	/** The operations this provider offers, in menu order. */
	readonly operations: readonly OperationName[];
	resolveAsset(currency: string, network: string): ResolvedAsset;
	/** The body a create would send, without credentials-derived fields. */
	previewCreate(payout: ValidatedPayout): PayoutRequestPreview;
	createPayout(call: ProviderCallContext, payout: ValidatedPayout): Promise<NormalizedPayout>;
	/**
	 * The account a credential pays from, told apart without its secret (shared/account
	 * `payoutAccount`), and its reference namespace: a sandbox (loopback) account's references
	 * never block the real account's.
	 */
	account(credentials: ICredentialDataDecryptedObject): PayoutAccount;
	/**
	 * For providers without an idempotency key: an earlier payout carrying this reference, found
	 * before sending. Providers that reject duplicates themselves (Cregis E0009) leave it out.
	 * It only reads, so Dry Run asks it too. `options` is Create Payout's Options collection as the
	 * operator filled it (the provider's own `createOptions` included).
	 */
	findPayoutByReference?(
		call: ProviderCallContext,
		reference: string,
		options: IDataObject,
	): Promise<NormalizedPayout | undefined>;
	/**
	 * Entries of Create Payout's Options collection that only this provider reads (e.g. how far
	 * back its own duplicate lookup searches); the editor offers them only while it is selected.
	 * Their names must not clash with the shared options or other providers'.
	 */
	readonly createOptions?: INodeProperties[];
	/**
	 * The provider's own refusals of a validated payout, for what its API cannot carry exactly (e.g.
	 * an amount its JSON number would round). Throws a PayoutFailure with `field`; pure and without
	 * I/O, it runs at the end of validation, so Dry Run and Validate All First refuse the item too.
	 */
	checkPayout?(payout: ValidatedPayout): void;
	/** Advice shown before a create is sent (e.g. below the provider's minimum); never blocks. */
	createWarnings?(call: ProviderCallContext, payout: ValidatedPayout): Promise<string[]>;
	getPayout(call: ProviderCallContext, payoutId: string): Promise<NormalizedPayout>;
	listPayouts?(call: ProviderCallContext, query: PayoutListQuery): Promise<NormalizedPayout[]>;
	/** With listPayouts: the options of Get Many's Filters collection for this provider. */
	readonly listFilterOptions?: INodeProperties[];
	/** The provider's own address checks, after the offline ones passed. */
	checkAddressRemotely?(
		call: ProviderCallContext,
		address: string,
		network: NetworkInfo,
	): Promise<{ legal: boolean; internal: boolean }>;
	/** Live dropdown values; the fields still accept expressions. */
	currencyOptions(call: ProviderCallContext): Promise<INodePropertyOptions[]>;
	networkOptions(call: ProviderCallContext, currency: string): Promise<INodePropertyOptions[]>;
	/** Status callbacks, received by the Crypto Payout Trigger; a provider without them is not offered there. */
	readonly callbacks?: PayoutCallbacks;
	/**
	 * True when the provider itself refuses a second payout with the same reference (Cregis's
	 * third_party_id, E0009 → `duplicate`): sending a reference again is then a safe way to learn
	 * whether an unknown payout exists (Resolve Unknown Payout offers it).
	 */
	readonly refusesRepeatedReference?: boolean;
}

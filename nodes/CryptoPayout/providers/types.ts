/**
 * The one interface every payout provider implements. The node resolves the provider from the
 * registry and hands it validated input; the provider builds, signs, sends and normalizes.
 * Adding a provider = a folder implementing this + one line in registry.ts.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodePropertyOptions,
} from 'n8n-workflow';

import type { RequestPacer } from '../shared/concurrency';
import type { DecimalAmount } from '../shared/decimal';
import type { NetworkInfo } from '../shared/networks';

export type PayoutStatus = 'pending' | 'processing' | 'completed' | 'failed' | 'unknown' | 'duplicate' | 'validated';

/** The asset a row asks for, in provider-neutral terms plus the provider's own names. */
export interface ResolvedAsset {
	symbol: string;
	network: NetworkInfo;
	decimals: number;
	/** What the provider's request carries: OxaPay `USDT`, Cregis `195@TR7N…`. */
	providerCurrency: string;
	/** OxaPay's network key (`Tron`); undefined for providers that encode it in the currency. */
	providerNetwork?: string;
	/** For messages: "USDT on TRON (TRC-20)". */
	label: string;
}

/** A Create Payout item after every check passed: nothing here is unvalidated. */
export interface ValidatedPayout {
	asset: ResolvedAsset;
	address: string;
	amount: DecimalAmount;
	memo?: string;
	description?: string;
	callbackUrl?: string;
	reference: string;
}

/** The normalized item, the same shape for every provider and operation. */
export interface NormalizedPayout extends IDataObject {
	provider: string;
	operation: string;
	payoutId: string | null;
	reference: string | null;
	status: PayoutStatus;
	providerStatus: string | null;
	currency: string | null;
	network: string | null;
	address: string | null;
	amount: string | null;
	memo: string | null;
	description: string | null;
	txHash: string | null;
	fee: string | null;
	/** ISO 8601. */
	createdAt: string | null;
	message: string | null;
	raw: IDataObject | null;
}

/** The request a create would send, shown by Dry Run (never with secrets or signatures). */
export interface PayoutRequestPreview extends IDataObject {
	method: string;
	path: string;
	body: IDataObject;
}

export type OperationName = 'create' | 'get' | 'getMany' | 'checkAddress';

export interface PayoutListQuery {
	returnAll: boolean;
	limit: number;
	/** Provider query parameters, already in the provider's names and formats. */
	filters: IDataObject;
}

export interface ProviderCallContext {
	ctx: IExecuteFunctions | ILoadOptionsFunctions;
	itemIndex: number;
	timeoutMs: number;
	/** Per-execution cache for this provider (e.g. payout history already read). */
	cache: Map<string, unknown>;
	/** Shared by every request of the execution: rate cap and 429 back-off. */
	pacer: RequestPacer;
}

export interface PayoutProvider {
	readonly id: string;
	readonly displayName: string;
	readonly credentialType: string;
	/** The operations this provider offers, in menu order. */
	readonly operations: readonly OperationName[];
	resolveAsset(currency: string, network: string): ResolvedAsset;
	/** The body a create would send, without credentials-derived fields. */
	previewCreate(payout: ValidatedPayout): PayoutRequestPreview;
	createPayout(call: ProviderCallContext, payout: ValidatedPayout): Promise<NormalizedPayout>;
	/**
	 * Identifies the account a credential pays from, without revealing its secret, so the
	 * processed-data record of a reference paid through the sandbox never blocks the real account.
	 */
	accountKey(credentials: ICredentialDataDecryptedObject): string;
	/**
	 * For providers without an idempotency key: an earlier payout carrying this reference, found
	 * before sending. Providers that reject duplicates themselves (Cregis E0009) leave it out.
	 */
	findPayoutByReference?(call: ProviderCallContext, reference: string, lookbackDays: number): Promise<NormalizedPayout | undefined>;
	/** Advice shown before a create is sent (e.g. below the provider's minimum); never blocks. */
	createWarnings?(call: ProviderCallContext, payout: ValidatedPayout): Promise<string[]>;
	getPayout(call: ProviderCallContext, payoutId: string): Promise<NormalizedPayout>;
	listPayouts?(call: ProviderCallContext, query: PayoutListQuery): Promise<NormalizedPayout[]>;
	/** The provider's own address checks, after the offline ones passed. */
	checkAddressRemotely?(call: ProviderCallContext, address: string, network: NetworkInfo): Promise<{ legal: boolean; internal: boolean }>;
	/** Live dropdown values; the fields still accept expressions. */
	currencyOptions(call: ProviderCallContext): Promise<INodePropertyOptions[]>;
	networkOptions(call: ProviderCallContext, currency: string): Promise<INodePropertyOptions[]>;
}

/**
 * The provider-neutral payout model: what a validated Create item is, and the normalized item
 * every provider and operation emits. Providers produce these; nothing here knows a provider.
 */
import type { IDataObject } from 'n8n-workflow';

import type { DecimalAmount } from './decimal';
import type { NetworkInfo } from './networks';

export type PayoutStatus =
	| 'pending'
	| 'processing'
	| 'completed'
	| 'failed'
	| 'unknown'
	| 'duplicate'
	| 'validated'
	/** Create only: a check, the node's settings or the provider said no; nothing was created. */
	| 'refused'
	/** Create only: nothing was sent for a passing reason (unreachable, stopped, busy): run it again. */
	| 'error';

/** Why a Create item was refused or not sent, in the item (`error`) and in n8n's error output. */
export interface PayoutItemError extends IDataObject {
	code: string;
	message: string;
	description: string | null;
	field: string | null;
}

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
	/**
	 * What the operator should know before this payout goes out, each a full sentence (an address
	 * with no checksum, a format shared with another coin…). They never block: the item's message
	 * and the execution's hints show them, in a real run and in Dry Run.
	 */
	warnings: string[];
}

/**
 * The normalized item, the same shape for every provider and operation. The first keys are what
 * an operator scans in n8n's table (status, reference, error, message, payout id, amount); `raw`
 * (and Dry Run's `request`) come last.
 */
export interface NormalizedPayout extends IDataObject {
	status: PayoutStatus;
	reference: string | null;
	/** Set when the item was refused or not sent (`refused`, `error`); null otherwise. */
	error: PayoutItemError | null;
	/** Explains `duplicate`, `unknown`, `validated` and warnings. */
	message: string | null;
	payoutId: string | null;
	amount: string | null;
	currency: string | null;
	network: string | null;
	address: string | null;
	provider: string;
	operation: string;
	providerStatus: string | null;
	memo: string | null;
	description: string | null;
	txHash: string | null;
	fee: string | null;
	/** ISO 8601. */
	createdAt: string | null;
	raw: IDataObject | null;
}

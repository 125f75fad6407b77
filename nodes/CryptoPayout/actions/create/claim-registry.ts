/**
 * Where reference claims are recorded beyond this process: n8n's processed-data store (the
 * default, one record per workflow) or the operator's payout ledger. The planner (claims.ts)
 * decides everything it can in memory first and hands the rest to a registry.
 */
import type { ValidatedPayout } from '../../providers/types';
import type { ReferenceKey } from './reference-key';

/** One reference to record, with what the ledger keeps of it. */
export interface RegistryClaim {
	itemIndex: number;
	key: ReferenceKey;
	payout: ValidatedPayout;
}

/** What an earlier payout of the reference is known to be. */
export interface EarlierPayout {
	provider: string | null;
	/** The paying account's key: a payout id means something only to the provider account that made it. */
	account: string | null;
	payoutId: string | null;
	status: string | null;
	workflowId: string | null;
}

export type RegistryVerdict =
	| { claimed: true }
	/** Recorded before: by an earlier run, another execution or worker (or another workflow, with a ledger). */
	| { claimed: false; reason: 'recorded'; earlier?: EarlierPayout }
	/** Refused by a limit the registry enforces itself (the ledger's rolling limits). */
	| { claimed: false; reason: 'limit'; message: string };

/** The outcome of a claimed reference, once known. */
export interface SettledClaim {
	status: 'sent' | 'unknown' | 'duplicate';
	payoutId: string | null;
	providerStatus?: string | null;
}

export interface ClaimRegistry {
	/** Records the claims, in order; one verdict each. Throws when nothing could be recorded. */
	claim(claims: RegistryClaim[]): Promise<RegistryVerdict[]>;
	/**
	 * Dry Run: what claim() would say, without recording. `undefined` for a registry that cannot be
	 * read without writing (n8n's processed-data store).
	 */
	inspect(claims: RegistryClaim[]): Promise<RegistryVerdict[] | undefined>;
	/** Writes what became of a claim (the processed-data record keeps the claim as it is). */
	settle(key: ReferenceKey, outcome: SettledClaim): Promise<void>;
	/** Definitely not sent: frees the references for a corrected run. */
	release(keys: ReferenceKey[]): Promise<void>;
	/** End of the execution: removes what only this execution needed (tokens). */
	finish(): Promise<void>;
	/** Whether limits are counted by the registry (over time) rather than per execution. */
	readonly countsLimits: boolean;
	/** For Dry Run's message: where an earlier run's payout is looked for. */
	readonly name: string;
}

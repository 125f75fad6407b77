/**
 * The payout ledger: an optional database of the operator's own (PostgreSQL) that records every
 * reference a payout was attempted for, with a unique key per (namespace, reference). It gives
 * what n8n's processed-data store cannot: an atomic insert-if-absent with no timing assumption,
 * limits enforced in the same transaction as the claim, and one table for every workflow,
 * provider, account and worker of a paying setup.
 *
 * This file is the contract between the Create pipeline (actions/create) and a ledger backend
 * (ledger/postgres.ts). It imports nothing: `pg` is imported by the backend module alone.
 */

/**
 * Where a reference lives. `live` for real provider hosts, `test` for loopback hosts (the sandbox
 * gateway), so a reference paid in the sandbox never blocks a real payout.
 */
export type LedgerNamespace = 'live' | 'test';

/** What a row says about its payout. */
export type LedgerStatus =
	/** Claimed, outcome not known yet (sending, or the process died: "in doubt" once old). */
	| 'claimed'
	/** The provider created it (payoutId known). */
	| 'sent'
	/** The create may or may not have reached the provider: never paid again automatically. */
	| 'unknown'
	/** The provider already had this reference (OxaPay history, Cregis E0009): nothing was sent. */
	| 'duplicate'
	/** Status callbacks (the trigger) or a resolution moved it on. */
	| 'completed'
	| 'failed';

/** One reference a batch wants to pay, in item order. Amounts are exact decimal text. */
export interface LedgerClaim {
	namespace: LedgerNamespace;
	/**
	 * The reference as compared: trimmed and upper-cased (references are case-insensitive). The
	 * ledger applies the same folding to every key it is given (a no-op on a folded key), so a
	 * caller that forgets cannot record one reference twice; rows and maps carry the folded key.
	 */
	referenceKey: string;
	/** The reference as the sheet wrote it. */
	reference: string;
	/** Provider id (`oxapay`, `cregis`). */
	provider: string;
	/** The paying account, without its secret (provider.accountKey). */
	account: string;
	workflowId: string;
	executionId: string;
	/** Asset symbol, e.g. `USDT`. */
	currency: string;
	/** Network id, e.g. `tron`. */
	network: string;
	amount: string;
	address: string;
}

/**
 * A Max Total Per Currency enforced by the ledger: the sum of the amounts of the workflow's rows
 * in that currency that count (claimed, sent, unknown, completed) within the period, plus the
 * claim, may not exceed `maxTotal`.
 */
export interface LedgerLimit {
	currency: string;
	maxTotal: string;
	/** `rolling24h`: the last 24 hours; `calendarDay`: since midnight in `timeZone`. */
	period: 'rolling24h' | 'calendarDay';
	/** IANA time zone (the workflow's), used by `calendarDay`. */
	timeZone: string;
	workflowId: string;
}

export interface LedgerRow {
	namespace: LedgerNamespace;
	referenceKey: string;
	reference: string;
	provider: string;
	account: string;
	workflowId: string;
	executionId: string;
	currency: string;
	network: string;
	amount: string;
	address: string;
	status: LedgerStatus;
	payoutId: string | null;
	providerStatus: string | null;
	txHash: string | null;
	/** ISO 8601, from the database clock. */
	claimedAt: string;
	updatedAt: string;
}

export type LedgerClaimVerdict =
	| { claimed: true }
	/** The reference is in the ledger already: the earlier row says who paid it and how. */
	| { claimed: false; reason: 'duplicate'; earlier: LedgerRow }
	/** The claim would take the period's total above a limit: not recorded. */
	| {
			claimed: false;
			reason: 'limit';
			currency: string;
			/** The total that counts so far in the period (before this claim). */
			total: string;
			limit: LedgerLimit;
	  };

/** What the Create pipeline learnt about a claimed reference. */
export interface LedgerOutcome {
	status: 'sent' | 'unknown' | 'duplicate';
	payoutId?: string | null;
	providerStatus?: string | null;
}

export interface PayoutLedger {
	/**
	 * Claims the references in one transaction, in the given order, one verdict per claim. A
	 * reference already in the namespace (any workflow, provider or account) is a duplicate; a
	 * claim over a limit is refused and not recorded. Limits are exact across workers. A reference
	 * repeated within one call: its first claim decides, a repeat is a duplicate of the row that
	 * claim recorded (or refused like it). Rejects with a PayoutFailure; after a rejection some
	 * references may still be recorded as claimed by this execution (a commit whose reply was
	 * lost): release them.
	 */
	claim(claims: LedgerClaim[], limits: LedgerLimit[]): Promise<LedgerClaimVerdict[]>;
	/**
	 * Writes the outcome of a claim this execution made. Only forward: claimed → unknown, and
	 * claimed or unknown → sent or duplicate; otherwise nothing changes.
	 */
	settle(namespace: LedgerNamespace, referenceKey: string, outcome: LedgerOutcome): Promise<void>;
	/**
	 * Definitely not sent: deletes the rows, only those still `claimed` by `executionId` (never
	 * someone else's row, never one with an outcome).
	 */
	release(namespace: LedgerNamespace, referenceKeys: string[], executionId: string): Promise<void>;
	/** The rows of these references (read only: Dry Run, Find by Reference). */
	find(namespace: LedgerNamespace, referenceKeys: string[]): Promise<Map<string, LedgerRow>>;
	/**
	 * What counts against each limit now (read only: Dry Run). Keyed by currency (the first limit
	 * given for a currency, when several are).
	 */
	totals(limits: LedgerLimit[]): Promise<Map<string, string>>;
	/**
	 * A status callback (the trigger): moves the row with this provider payout id on. Returns
	 * whether a row was found (false also when the create's outcome has not been settled yet, so
	 * the row has no payout id). Never moves a row back: completed and failed are final (a late
	 * callback only fills in a missing tx hash); a claimed or unknown row becomes sent; a
	 * duplicate row stays duplicate.
	 */
	recordStatus(update: {
		provider: string;
		payoutId: string;
		status: 'pending' | 'processing' | 'completed' | 'failed';
		providerStatus: string;
		txHash: string | null;
	}): Promise<boolean>;
	/**
	 * Rows whose payout may or may not exist, oldest first: claims with no outcome older than
	 * `olderThanMs` (in doubt), and every `unknown` row. Never paid again automatically.
	 */
	listInDoubt(namespace: LedgerNamespace, olderThanMs: number): Promise<LedgerRow[]>;
	/**
	 * An operator's resolution of an in-doubt / unknown row (Resolve In-Doubt). Only forward (as
	 * settle, plus sent → completed or failed); rejects with LEDGER_ROW_NOT_FOUND or
	 * LEDGER_RESOLVE_REFUSED (the message says the row's status).
	 */
	resolve(
		namespace: LedgerNamespace,
		referenceKey: string,
		outcome: { status: LedgerStatus; payoutId: string | null; providerStatus: string | null },
	): Promise<void>;
	/** Release Reference: deletes the row whatever its state. Returns the row deleted, if any. */
	remove(namespace: LedgerNamespace, referenceKey: string): Promise<LedgerRow | undefined>;
}

/** Where the ledger is: read from the provider credential's ledger fields. */
export interface LedgerConfig {
	/** postgres://user:password@host:port/database?sslmode=… */
	url: string;
	/** The schema the ledger's tables live in (created if missing). */
	schema: string;
}

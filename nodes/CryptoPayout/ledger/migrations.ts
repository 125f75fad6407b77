/**
 * The ledger's schema, as numbered migrations. Each runs once per database and schema, inside the
 * migration transaction of ledger/postgres.ts (under an advisory lock, so two workers starting at
 * once apply it once). A migration is never edited after release: a change is a new one.
 *
 * Column names are plain snake_case so operators can query the table from BI tools; amounts are
 * NUMERIC (exact), times come from the database clock (timestamptz).
 */
export interface Migration {
	version: number;
	description: string;
	/** The statements, given the quoted schema name. */
	statements(schema: string): string[];
}

/** Statuses that count against a daily limit: the money is out, or may be. */
export const COUNTED_STATUSES = ['claimed', 'sent', 'unknown', 'completed'] as const;

const COLUMN_COMMENTS: Record<string, string> = {
	namespace: 'live for real provider hosts, test for the sandbox gateway (loopback hosts)',
	reference_key: 'The reference as compared: trimmed and upper-cased. Unique per namespace.',
	reference: 'The reference as the sheet wrote it',
	provider: 'Provider id, e.g. oxapay, cregis',
	account: 'The paying account without its secret (host and key fingerprint or project id)',
	workflow_id: 'n8n workflow id',
	execution_id: 'n8n execution id that claimed the reference',
	currency: 'Asset symbol, upper case, e.g. USDT',
	network: 'Network id, e.g. tron',
	amount: 'Exact amount in currency units',
	address: 'Destination address',
	status:
		'claimed (sending, or in doubt once old), sent, unknown (may have been sent), duplicate (the provider already had the reference), completed, failed',
	payout_id: "The provider's payout id, once known",
	provider_status: "The provider's own status text, from the create reply or a status callback",
	tx_hash: 'On-chain transaction hash, from a status callback',
	claimed_at: 'When the reference was claimed (database clock)',
	updated_at: 'Last change of the row (database clock)',
};

export const MIGRATIONS: Migration[] = [
	{
		version: 1,
		description: 'payouts: one row per reference and namespace',
		statements: (schema) => [
			`CREATE TABLE ${schema}.payouts (
				id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
				namespace text NOT NULL CHECK (namespace IN ('live', 'test')),
				reference_key text NOT NULL CHECK (reference_key <> ''),
				reference text NOT NULL,
				provider text NOT NULL,
				account text NOT NULL,
				workflow_id text NOT NULL,
				execution_id text NOT NULL,
				currency text NOT NULL,
				network text NOT NULL,
				amount numeric NOT NULL CHECK (amount > 0),
				address text NOT NULL,
				status text NOT NULL CHECK (status IN ('claimed', 'sent', 'unknown', 'duplicate', 'completed', 'failed')),
				payout_id text,
				provider_status text,
				tx_hash text,
				claimed_at timestamptz NOT NULL DEFAULT now(),
				updated_at timestamptz NOT NULL DEFAULT now(),
				CONSTRAINT payouts_namespace_reference_key_key UNIQUE (namespace, reference_key)
			)`,
			`CREATE INDEX payouts_provider_payout_id_idx ON ${schema}.payouts (provider, payout_id) WHERE payout_id IS NOT NULL`,
			`CREATE INDEX payouts_limit_window_idx ON ${schema}.payouts (workflow_id, currency, claimed_at) INCLUDE (amount, status)`,
			`CREATE INDEX payouts_status_idx ON ${schema}.payouts (status, claimed_at)`,
			`COMMENT ON TABLE ${schema}.payouts IS 'Payout ledger of n8n-nodes-crypto-payout: one row per reference a payout was attempted for. Written by the Crypto Payout node and trigger; a row is removed only when its payout was certainly not sent, or by Release Reference.'`,
			...Object.entries(COLUMN_COMMENTS).map(
				([column, comment]) =>
					`COMMENT ON COLUMN ${schema}.payouts.${column} IS '${comment.replace(/'/g, "''")}'`,
			),
		],
	},
];

export const LATEST_VERSION = Math.max(...MIGRATIONS.map((migration) => migration.version));

/**
 * The ledger's SQL, given the quoted schema name, and the mapping of a result row to a LedgerRow.
 * Values always travel as parameters; the schema name is the only text put into a statement, and
 * it is a checked identifier (ledger/connection.ts).
 */
import { COUNTED_STATUSES } from './migrations';
import type { LedgerNamespace, LedgerRow, LedgerStatus } from './types';

/** The ISO 8601 text of a timestamptz column, in UTC, to the microsecond. */
const iso = (column: string) =>
	`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const ROW_COLUMNS = `namespace, reference_key, reference, provider, account, workflow_id, execution_id,
	currency, network, amount::text AS amount, address, status, payout_id, provider_status, tx_hash,
	${iso('claimed_at')} AS claimed_at, ${iso('updated_at')} AS updated_at`;

const COUNTED = COUNTED_STATUSES.map((status) => `'${status}'`).join(', ');

/** The first moment of a limit's period, by the database clock. */
const PERIOD_START = `CASE WHEN l.period = 'calendarDay'
	THEN date_trunc('day', now() AT TIME ZONE l.time_zone) AT TIME ZONE l.time_zone
	ELSE now() - interval '24 hours' END`;

/** The claim columns, in the order of the arrays claim() passes ($1 … $11). */
export const CLAIM_COLUMNS = [
	'namespace',
	'reference_key',
	'reference',
	'provider',
	'account',
	'workflow_id',
	'execution_id',
	'currency',
	'network',
	'amount',
	'address',
] as const;

export function ledgerQueries(schema: string) {
	const payouts = `${schema}.payouts`;
	return {
		/**
		 * Takes the transaction-scoped advisory locks, in the given (sorted) order. They are
		 * released by COMMIT or ROLLBACK, also when the connection dies.
		 */
		lock: `SELECT count(pg_advisory_xact_lock(k.key)) FROM (
				SELECT key FROM unnest($1::bigint[]) WITH ORDINALITY AS u(key, n) ORDER BY n
			) AS k`,

		/** What counts against each limit now ($1 workflow ids, $2 currencies, $3 periods, $4 zones). */
		totals: `SELECT l.n, coalesce((
				SELECT sum(p.amount) FROM ${payouts} AS p
				WHERE p.workflow_id = l.workflow_id AND p.currency = l.currency
					AND p.status IN (${COUNTED}) AND p.claimed_at >= ${PERIOD_START}
			), 0)::text AS total
			FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
				WITH ORDINALITY AS l(workflow_id, currency, period, time_zone, n)
			ORDER BY l.n`,

		/**
		 * Records the claims that are new, in the order given (sorted by namespace and key, so two
		 * transactions inserting overlapping keys wait on each other in the same order and cannot
		 * deadlock). A key that exists, or that another transaction is inserting, is skipped: ON
		 * CONFLICT waits for that transaction and skips the key if it commits.
		 */
		insert: `INSERT INTO ${payouts} (${CLAIM_COLUMNS.join(', ')}, status)
			SELECT ${CLAIM_COLUMNS.map((column) => (column === 'amount' ? 'c.amount::numeric' : `c.${column}`)).join(', ')}, 'claimed'
			FROM unnest(${CLAIM_COLUMNS.map((_, index) => `$${index + 1}::text[]`).join(', ')})
				WITH ORDINALITY AS c(${CLAIM_COLUMNS.join(', ')}, n)
			ORDER BY c.n
			ON CONFLICT (namespace, reference_key) DO NOTHING
			RETURNING ${ROW_COLUMNS}`,

		/** Rows by (namespace, key) pairs ($1 namespaces, $2 keys). */
		findPairs: `SELECT ${ROW_COLUMNS} FROM ${payouts}
			WHERE (namespace, reference_key) IN (
				SELECT * FROM unnest($1::text[], $2::text[])
			)`,

		/** Deletes rows this transaction inserted and then refused ($1 namespaces, $2 keys). */
		deletePairs: `DELETE FROM ${payouts}
			WHERE (namespace, reference_key) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,

		find: `SELECT ${ROW_COLUMNS} FROM ${payouts}
			WHERE namespace = $1 AND reference_key = ANY($2::text[])`,

		/** $1 namespace, $2 key, $3 status, $4 payout id, $5 provider status, $6 statuses it may leave. */
		settle: `UPDATE ${payouts}
			SET status = $3, payout_id = coalesce($4, payout_id),
				provider_status = coalesce($5, provider_status), updated_at = now()
			WHERE namespace = $1 AND reference_key = $2 AND status = ANY($6::text[])
			RETURNING ${ROW_COLUMNS}`,

		release: `DELETE FROM ${payouts}
			WHERE namespace = $1 AND reference_key = ANY($2::text[]) AND execution_id = $3
				AND status = 'claimed'`,

		remove: `DELETE FROM ${payouts} WHERE namespace = $1 AND reference_key = $2
			RETURNING ${ROW_COLUMNS}`,

		/**
		 * A status callback ($1 provider, $2 payout id, $3 completed/failed/other, $4 provider
		 * status, $5 tx hash). Final rows (completed, failed) keep their status and only gain a tx
		 * hash they lacked; a duplicate row stays duplicate (nothing was sent by this ledger's
		 * claim, so it never starts counting against a limit); a claimed or unknown row the provider
		 * reports on was sent. The expressions read the row as UPDATE finds it after waiting for
		 * any concurrent update of it, so two callbacks at once cannot move it backwards.
		 */
		recordStatus: (() => {
			const final = `status IN ('completed', 'failed')`;
			const newStatus = `CASE WHEN status IN ('completed', 'failed', 'duplicate') THEN status
				WHEN $3::text IN ('completed', 'failed') THEN $3::text
				WHEN status IN ('claimed', 'unknown') THEN 'sent'
				ELSE status END`;
			const newProviderStatus = `CASE WHEN ${final} THEN coalesce(provider_status, $4) ELSE $4 END`;
			const newTxHash = `CASE WHEN ${final} THEN coalesce(tx_hash, $5) ELSE coalesce($5, tx_hash) END`;
			return `UPDATE ${payouts}
				SET status = ${newStatus}, provider_status = ${newProviderStatus}, tx_hash = ${newTxHash},
					updated_at = CASE
						WHEN (${newStatus}, ${newProviderStatus}, ${newTxHash})
							IS DISTINCT FROM (status, provider_status, tx_hash) THEN now()
						ELSE updated_at END
				WHERE provider = $1 AND payout_id = $2
				RETURNING id`;
		})(),

		/** Claimed rows older than $2 ms, and unknown rows: payouts that may or may not exist. */
		inDoubt: `SELECT ${ROW_COLUMNS} FROM ${payouts}
			WHERE namespace = $1 AND (
				(status = 'claimed' AND claimed_at < now() - $2::bigint * interval '1 millisecond')
				OR status = 'unknown'
			)
			ORDER BY claimed_at, reference_key`,
	};
}

export type LedgerQueries = ReturnType<typeof ledgerQueries>;

export interface ResultRow {
	namespace: string;
	reference_key: string;
	reference: string;
	provider: string;
	account: string;
	workflow_id: string;
	execution_id: string;
	currency: string;
	network: string;
	amount: string;
	address: string;
	status: string;
	payout_id: string | null;
	provider_status: string | null;
	tx_hash: string | null;
	claimed_at: string;
	updated_at: string;
}

export function toLedgerRow(row: ResultRow): LedgerRow {
	return {
		namespace: row.namespace as LedgerNamespace,
		referenceKey: row.reference_key,
		reference: row.reference,
		provider: row.provider,
		account: row.account,
		workflowId: row.workflow_id,
		executionId: row.execution_id,
		currency: row.currency,
		network: row.network,
		amount: row.amount,
		address: row.address,
		status: row.status as LedgerStatus,
		payoutId: row.payout_id,
		providerStatus: row.provider_status,
		txHash: row.tx_hash,
		claimedAt: row.claimed_at,
		updatedAt: row.updated_at,
	};
}

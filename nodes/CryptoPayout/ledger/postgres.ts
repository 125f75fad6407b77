/**
 * The payout ledger on PostgreSQL (the contract: ledger/types.ts). The package's only module that
 * imports `pg`.
 *
 * - One pool per (URL, schema) per process, shared by every execution; the schema is migrated
 *   once per process (and again if its tables disappear).
 * - A claim is one transaction: the (workflow, currency) advisory locks, the limit totals read
 *   under them, one INSERT … ON CONFLICT DO NOTHING RETURNING for the chunk, then the refusals
 *   removed again. Duplicates are decided by the unique key alone, with no timing assumption;
 *   limits are exact because every claim of a (workflow, currency) holds its lock from before it
 *   reads the totals until it commits.
 * - Every error leaves as a PayoutFailure built by ledger/errors.ts, never as the driver's error.
 */
import { createHash } from 'crypto';
// The one exception to n8n's community-node import rule (see eslint.config.mjs): the ledger needs
// a PostgreSQL driver, and `pg` is the package's single runtime dependency.
import { Pool, type PoolClient, type QueryResult, type QueryResultRow } from 'pg';

import { PayoutFailure } from '../shared/errors';
import {
	DEFAULT_LEDGER_SCHEMA,
	ledgerSchemaName,
	parseLedgerUrl,
	quoteIdentifier,
	type LedgerConnection,
} from './connection';
import { isMissingTable, isRetryableConflict, ledgerFailure } from './errors';
import {
	checkNamespace,
	normalizeClaim,
	normalizeLimit,
	referenceKeyOf,
	statusesBefore,
} from './inputs';
import { decideLimits } from './limits';
import { LATEST_VERSION, MIGRATIONS } from './migrations';
import {
	CLAIM_COLUMNS,
	ledgerQueries,
	toLedgerRow,
	type LedgerQueries,
	type ResultRow,
} from './queries';
import type {
	LedgerClaim,
	LedgerClaimVerdict,
	LedgerConfig,
	LedgerLimit,
	LedgerNamespace,
	LedgerOutcome,
	LedgerRow,
	LedgerStatus,
	PayoutLedger,
} from './types';

/** Connections per process and ledger: claims are short transactions. */
const POOL_SIZE = 5;
const CONNECT_TIMEOUT_MS = 10_000;
/** Server-side bound on every statement, lock waits included. */
const STATEMENT_TIMEOUT_MS = 30_000;
const IDLE_TIMEOUT_MS = 30_000;
/** A deadlock or serialization failure rolls the transaction back whole: run it again. */
const TRANSACTION_ATTEMPTS = 3;
/** Rounds of "the conflicting row was deleted before we could read it": claim those keys again. */
const CLAIM_ROUNDS = 5;

interface LedgerSettings {
	connection: LedgerConnection;
	schema: string;
}

function settingsOf(config: LedgerConfig): LedgerSettings {
	return {
		connection: parseLedgerUrl(config.url),
		schema: ledgerSchemaName(config.schema, DEFAULT_LEDGER_SCHEMA),
	};
}

/** A 64-bit advisory lock key for a name; a collision only makes two locks one. */
function lockKey(name: string): string {
	return createHash('sha256').update(name).digest().readBigInt64BE(0).toString();
}

function newPool({ connection }: LedgerSettings): Pool {
	const pool = new Pool({
		host: connection.host,
		port: connection.port,
		user: connection.user,
		database: connection.database,
		// A function, so that an empty password never falls back to PGPASSWORD or ~/.pgpass.
		password: () => connection.password,
		ssl:
			connection.ssl === 'disable'
				? false
				: { rejectUnauthorized: connection.ssl === 'verify-full' },
		max: POOL_SIZE,
		idleTimeoutMillis: IDLE_TIMEOUT_MS,
		connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
		allowExitOnIdle: true,
		keepAlive: true,
		application_name: 'n8n-nodes-crypto-payout',
		statement_timeout: STATEMENT_TIMEOUT_MS,
		idle_in_transaction_session_timeout: STATEMENT_TIMEOUT_MS * 2,
	});
	// An idle connection that breaks (server restart) is dropped by the pool; without a listener
	// the 'error' event would end the n8n process. The next query opens a new connection.
	pool.on('error', () => undefined);
	return pool;
}

interface SharedLedger {
	pool: Pool;
	ledger: PostgresLedger;
	/** The migration of this process, once started; cleared when it failed or tables vanished. */
	ready?: Promise<void>;
	/** Whether it was ever ready: executions may hold its ledger, so its pool stays. */
	wasReady: boolean;
}

const shared = new Map<string, SharedLedger>();

function sharedKey(config: LedgerConfig, schema: string): string {
	return createHash('sha256').update(`${config.url}\n${schema}`).digest('hex');
}

/**
 * The ledger at `config`: one pool per (URL, schema) per process, migrated once. Rejects with a
 * PayoutFailure (never the driver's error) when the URL is invalid, the database cannot be
 * reached or the schema cannot be created.
 */
export async function openLedger(config: LedgerConfig): Promise<PayoutLedger> {
	const settings = settingsOf(config);
	const key = sharedKey(config, settings.schema);
	let entry = shared.get(key);
	if (!entry) {
		const pool = newPool(settings);
		const created: SharedLedger = {
			pool,
			ledger: new PostgresLedger(pool, settings, () => {
				created.ready = undefined;
			}),
			wasReady: false,
		};
		entry = created;
		shared.set(key, entry);
	}
	const current = entry;
	if (!current.ready) {
		current.ready = migrate(current.pool, settings).then(
			() => {
				current.wasReady = true;
			},
			async (error: unknown) => {
				current.ready = undefined;
				// A URL that never worked (a typo, a wrong password) keeps no pool behind.
				if (!current.wasReady && shared.get(key) === current) {
					shared.delete(key);
					await current.pool.end().catch(() => undefined);
				}
				return Promise.reject(
					ledgerFailure(error, settings.connection, 'preparing the ledger tables'),
				);
			},
		);
	}
	await current.ready;
	return current.ledger;
}

/**
 * A ledger with a pool of its own, not shared with openLedger's (tests and benchmarks: several
 * "workers" in one process). Close it when done.
 */
export async function openUnsharedLedger(
	config: LedgerConfig,
): Promise<{ ledger: PayoutLedger; close(): Promise<void> }> {
	const settings = settingsOf(config);
	const pool = newPool(settings);
	const close = () => pool.end();
	const failure = await migrate(pool, settings).then(
		() => undefined,
		(error: unknown) => ledgerFailure(error, settings.connection, 'preparing the ledger tables'),
	);
	if (failure) {
		await close();
		throw failure;
	}
	return { ledger: new PostgresLedger(pool, settings, () => undefined), close };
}

/** Ends every shared pool (tests; n8n itself never needs it: idle pools let the process exit). */
export async function closeSharedLedgers(): Promise<void> {
	const entries = [...shared.values()];
	shared.clear();
	await Promise.all(entries.map((entry) => entry.pool.end()));
}

/**
 * Creates the schema and applies the missing migrations. A process whose schema is already at the
 * latest version reads one row and takes no lock. Otherwise everything happens in one transaction
 * under an advisory lock on the schema's name: two workers starting at once apply each migration
 * once (the second finds it applied), and a crash rolls the whole step back.
 */
async function migrate(pool: Pool, { schema }: LedgerSettings): Promise<void> {
	const quoted = quoteIdentifier(schema);
	const table = `${quoted}.ledger_migrations`;
	const client = await pool.connect();
	const done = async () => {
		const exists = await client.query<{ found: boolean }>(
			'SELECT to_regclass($1) IS NOT NULL AS found',
			[table],
		);
		if (!exists.rows[0]?.found) return false;
		const version = await client.query<{ version: number | null }>(
			`SELECT max(version) AS version FROM ${table}`,
		);
		return (version.rows[0]?.version ?? 0) >= LATEST_VERSION;
	};
	const work = async () => {
		if (await done()) return;
		await client.query('BEGIN');
		await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [
			lockKey(`crypto-payout:migrate:${schema}`),
		]);
		const schemaExists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [
			schema,
		]);
		// Only when missing: CREATE SCHEMA needs CREATE on the database even with IF NOT EXISTS,
		// and a DBA may have created the schema for a user that lacks it.
		if (schemaExists.rowCount === 0) await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoted}`);
		await client.query(`CREATE TABLE IF NOT EXISTS ${table} (
			version integer PRIMARY KEY,
			description text NOT NULL,
			applied_at timestamptz NOT NULL DEFAULT now()
		)`);
		const applied = await client.query<{ version: number }>(`SELECT version FROM ${table}`);
		const have = new Set(applied.rows.map((row) => row.version));
		for (const migration of MIGRATIONS) {
			if (have.has(migration.version)) continue;
			for (const statement of migration.statements(quoted)) await client.query(statement);
			await client.query(`INSERT INTO ${table} (version, description) VALUES ($1, $2)`, [
				migration.version,
				migration.description,
			]);
		}
		await client.query('COMMIT');
	};
	await work().then(
		() => client.release(),
		(error: unknown) => rollBack(client).then(() => Promise.reject(error)),
	);
}

/** Rolls back and returns the connection; a connection that cannot roll back is discarded. */
async function rollBack(client: PoolClient): Promise<void> {
	await client.query('ROLLBACK').then(
		() => client.release(),
		(error: unknown) => client.release(error instanceof Error ? error : true),
	);
}

/** Runs one statement: on a transaction's connection, or on any connection of the pool. */
type Run = <Row extends QueryResultRow>(
	text: string,
	values: unknown[],
) => Promise<QueryResult<Row>>;

const pairId = (namespace: string, referenceKey: string) => `${namespace}\u0000${referenceKey}`;

class PostgresLedger implements PayoutLedger {
	private readonly sql: LedgerQueries;

	constructor(
		private readonly pool: Pool,
		private readonly settings: LedgerSettings,
		private readonly onTablesMissing: () => void,
	) {
		this.sql = ledgerQueries(quoteIdentifier(settings.schema));
	}

	async claim(claims: LedgerClaim[], limits: LedgerLimit[]): Promise<LedgerClaimVerdict[]> {
		if (claims.length === 0) return [];
		const wanted = claims.map(normalizeClaim);
		const checkedLimits = limits.map(normalizeLimit);
		return this.transaction('claiming references', (client) =>
			this.claimIn(client, wanted, checkedLimits, limits),
		);
	}

	private async claimIn(
		client: PoolClient,
		claims: LedgerClaim[],
		limits: LedgerLimit[],
		callerLimits: LedgerLimit[],
	): Promise<LedgerClaimVerdict[]> {
		const schema = this.settings.schema;
		// 1. Every (workflow, currency) of the chunk, locked in one global order.
		const lockKeys = [
			...new Set(
				claims.map((claim) =>
					lockKey(`crypto-payout:limit:${schema}:${claim.workflowId}:${claim.currency}`),
				),
			),
		].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0));
		await client.query(this.sql.lock, [lockKeys]);

		// 2. The limit totals, read under the locks (a fresh snapshot: every earlier claim of these
		// workflows and currencies has committed).
		const totals =
			limits.length === 0
				? []
				: await this.readTotals((text, values) => client.query(text, values), limits);

		// 3. The first claim of each reference, recorded where the reference is new.
		const firstOf = new Map<string, number>();
		claims.forEach((claim, index) => {
			const id = pairId(claim.namespace, claim.referenceKey);
			if (!firstOf.has(id)) firstOf.set(id, index);
		});
		const { inserted, earlier } = await this.insertNew(client, claims, [...firstOf.values()]);

		// 4. Limits, in claim order, over the references recorded now.
		const candidates = [...firstOf.values()].filter((index) =>
			inserted.has(pairId(claims[index].namespace, claims[index].referenceKey)),
		);
		const refusals = decideLimits(claims, candidates, limits, totals);
		if (refusals.size > 0) {
			const refused = [...refusals.keys()].map((index) => claims[index]);
			await client.query(this.sql.deletePairs, [
				refused.map((claim) => claim.namespace),
				refused.map((claim) => claim.referenceKey),
			]);
		}

		// 5. One verdict per claim; a repeated reference shares the verdict of its first claim.
		return claims.map((claim, index): LedgerClaimVerdict => {
			const id = pairId(claim.namespace, claim.referenceKey);
			const first = firstOf.get(id) ?? index;
			const refusal = refusals.get(first);
			if (refusal) {
				return {
					claimed: false,
					reason: 'limit',
					currency: claim.currency,
					total: refusal.total,
					limit: callerLimits[refusal.limitIndex],
				};
			}
			const row = earlier.get(id) ?? inserted.get(id);
			if (first === index && inserted.has(id)) return { claimed: true };
			if (!row) throw new PayoutFailure('LEDGER_ERROR', 'Payout ledger: a claimed row vanished.');
			return { claimed: false, reason: 'duplicate', earlier: row };
		});
	}

	private async readTotals(run: Run, limits: LedgerLimit[]): Promise<string[]> {
		const result = await run<{ total: string }>(this.sql.totals, [
			limits.map((limit) => limit.workflowId),
			limits.map((limit) => limit.currency),
			limits.map((limit) => limit.period),
			limits.map((limit) => limit.timeZone),
		]);
		return result.rows.map((row) => row.total);
	}

	/**
	 * INSERT … ON CONFLICT DO NOTHING for the given claims. A skipped key's row is read in the next
	 * statement (a fresh snapshot sees the row the conflict was with: ON CONFLICT waits for its
	 * transaction and only skips a committed row). If that row was deleted in between (released
	 * or removed), the key is claimed again.
	 */
	private async insertNew(client: PoolClient, claims: LedgerClaim[], indices: number[]) {
		const inserted = new Map<string, LedgerRow>();
		const earlier = new Map<string, LedgerRow>();
		let pending = [...indices].sort((a, b) => {
			const left = pairId(claims[a].namespace, claims[a].referenceKey);
			const right = pairId(claims[b].namespace, claims[b].referenceKey);
			return left < right ? -1 : left > right ? 1 : 0;
		});
		for (let round = 0; pending.length > 0; round++) {
			if (round === CLAIM_ROUNDS) {
				throw new PayoutFailure(
					'LEDGER_BUSY',
					'Payout ledger: references were claimed and released again repeatedly while this run claimed them.',
					{ kind: 'configuration', description: 'Run the items again.' },
				);
			}
			const batch = pending.map((index) => claims[index]);
			const result = await client.query<ResultRow>(
				this.sql.insert,
				CLAIM_COLUMNS.map((_, column) => batch.map((claim) => claimValues(claim)[column])),
			);
			for (const row of result.rows) {
				inserted.set(pairId(row.namespace, row.reference_key), toLedgerRow(row));
			}
			const skipped = batch.filter(
				(claim) => !inserted.has(pairId(claim.namespace, claim.referenceKey)),
			);
			if (skipped.length === 0) break;
			const found = await client.query<ResultRow>(this.sql.findPairs, [
				skipped.map((claim) => claim.namespace),
				skipped.map((claim) => claim.referenceKey),
			]);
			for (const row of found.rows) {
				earlier.set(pairId(row.namespace, row.reference_key), toLedgerRow(row));
			}
			pending = pending.filter((index) => {
				const id = pairId(claims[index].namespace, claims[index].referenceKey);
				return !inserted.has(id) && !earlier.has(id);
			});
		}
		return { inserted, earlier };
	}

	async settle(
		namespace: LedgerNamespace,
		referenceKey: string,
		outcome: LedgerOutcome,
	): Promise<void> {
		await this.query('writing a payout outcome', this.sql.settle, [
			checkNamespace(namespace),
			referenceKeyOf(referenceKey),
			outcome.status,
			outcome.payoutId ?? null,
			outcome.providerStatus ?? null,
			statusesBefore(outcome.status),
		]);
	}

	async release(
		namespace: LedgerNamespace,
		referenceKeys: string[],
		executionId: string,
	): Promise<void> {
		if (referenceKeys.length === 0) return;
		await this.query('releasing unsent references', this.sql.release, [
			checkNamespace(namespace),
			referenceKeys.map(referenceKeyOf),
			executionId,
		]);
	}

	async find(namespace: LedgerNamespace, referenceKeys: string[]): Promise<Map<string, LedgerRow>> {
		const found = new Map<string, LedgerRow>();
		if (referenceKeys.length === 0) return found;
		const result = await this.query<ResultRow>('reading the ledger', this.sql.find, [
			checkNamespace(namespace),
			referenceKeys.map(referenceKeyOf),
		]);
		for (const row of result.rows) found.set(row.reference_key, toLedgerRow(row));
		return found;
	}

	async totals(limits: LedgerLimit[]): Promise<Map<string, string>> {
		const checked = limits.map(normalizeLimit);
		const totals = new Map<string, string>();
		if (checked.length === 0) return totals;
		const values = await this.readTotals(
			(text, values) => this.query('reading limit totals', text, values),
			checked,
		);
		checked.forEach((limit, index) => {
			if (!totals.has(limit.currency)) totals.set(limit.currency, values[index]);
		});
		return totals;
	}

	async recordStatus(update: {
		provider: string;
		payoutId: string;
		status: 'pending' | 'processing' | 'completed' | 'failed';
		providerStatus: string;
		txHash: string | null;
	}): Promise<boolean> {
		const result = await this.query('recording a payout status', this.sql.recordStatus, [
			update.provider,
			update.payoutId,
			update.status,
			update.providerStatus,
			update.txHash,
		]);
		return (result.rowCount ?? 0) > 0;
	}

	async listInDoubt(namespace: LedgerNamespace, olderThanMs: number): Promise<LedgerRow[]> {
		const age = Math.max(0, Math.floor(olderThanMs));
		const result = await this.query<ResultRow>('listing payouts in doubt', this.sql.inDoubt, [
			checkNamespace(namespace),
			String(age),
		]);
		return result.rows.map(toLedgerRow);
	}

	async resolve(
		namespace: LedgerNamespace,
		referenceKey: string,
		outcome: { status: LedgerStatus; payoutId: string | null; providerStatus: string | null },
	): Promise<void> {
		const key = referenceKeyOf(referenceKey);
		const from = statusesBefore(outcome.status);
		const result = await this.query<ResultRow>('resolving a payout', this.sql.settle, [
			checkNamespace(namespace),
			key,
			outcome.status,
			outcome.payoutId,
			outcome.providerStatus,
			from,
		]);
		if ((result.rowCount ?? 0) > 0) return;
		const current = (await this.find(namespace, [key])).get(key);
		if (!current) {
			throw new PayoutFailure(
				'LEDGER_ROW_NOT_FOUND',
				`Payout ledger: no row for reference ${key} in the ${namespace} namespace.`,
				{ kind: 'validation', field: 'reference' },
			);
		}
		throw new PayoutFailure(
			'LEDGER_RESOLVE_REFUSED',
			`Payout ledger: reference ${key} is ${current.status}; it cannot become ${outcome.status}.`,
			{
				kind: 'validation',
				field: 'reference',
				description:
					'A row only moves forward: claimed → unknown → sent or duplicate → completed or failed. Completed, failed and duplicate rows are final.',
			},
		);
	}

	async remove(namespace: LedgerNamespace, referenceKey: string): Promise<LedgerRow | undefined> {
		const result = await this.query<ResultRow>('removing a reference', this.sql.remove, [
			checkNamespace(namespace),
			referenceKeyOf(referenceKey),
		]);
		return result.rows[0] ? toLedgerRow(result.rows[0]) : undefined;
	}

	// --- plumbing ---

	private failure(error: unknown, doing: string): PayoutFailure {
		if (isMissingTable(error)) this.onTablesMissing();
		return ledgerFailure(error, this.settings.connection, doing);
	}

	private async connect(doing: string): Promise<PoolClient> {
		return this.pool
			.connect()
			.catch((error: unknown) => Promise.reject(this.failure(error, doing)));
	}

	private async query<Row extends QueryResultRow = QueryResultRow>(
		doing: string,
		text: string,
		values: unknown[],
	): Promise<QueryResult<Row>> {
		return this.pool
			.query<Row>(text, values)
			.catch((error: unknown) => Promise.reject(this.failure(error, doing)));
	}

	/** BEGIN … COMMIT on one connection; a deadlock or serialization failure is run again. */
	private async transaction<T>(
		doing: string,
		work: (client: PoolClient) => Promise<T>,
	): Promise<T> {
		for (let attempt = 1; ; attempt++) {
			const client = await this.connect(doing);
			const outcome = await client
				.query('BEGIN')
				.then(() => work(client))
				.then(async (result) => {
					await client.query('COMMIT');
					client.release();
					return { ok: true as const, result };
				})
				.catch(async (error: unknown) => {
					await rollBack(client);
					return { ok: false as const, error };
				});
			if (outcome.ok) return outcome.result;
			if (!isRetryableConflict(outcome.error) || attempt >= TRANSACTION_ATTEMPTS) {
				throw this.failure(outcome.error, doing);
			}
		}
	}
}

function claimValues(claim: LedgerClaim): string[] {
	return [
		claim.namespace,
		claim.referenceKey,
		claim.reference,
		claim.provider,
		claim.account,
		claim.workflowId,
		claim.executionId,
		claim.currency,
		claim.network,
		claim.amount,
		claim.address,
	];
}

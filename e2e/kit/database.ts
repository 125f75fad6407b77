/**
 * n8n's database, read from outside n8n: executions (with their saved run data) and the
 * processed-data store (packages/cli/src/deduplication), on SQLite (regular mode, sqlite.ts) or
 * Postgres (queue mode, through psql; below).
 */
import { createRequire } from 'node:module';
import path from 'node:path';

import type { Postgres } from './services';
import type { RunData } from './workflow-json';

export interface Execution {
	id: number;
	status: string;
	mode: string;
	/** ms since the epoch; undefined while not started. */
	startedAt?: number;
	stoppedAt?: number;
	/** With `withData`: the saved run's runData (flatted, parsed). */
	runData?: RunData;
	/** With `withData`: `resultData.error.message` of a failed run. */
	error?: string;
	/** With `withData`: `resultData.error.description` of a failed run. */
	errorDescription?: string;
}

export interface ExecutionQuery {
	/** Only executions with a larger id. */
	afterId?: number;
	/** Only executions started at or after this time (ms). */
	since?: number;
	/** Only finished executions whose data is saved. */
	finished?: boolean;
	/** Parse the saved run data too. */
	withData?: boolean;
}

/** One row of the processed-data store: scope `workflow` is context '', scope `node` `n:<node id>`. */
export interface ProcessedRow {
	context: string;
	/** TypeORM simple-json text: {"mode":"entries","data":[base64 md5, …]}. */
	value: string;
	createdAt: string;
	updatedAt: string;
	/** How the database stores `value` (SQLite typeof / Postgres pg_typeof). */
	storedAs: string;
}

export interface N8nDatabase {
	readonly kind: 'sqlite' | 'postgres';
	executions(workflowId: string, query?: ExecutionQuery): Promise<Execution[]>;
	/** The highest execution id so far (0 if none). */
	lastExecutionId(): Promise<number>;
	processedData(workflowId: string): Promise<ProcessedRow[]>;
}

export type Flatted = { parse: (text: string) => unknown };

/** n8n saves run data with `flatted`; this reads it with n8n's own copy. */
export function flattedOf(n8nDir: string): Flatted {
	return createRequire(path.join(n8nDir, 'node_modules', 'n8n', 'package.json'))(
		'flatted',
	) as Flatted;
}

export interface RawExecution {
	id: number | string;
	status: string;
	mode: string;
	startedAt: number | undefined;
	stoppedAt: number | undefined;
	data?: string | null;
}

export function withRunData(
	raw: RawExecution[],
	query: ExecutionQuery,
	flatted: () => Flatted,
): Execution[] {
	return raw
		.filter((row) => query.since === undefined || (row.startedAt ?? -1) >= query.since)
		.map((row) => {
			const execution: Execution = {
				id: Number(row.id),
				status: row.status,
				mode: row.mode,
				startedAt: row.startedAt,
				stoppedAt: row.stoppedAt,
			};
			if (query.withData) {
				execution.runData = {};
				try {
					const data = flatted().parse(row.data ?? '') as {
						resultData?: {
							runData?: RunData;
							error?: { message?: string; description?: string | null };
						};
					};
					execution.runData = data?.resultData?.runData ?? {};
					execution.error = data?.resultData?.error?.message;
					execution.errorDescription = data?.resultData?.error?.description ?? undefined;
				} catch {
					/* no data saved: keep empty */
				}
			}
			return execution;
		});
}

/** Finished: stopped, in a final status (its data is saved with it). */
export const finishedIn = (stoppedAt: string) =>
	`${stoppedAt} IS NOT NULL AND e.status NOT IN ('new', 'running', 'waiting')`;

export class PostgresDatabase implements N8nDatabase {
	readonly kind = 'postgres';

	constructor(
		private readonly postgres: Postgres,
		private readonly n8nDir: string,
	) {}

	private static literal(text: string): string {
		return `'${text.replace(/'/g, "''")}'`;
	}

	async executions(workflowId: string, query: ExecutionQuery = {}): Promise<Execution[]> {
		const ms = (column: string) => `(extract(epoch from e."${column}") * 1000)::bigint`;
		const conditions = [
			`e."workflowId" = ${PostgresDatabase.literal(workflowId)}`,
			`e.id > ${Number(query.afterId ?? 0)}`,
		];
		if (query.since !== undefined)
			conditions.push(`e."startedAt" >= to_timestamp(${query.since / 1000})`);
		if (query.finished) conditions.push(finishedIn('e."stoppedAt"'));
		const rows = await this.postgres.query(
			`SELECT e.id, e.status, e.mode, ${ms('startedAt')}, ${ms('stoppedAt')}${query.withData ? ', d.data' : ''}
			 FROM execution_entity e${query.withData ? ' LEFT JOIN execution_data d ON d."executionId" = e.id' : ''}
			 WHERE ${conditions.join(' AND ')} ORDER BY e.id`,
		);
		const raw = rows.map(([id, status, mode, startedAt, stoppedAt, data]) => ({
			id,
			status,
			mode,
			startedAt: startedAt ? Number(startedAt) : undefined,
			stoppedAt: stoppedAt ? Number(stoppedAt) : undefined,
			data,
		}));
		return withRunData(raw, query, () => flattedOf(this.n8nDir));
	}

	async lastExecutionId(): Promise<number> {
		const [[id]] = await this.postgres.query('SELECT COALESCE(MAX(id), 0) FROM execution_entity');
		return Number(id);
	}

	async processedData(workflowId: string): Promise<ProcessedRow[]> {
		const rows = await this.postgres.query(
			`SELECT context, value, "createdAt", "updatedAt", pg_typeof(value)::text FROM processed_data
			 WHERE "workflowId" = ${PostgresDatabase.literal(workflowId)} ORDER BY context`,
		);
		return rows.map(([context, value, createdAt, updatedAt, storedAs]) => ({
			context,
			value,
			createdAt,
			updatedAt,
			storedAs,
		}));
	}
}

/**
 * n8n's SQLite database (regular mode), read with node:sqlite (Node 22.5+: the runners run on the
 * Node 24 of scripts/lib/env.sh) from outside n8n (WAL makes reading while n8n runs safe), and written the way n8n's CLI would, for set-ups that must not pay a CLI
 * start per step (the bench): the processed-data seed and publishing.
 */
import { createHash } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';

import {
	finishedIn,
	flattedOf,
	withRunData,
	type Execution,
	type ExecutionQuery,
	type N8nDatabase,
	type ProcessedRow,
} from './database';

/** n8n's SQLite timestamp text ('YYYY-MM-DD HH:MM:SS.SSS', UTC) as ms. */
const sqliteTime = (text: string | null) =>
	text ? Date.parse(`${String(text).replace(' ', 'T')}Z`) : undefined;

export class SqliteDatabase implements N8nDatabase {
	readonly kind = 'sqlite';

	constructor(
		/** The database file, <user folder>/.n8n/database.sqlite. */
		readonly file: string,
		private readonly n8nDir: string,
	) {}

	/** Opens the file; the caller closes it. */
	open(readOnly = true): DatabaseSync {
		const { DatabaseSync } = require('node:sqlite') as typeof import('node:sqlite');
		return new DatabaseSync(this.file, { readOnly });
	}

	private read<T>(work: (db: DatabaseSync) => T, readOnly = true): T {
		const db = this.open(readOnly);
		try {
			return work(db);
		} finally {
			db.close();
		}
	}

	async executions(workflowId: string, query: ExecutionQuery = {}): Promise<Execution[]> {
		const rows = this.read(
			(db) =>
				db
					.prepare(
						`SELECT e.id AS id, e.status AS status, e.mode AS mode, e.startedAt AS startedAt,
						   e.stoppedAt AS stoppedAt${query.withData ? ', d.data AS data' : ''}
						 FROM execution_entity e ${query.withData ? 'LEFT JOIN execution_data d ON d.executionId = e.id' : ''}
						 WHERE e.workflowId = ? AND e.id > ?${query.since !== undefined ? ' AND e.startedAt IS NOT NULL' : ''}
						   ${query.finished ? `AND ${finishedIn('e.stoppedAt')}${query.withData ? ' AND d.data IS NOT NULL' : ''}` : ''}
						 ORDER BY e.id`,
					)
					.all(workflowId, query.afterId ?? 0) as Array<{
					id: number;
					status: string;
					mode: string;
					startedAt: string | null;
					stoppedAt: string | null;
					data?: string | null;
				}>,
		);
		const raw = rows.map((row) => ({
			...row,
			startedAt: sqliteTime(row.startedAt),
			stoppedAt: sqliteTime(row.stoppedAt),
		}));
		return withRunData(raw, query, () => flattedOf(this.n8nDir));
	}

	async lastExecutionId(): Promise<number> {
		return this.read((db) =>
			Number(
				(
					db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM execution_entity').get() as {
						id: number;
					}
				).id,
			),
		);
	}

	async processedData(workflowId: string): Promise<ProcessedRow[]> {
		return this.read(
			(db) =>
				db
					.prepare(
						`SELECT context, value, createdAt, updatedAt, typeof(value) AS storedAs
						 FROM processed_data WHERE workflowId = ? ORDER BY context`,
					)
					.all(workflowId) as unknown as ProcessedRow[],
		);
	}

	/** Columns of a table, to check that a direct write matches the schema n8n's migrations made. */
	tableColumns(table: string): string[] {
		return this.read((db) =>
			(db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map(
				(column) => column.name,
			),
		);
	}

	/**
	 * Writes the workflow-scope row `checkProcessedAndRecord(items, 'workflow', …, { mode: 'entries' })`
	 * keeps: primary key (workflowId, context ''), `value` = JSON.stringify({ mode: 'entries', data })
	 * in a TEXT column (TypeORM simple-json). Only while n8n is stopped.
	 */
	seedProcessedData(workflowId: string, entries: string[]): void {
		const now = sqliteTimestamp();
		this.read((db) => {
			db.prepare('DELETE FROM processed_data WHERE workflowId = ? AND context = ?').run(
				workflowId,
				'',
			);
			db.prepare(
				'INSERT INTO processed_data (workflowId, context, value, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?)',
			).run(workflowId, '', JSON.stringify({ mode: 'entries', data: entries }), now, now);
		}, false);
	}

	/**
	 * The entries of one processed-data row (context '' = scope workflow, `n:<node id>` = scope
	 * node); undefined when there is none.
	 */
	processedEntries(workflowId: string, context: string): string[] | undefined {
		const row = this.read(
			(db) =>
				db
					.prepare('SELECT value FROM processed_data WHERE workflowId = ? AND context = ?')
					.get(workflowId, context) as { value: string } | undefined,
		);
		if (!row) return undefined;
		return (JSON.parse(row.value) as { data: string[] }).data;
	}

	/**
	 * Replaces the entries of an existing processed-data row (same value format as
	 * seedProcessedData). n8n reads the row anew on each call, so a running n8n sees it, as long
	 * as no execution is writing the row at the time.
	 */
	setProcessedEntries(workflowId: string, context: string, entries: string[]): void {
		this.read((db) => {
			const changed = db
				.prepare(
					'UPDATE processed_data SET value = ?, updatedAt = ? WHERE workflowId = ? AND context = ?',
				)
				.run(
					JSON.stringify({ mode: 'entries', data: entries }),
					sqliteTimestamp(),
					workflowId,
					context,
				);
			if (Number(changed.changes) !== 1)
				throw new Error(`no processed-data row ${workflowId} ${context}`);
		}, false);
	}

	/** A workflow's static data (workflow_entity.staticData), parsed; {} when it has none. */
	staticData(workflowId: string): Record<string, unknown> {
		const row = this.read(
			(db) =>
				db.prepare('SELECT staticData FROM workflow_entity WHERE id = ?').get(workflowId) as
					{ staticData: string | null } | undefined,
		);
		if (!row) throw new Error(`workflow ${workflowId} not found`);
		return row.staticData ? (JSON.parse(row.staticData) as Record<string, unknown>) : {};
	}

	/** Writes a workflow's static data, which n8n loads with the workflow for each webhook call. */
	setStaticData(workflowId: string, data: Record<string, unknown>): void {
		this.read((db) => {
			db.prepare('UPDATE workflow_entity SET staticData = ? WHERE id = ?').run(
				JSON.stringify(data),
				workflowId,
			);
		}, false);
	}

	/**
	 * Publishes imported workflows the way `n8n publish:workflow --id=<id>` does
	 * (WorkflowRepository.publishVersion: `active = true, activeVersionId = versionId` after checking
	 * that the version exists in workflow_history), in one transaction instead of one CLI start
	 * (~6 s) per workflow. Only while n8n is stopped: a running n8n would not notice.
	 */
	publish(ids: string[]): void {
		this.read((db) => {
			db.exec('BEGIN');
			try {
				for (const id of ids) {
					const workflow = db
						.prepare('SELECT versionId, isArchived FROM workflow_entity WHERE id = ?')
						.get(id) as { versionId: string; isArchived: number } | undefined;
					if (!workflow) throw new Error(`publish: workflow ${id} not found`);
					if (workflow.isArchived) throw new Error(`publish: workflow ${id} is archived`);
					const version = db
						.prepare(
							'SELECT versionId FROM workflow_history WHERE workflowId = ? AND versionId = ?',
						)
						.get(id, workflow.versionId);
					if (!version)
						throw new Error(
							`publish: version ${workflow.versionId} of ${id} not in workflow_history`,
						);
					db.prepare('UPDATE workflow_entity SET active = 1, activeVersionId = ? WHERE id = ?').run(
						workflow.versionId,
						id,
					);
				}
				db.exec('COMMIT');
			} catch (error) {
				db.exec('ROLLBACK');
				throw error;
			}
		}, false);
	}
}

/** One stored entry as n8n makes it: `createHash('md5').update(value.toString()).digest('base64')`. */
export function processedEntry(value: string): string {
	return createHash('md5').update(value).digest('base64');
}

/**
 * n8n's timestamp columns on SQLite: `datetime` with default STRFTIME('%Y-%m-%d %H:%M:%f', 'NOW'),
 * i.e. UTC 'YYYY-MM-DD HH:MM:SS.SSS'.
 */
export function sqliteTimestamp(date = new Date()): string {
	return date.toISOString().replace('T', ' ').replace('Z', '');
}

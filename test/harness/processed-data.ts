/**
 * In-memory stand-in for n8n's DB-backed processed-data store (cli's DeduplicationHelper over the
 * `processed_data` table), which n8n-core reaches through DataDeduplicationService.
 *
 * It mirrors packages/cli/src/deduplication/deduplication-helper.ts (n8n 2.x, same in the 2.41.1
 * build) call for call, races included, because the node's duplicate-payout guard is only as good
 * as this store under concurrency:
 * - one row per (workflowId, context), context '' for scope 'workflow' and `n:<node.id>` for scope
 *   'node'; the row's `value` holds the WHOLE list of entries (md5/base64 of `value.toString()`);
 * - every method is the same sequence of repository calls as n8n's (`findOne`, then `insert` or
 *   `update`, or `delete`), each awaiting a simulated database round trip (a macrotask or a
 *   timer), with no transaction, lock or version check between them. Other callers run between a
 *   read and its write exactly as on a real database, so:
 *   - two first calls for one context both `insert`; the primary key rejects the second with
 *     SQLite's UNIQUE error (the only atomic step the store has);
 *   - two calls on an existing row read the same list and the later `update` overwrites the
 *     earlier one's additions (lost update); `removeProcessed` has the same race;
 * - rows are kept as JSON text, so no object is shared between callers (each `findOne` parses its
 *   own copy, like a row read from the database);
 * - within one call the stored set is built before the loop, so a key repeated in one call is
 *   reported new each time; the first call for a context records every item as new;
 * - maxEntries keeps only the newest hashes; a record saved under another mode is an error;
 * - removeProcessed removes one occurrence per item, so a key stored twice is still recorded
 *   after one removal.
 *
 * Test controls: {@link InMemoryDeduplicator.setLatency}, {@link InMemoryDeduplicator.stallNextWrite},
 * {@link InMemoryDeduplicator.hasEntry}, {@link InMemoryDeduplicator.entryCount},
 * {@link InMemoryDeduplicator.stats}.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { setImmediate as nextMacrotask, setTimeout as sleep } from 'node:timers/promises';
import type {
	DeduplicationItemTypes,
	DeduplicationMode,
	DeduplicationScope,
	ICheckProcessedContextData,
	ICheckProcessedOptions,
	IDataDeduplicator,
	IDeduplicationOutput,
} from 'n8n-workflow';
import { tryToParseDateTime, UnexpectedError } from 'n8n-workflow';

/** The JSON `value` column: hashes for 'entries', the largest value seen for the 'latest…' modes. */
interface StoredValue {
	mode: DeduplicationMode;
	data: string[] | DeduplicationItemTypes;
}

interface ProcessedDataRow {
	workflowId: string;
	context: string;
	value: StoredValue;
}

/** Simulated round trip of one database statement, in ms; 0 = the next macrotask (setImmediate). */
export interface Latency {
	readMs: number;
	writeMs: number;
}

/**
 * The cheapest latency that is still a real round trip: each statement waits for the next
 * macrotask, so concurrent callers already interleave between a read and its write, while suites
 * (and the benchmark, which runs through this harness) pay almost nothing per call. Tests about
 * races set a database-like latency with setLatency (5 ms per statement reproduces the loss rates
 * measured on a real n8n with SQLite).
 */
export const DEFAULT_LATENCY: Readonly<Latency> = { readMs: 0, writeMs: 0 };

export interface StoreStats {
	reads: number;
	inserts: number;
	updates: number;
	deletes: number;
	/** Inserts refused by the primary key. */
	conflicts: number;
}

/** A call held between its read and its write; see {@link InMemoryDeduplicator.stallNextWrite}. */
export interface StalledWrite {
	/** Resolves when a call has read the row and is waiting to write it back. */
	reached: Promise<void>;
	/** Lets the write go ahead (idempotent). */
	release(): void;
}

export interface StallOptions {
	/** Only a call for this workflow stalls (default: the next call of any workflow). */
	workflowId?: string;
	/** Releases itself after this many ms (default: only release() does). */
	ms?: number;
}

/** n8n's DeduplicationError: an UnexpectedError with this prefix. */
class DeduplicationError extends UnexpectedError {
	constructor(message: string) {
		super(`Deduplication Failed: ${message}`);
	}
}

/** What TypeORM throws when SQLite's primary key refuses an insert (QueryFailedError over sqlite3's error). */
export class QueryFailedError extends Error {
	readonly code = 'SQLITE_CONSTRAINT';
	readonly errno = 19;
	constructor(readonly query: string) {
		super(UNIQUE_VIOLATION);
		this.name = 'QueryFailedError';
	}
}

export const UNIQUE_VIOLATION =
	'SQLITE_CONSTRAINT: UNIQUE constraint failed: processed_data.workflowId, processed_data.context';

// n8n's exact wording
const INCOMPATIBLE_MODE =
	'Deduplication data was originally saved with an incompatible setting of the ‘Keep Items Where’ ' +
	'parameter. Try ’Clean Database’ operation to reset.';

const isLatestMode = (mode: DeduplicationMode) =>
	mode === 'latestIncrementalKey' || mode === 'latestDate';

/** DeduplicationHelper.createValueHash */
export const entryHash = (value: DeduplicationItemTypes) =>
	createHash('md5').update(value.toString()).digest('base64');

function createContext(scope: DeduplicationScope, contextData: ICheckProcessedContextData): string {
	if (scope !== 'node') return '';
	if (!contextData.node) {
		throw new DeduplicationError(
			"No node information has been provided and so cannot use scope 'node'",
		);
	}
	// n8n keys node scope by node id so history survives renaming the node
	return `n:${contextData.node.id}`;
}

/** -1, 0 or 1, like DeduplicationHelper.compareValues */
function compare(mode: DeduplicationMode, a: DeduplicationItemTypes, b: DeduplicationItemTypes) {
	if (mode === 'latestIncrementalKey') {
		const [x, y] = [Number(a), Number(b)];
		if (isNaN(x) || isNaN(y)) {
			throw new DeduplicationError(
				'Invalid value. Only numbers are supported in mode "latestIncrementalKey"',
			);
		}
		return x === y ? 0 : x > y ? 1 : -1;
	}
	try {
		const [x, y] = [tryToParseDateTime(a), tryToParseDateTime(b)];
		return x === y ? 0 : x > y ? 1 : -1;
	} catch {
		throw new DeduplicationError(
			'Invalid value. Only valid dates are supported in mode "latestDate"',
		);
	}
}

const rowKey = (workflowId: string, context: string) => JSON.stringify([workflowId, context]);

/**
 * The `processed_data` table behind a plain TypeORM repository: each statement is atomic and
 * takes one round trip; nothing spans two statements.
 */
class ProcessedDataTable {
	private readonly rows = new Map<string, string>();
	latency: Latency = { ...DEFAULT_LATENCY };
	readonly stats: StoreStats = emptyStats();

	async findOne(workflowId: string, context: string): Promise<ProcessedDataRow | null> {
		await roundTrip(this.latency.readMs);
		this.stats.reads++;
		return parseRow(this.rows.get(rowKey(workflowId, context))) ?? null;
	}

	async insert(row: ProcessedDataRow): Promise<void> {
		await roundTrip(this.latency.writeMs);
		const key = rowKey(row.workflowId, row.context);
		if (this.rows.has(key)) {
			this.stats.conflicts++;
			throw new QueryFailedError(
				'INSERT INTO "processed_data"("context", "workflowId", "value", ...) VALUES (?, ?, ?, ...)',
			);
		}
		this.stats.inserts++;
		this.rows.set(key, JSON.stringify(row));
	}

	/** The whole value, last writer wins. A row deleted meanwhile stays deleted (0 rows affected, no error). */
	async update(row: ProcessedDataRow): Promise<void> {
		await roundTrip(this.latency.writeMs);
		const key = rowKey(row.workflowId, row.context);
		if (!this.rows.has(key)) return;
		this.stats.updates++;
		this.rows.set(key, JSON.stringify(row));
	}

	async delete(workflowId: string, context: string): Promise<void> {
		await roundTrip(this.latency.writeMs);
		this.stats.deletes++;
		this.rows.delete(rowKey(workflowId, context));
	}

	/** A fresh copy of the row as stored now, without a round trip (for test assertions). */
	peek(workflowId: string, context: string): ProcessedDataRow | undefined {
		return parseRow(this.rows.get(rowKey(workflowId, context)));
	}
}

/** Every read parses its own copy: no object is shared between callers. */
function parseRow(text: string | undefined): ProcessedDataRow | undefined {
	return text === undefined ? undefined : (JSON.parse(text) as ProcessedDataRow);
}

function emptyStats(): StoreStats {
	return { reads: 0, inserts: 0, updates: 0, deletes: 0, conflicts: 0 };
}

async function roundTrip(ms: number): Promise<void> {
	if (ms > 0) await sleep(ms);
	else await nextMacrotask();
}

interface PendingStall {
	workflowId?: string;
	ms?: number;
	/** A call is held by it (it stays listed so clear() can let that call go). */
	taken: boolean;
	reached: () => void;
	released: Promise<void>;
	release: () => void;
}

type Target = { table: ProcessedDataTable; workflowId: string; context: string };

export class InMemoryDeduplicator implements IDataDeduplicator {
	/** Replaced by clear(); a call keeps the table it started on, so a call in flight never writes into a fresh one. */
	private table = new ProcessedDataTable();
	private stalls: PendingStall[] = [];

	/** A fresh database: no rows, default latency, no stalls (a stalled call is let go). */
	clear() {
		this.table = new ProcessedDataTable();
		for (const stall of this.stalls) stall.release();
		this.stalls = [];
	}

	setLatency(latency: Partial<Latency>) {
		this.table.latency = { ...this.table.latency, ...latency };
	}

	/** Statements run since the last clear(). */
	stats(): StoreStats {
		return { ...this.table.stats };
	}

	/** Whether the row of `workflowId` (scope 'workflow' unless a context is given) holds `value`. */
	hasEntry(workflowId: string, value: DeduplicationItemTypes, context = ''): boolean {
		const data = this.table.peek(workflowId, context)?.value.data;
		return Array.isArray(data) && data.includes(entryHash(value));
	}

	/** Entries stored in the row (duplicates included, as n8n stores them); 0 without a row. */
	entryCount(workflowId: string, context = ''): number {
		const data = this.table.peek(workflowId, context)?.value.data;
		return Array.isArray(data) ? data.length : 0;
	}

	/**
	 * The next call that writes (checkProcessedAndRecord or removeProcessed, for `workflowId` if
	 * given) waits after its read, before its insert or update, until released: a slow foreign
	 * writer whose stale write lands late and overwrites what others recorded meanwhile.
	 */
	stallNextWrite(options: StallOptions = {}): StalledWrite {
		let reached!: () => void;
		let release!: () => void;
		const reachedPromise = new Promise<void>((resolve) => (reached = resolve));
		const released = new Promise<void>((resolve) => (release = resolve));
		this.stalls.push({ ...options, taken: false, reached, released, release });
		return { reached: reachedPromise, release };
	}

	/** Between a call's read and its write: where a pending stall holds it. */
	private async beforeWrite(workflowId: string): Promise<void> {
		const stall = this.stalls.find(
			(s) => !s.taken && (s.workflowId === undefined || s.workflowId === workflowId),
		);
		if (!stall) return;
		stall.taken = true;
		stall.reached();
		if (stall.ms !== undefined) setTimeout(stall.release, stall.ms);
		await stall.released;
	}

	private target(scope: DeduplicationScope, contextData: ICheckProcessedContextData): Target {
		return {
			table: this.table,
			workflowId: contextData.workflow.id,
			context: createContext(scope, contextData),
		};
	}

	async checkProcessed(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<IDeduplicationOutput> {
		const { table, workflowId, context } = this.target(scope, contextData);
		const row = await table.findOne(workflowId, context);
		validateMode(row, options);
		if (!row) return { new: items, processed: [] };
		const result: IDeduplicationOutput = { new: [], processed: [] };
		if (isLatestMode(options.mode)) {
			for (const item of sortEntries(items, options.mode)) {
				const isNew = compare(options.mode, item, row.value.data as DeduplicationItemTypes) === 1;
				(isNew ? result.new : result.processed).push(item);
			}
			return result;
		}
		const known = new Set(row.value.data as string[]);
		items.forEach((item) =>
			(known.has(entryHash(item)) ? result.processed : result.new).push(item),
		);
		return result;
	}

	async checkProcessedAndRecord(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<IDeduplicationOutput> {
		const target = this.target(scope, contextData);
		assert.ok(contextData.workflow.id);
		const row = await target.table.findOne(target.workflowId, target.context);
		validateMode(row, options);
		return isLatestMode(options.mode)
			? await this.recordLatest(target, row, items, options.mode)
			: await this.recordEntries(target, row, items, options);
	}

	/** DeduplicationHelper.handleHashedItems */
	private async recordEntries(
		{ table, workflowId, context }: Target,
		row: ProcessedDataRow | null,
		items: DeduplicationItemTypes[],
		options: ICheckProcessedOptions,
	): Promise<IDeduplicationOutput> {
		const hashes = items.map(entryHash);
		if (!row) {
			if (options.maxEntries) hashes.splice(0, hashes.length - options.maxEntries);
			await this.beforeWrite(workflowId);
			await table.insert({ workflowId, context, value: { mode: options.mode, data: hashes } });
			return { new: items, processed: [] };
		}
		const result: IDeduplicationOutput = { new: [], processed: [] };
		const stored = row.value.data;
		if (!Array.isArray(stored)) return result;
		// built before the loop: a key repeated within this call is new every time
		const known = new Set(stored);
		hashes.forEach((h, index) => {
			if (known.has(h)) {
				result.processed.push(items[index]);
			} else {
				result.new.push(items[index]);
				stored.push(h);
			}
		});
		if (options.maxEntries) stored.splice(0, stored.length - options.maxEntries);
		await this.beforeWrite(workflowId);
		await table.update(row);
		return result;
	}

	/** DeduplicationHelper.handleLatestModes */
	private async recordLatest(
		{ table, workflowId, context }: Target,
		row: ProcessedDataRow | null,
		items: DeduplicationItemTypes[],
		mode: DeduplicationMode,
	): Promise<IDeduplicationOutput> {
		const sorted = sortEntries(items, mode);
		if (!row) {
			await this.beforeWrite(workflowId);
			await table.insert({ workflowId, context, value: { mode, data: sorted.pop()! } });
			return { new: items, processed: [] };
		}
		const result: IDeduplicationOutput = { new: [], processed: [] };
		const previous = row.value.data;
		if (Array.isArray(previous)) return result;
		let largest = previous;
		for (const item of sorted) {
			if (compare(mode, item, previous) === 1) {
				result.new.push(item);
				if (compare(mode, item, largest) === 1) largest = item;
			} else {
				result.processed.push(item);
			}
		}
		row.value.data = largest;
		await this.beforeWrite(workflowId);
		await table.update(row);
		return result;
	}

	async removeProcessed(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<void> {
		if (isLatestMode(options.mode)) {
			throw new DeduplicationError('Removing processed data is not possible in mode "latest"');
		}
		assert.ok(contextData.workflow.id);
		const { table, workflowId, context } = this.target(scope, contextData);
		const row = await table.findOne(workflowId, context);
		if (!row) return;
		const stored = row.value.data;
		if (!Array.isArray(stored)) return;
		// one occurrence per item, like n8n's findIndex + splice
		for (const h of items.map(entryHash)) {
			const index = stored.indexOf(h);
			if (index !== -1) stored.splice(index, 1);
		}
		await this.beforeWrite(workflowId);
		await table.update(row);
	}

	async clearAllProcessedItems(
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
	): Promise<void> {
		const { table, workflowId, context } = this.target(scope, contextData);
		await table.delete(workflowId, context);
	}

	async getProcessedDataCount(
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<number> {
		const { table, workflowId, context } = this.target(scope, contextData);
		const row = await table.findOne(workflowId, context);
		if (options.mode !== 'entries' || !row || !Array.isArray(row.value.data)) return 0;
		return row.value.data.length;
	}
}

function validateMode(row: ProcessedDataRow | null, options: ICheckProcessedOptions) {
	if (row && row.value.mode !== options.mode) throw new DeduplicationError(INCOMPATIBLE_MODE);
}

function sortEntries(items: DeduplicationItemTypes[], mode: DeduplicationMode) {
	return items.slice().sort((a, b) => compare(mode, a, b));
}

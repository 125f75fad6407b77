/**
 * The workflows' rows in n8n's processed-data store: pre-seeded before `n8n start` (part B, and the
 * empty rows), and read back after a batch (entries recorded, the row's shape, the seed kept).
 */
import { processedEntry, type SqliteDatabase } from '../../e2e/kit';

export interface StoreRow {
	contexts: string[];
	/** Entries in the workflow-scope row (context '') after the runs; null if there is none. */
	entries: number | null;
	/** Whether the row is in the shape the seed used: TEXT JSON {mode:'entries', data:[base64 md5]}, timestamps 'YYYY-MM-DD HH:MM:SS.SSS'. */
	shape: string;
	/** Whether the seeded entries are still the first ones, in order (n8n read the seeded row and appended to it). */
	seedKept?: boolean;
}

export async function storeRow(
	database: SqliteDatabase,
	workflowId: string,
	seeded?: string[],
): Promise<StoreRow> {
	const rows = await database.processedData(workflowId);
	const contexts = rows.map((row) => row.context);
	const row = rows.find((candidate) => candidate.context === '');
	if (!row) return { contexts, entries: null, shape: 'no workflow-scope row' };
	const value = JSON.parse(row.value) as { mode?: string; data?: unknown };
	const data = Array.isArray(value.data) ? (value.data as string[]) : [];
	const timestamp = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/;
	const shape = [
		`value ${row.storedAs}`,
		`keys ${Object.keys(value).join(',')}`,
		`mode ${value.mode}`,
		`entries ${data.every((entry) => /^[A-Za-z0-9+/]{22}==$/.test(entry)) ? 'base64-md5' : 'OTHER'}`,
		`timestamps ${timestamp.test(row.createdAt) && timestamp.test(row.updatedAt) ? 'YYYY-MM-DD HH:MM:SS.SSS' : `OTHER (${row.createdAt})`}`,
	].join('; ');
	const result: StoreRow = {
		contexts,
		entries: Array.isArray(value.data) ? data.length : null,
		shape,
	};
	if (seeded)
		result.seedKept =
			seeded.length <= data.length && seeded.every((entry, index) => data[index] === entry);
	return result;
}

/** `size` distinct entries for a workflow's seeded row, in n8n's format. */
export function seedEntries(workflowId: string, size: number): string[] {
	const entries = new Array<string>(size);
	for (let i = 0; i < size; i++) entries[i] = processedEntry(`bench-seed:${workflowId}:${i}`);
	return entries;
}

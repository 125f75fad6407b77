/**
 * In-memory stand-in for n8n's DB-backed processed-data store (cli's DeduplicationHelper over the
 * `processed_data` table), which n8n-core reaches through DataDeduplicationService. One record per
 * (workflowId, context) where context is '' for scope 'workflow' and `n:<node.id>` for scope
 * 'node', exactly like the real table, so runs that share a workflowId share history.
 *
 * The semantics deliberately mirror the DB implementation, quirks included:
 * - 'entries' mode stores md5/base64 hashes of `value.toString()`;
 * - the first call for a context records every item as new (duplicates within that batch too);
 * - later calls compare against the stored set as it was before the call;
 * - maxEntries keeps only the newest hashes;
 * - a record saved under another mode is an error, not silently reused.
 */
import { createHash } from 'node:crypto';
import type {
	DeduplicationItemTypes,
	DeduplicationMode,
	DeduplicationScope,
	ICheckProcessedContextData,
	ICheckProcessedOptions,
	IDataDeduplicator,
	IDeduplicationOutput,
} from 'n8n-workflow';
import { tryToParseDateTime, UserError } from 'n8n-workflow';

interface ProcessedRecord {
	mode: DeduplicationMode;
	/** hashes for 'entries', the largest value seen for the 'latest…' modes */
	data: string[] | DeduplicationItemTypes;
}

// n8n's exact wording
const INCOMPATIBLE_MODE =
	'Deduplication data was originally saved with an incompatible setting of the ‘Keep Items Where’ ' +
	'parameter. Try ’Clean Database’ operation to reset.';

const isLatestMode = (mode: DeduplicationMode) =>
	mode === 'latestIncrementalKey' || mode === 'latestDate';

const hash = (value: DeduplicationItemTypes) =>
	createHash('md5').update(value.toString()).digest('base64');

function contextKey(scope: DeduplicationScope, contextData: ICheckProcessedContextData): string {
	if (!contextData.workflow.id) throw new UserError('Deduplication needs a workflow id');
	let context = '';
	if (scope === 'node') {
		if (!contextData.node) {
			throw new UserError("No node information has been provided and so cannot use scope 'node'");
		}
		// n8n keys node scope by node id so history survives renaming the node
		context = `n:${contextData.node.id}`;
	}
	return JSON.stringify([contextData.workflow.id, context]);
}

/** -1, 0 or 1, like DeduplicationHelper.compareValues */
function compare(mode: DeduplicationMode, a: DeduplicationItemTypes, b: DeduplicationItemTypes) {
	if (mode === 'latestIncrementalKey') {
		const [x, y] = [Number(a), Number(b)];
		if (isNaN(x) || isNaN(y)) {
			throw new UserError('Invalid value. Only numbers are supported in mode "latestIncrementalKey"');
		}
		return x === y ? 0 : x > y ? 1 : -1;
	}
	try {
		const [x, y] = [tryToParseDateTime(a), tryToParseDateTime(b)];
		return x === y ? 0 : x > y ? 1 : -1;
	} catch {
		throw new UserError('Invalid value. Only valid dates are supported in mode "latestDate"');
	}
}

export class InMemoryDeduplicator implements IDataDeduplicator {
	private readonly records = new Map<string, ProcessedRecord>();

	clear() {
		this.records.clear();
	}

	async checkProcessedAndRecord(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<IDeduplicationOutput> {
		const key = contextKey(scope, contextData);
		const record = this.records.get(key);
		if (record && record.mode !== options.mode) throw new UserError(INCOMPATIBLE_MODE);

		return isLatestMode(options.mode)
			? this.recordLatest(key, record, items, options.mode)
			: this.recordEntries(key, record, items, options.maxEntries);
	}

	private recordEntries(
		key: string,
		record: ProcessedRecord | undefined,
		items: DeduplicationItemTypes[],
		maxEntries?: number,
	): IDeduplicationOutput {
		const hashes = items.map(hash);
		if (!record) {
			if (maxEntries) hashes.splice(0, hashes.length - maxEntries);
			this.records.set(key, { mode: 'entries', data: hashes });
			return { new: [...items], processed: [] };
		}
		const stored = record.data as string[];
		const known = new Set(stored);
		const result: IDeduplicationOutput = { new: [], processed: [] };
		hashes.forEach((h, index) => {
			if (known.has(h)) {
				result.processed.push(items[index]);
			} else {
				result.new.push(items[index]);
				stored.push(h);
			}
		});
		if (maxEntries) stored.splice(0, stored.length - maxEntries);
		return result;
	}

	private recordLatest(
		key: string,
		record: ProcessedRecord | undefined,
		items: DeduplicationItemTypes[],
		mode: DeduplicationMode,
	): IDeduplicationOutput {
		const sorted = items.slice().sort((a, b) => compare(mode, a, b));
		if (!record) {
			this.records.set(key, { mode, data: sorted[sorted.length - 1] });
			return { new: [...items], processed: [] };
		}
		const previous = record.data as DeduplicationItemTypes;
		let largest = previous;
		const result: IDeduplicationOutput = { new: [], processed: [] };
		for (const item of sorted) {
			if (compare(mode, item, previous) === 1) {
				result.new.push(item);
				if (compare(mode, item, largest) === 1) largest = item;
			} else {
				result.processed.push(item);
			}
		}
		record.data = largest;
		return result;
	}

	async removeProcessed(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<void> {
		if (isLatestMode(options.mode)) {
			throw new UserError('Removing processed data is not possible in mode "latest"');
		}
		const record = this.records.get(contextKey(scope, contextData));
		if (!record || !Array.isArray(record.data)) return;
		const stored = record.data;
		for (const h of items.map(hash)) {
			const index = stored.indexOf(h);
			if (index !== -1) stored.splice(index, 1);
		}
	}

	async clearAllProcessedItems(
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
	): Promise<void> {
		this.records.delete(contextKey(scope, contextData));
	}

	async getProcessedDataCount(
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<number> {
		const record = this.records.get(contextKey(scope, contextData));
		if (options.mode !== 'entries' || !record || !Array.isArray(record.data)) return 0;
		return record.data.length;
	}
}

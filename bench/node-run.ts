/** One execution of the built Crypto Payout node in n8n's engine (test/harness: WorkflowExecute). */
import type { INodeParameters } from 'n8n-workflow';

import { runNode, type RunNodeResult } from '../test/harness/n8n';
import { latestVersion, loadPackage } from '../test/harness/node-types';
import {
	credentials,
	nodeParameters,
	REPO_ROOT,
	rows,
	type Provider,
	type SandboxUrls,
} from './common';

export const NODE_TYPE = 'n8n-nodes-crypto-payout.cryptoPayout';

/** What a successful create reports per provider: OxaPay's sandbox answers `processing`, Cregis `pending`. */
const EXPECTED_STATUS: Record<Provider, string> = { oxapay: 'processing', cregis: 'pending' };

export interface NodeBatchResult {
	items: number;
	accepted: number;
	/** status → count for items that were not accepted. */
	other: Record<string, number>;
	/** The message of the first item that was not accepted. */
	firstOther?: string;
	error?: string;
}

/**
 * Runs `count` payouts through the node in one execution. Each call gets its own workflowId, so
 * the processed-data store never suppresses a re-run; references are unique per run anyway.
 * The rows are built before `timed` starts, so a timing covers the execution only.
 */
export interface NodeBatchExtras {
	/** Wraps the execution alone (rows are built before), e.g. to time it. */
	timed?: <T>(work: () => Promise<T>) => Promise<T>;
	/** Field parameters set to fixed values instead of the `={{ $json.<field> }}` mapping. */
	fixed?: INodeParameters;
	/** Receives the whole run (output items included), for a caller that must keep it alive. */
	hold?: (result: RunNodeResult) => void;
}

export async function runNodeBatch(
	provider: Provider,
	urls: SandboxUrls,
	run: string,
	count: number,
	options: INodeParameters = {},
	extras: NodeBatchExtras = {},
): Promise<NodeBatchResult> {
	const items = rows(provider, run, count);
	const parameters = { ...nodeParameters(provider, options), ...extras.fixed };
	const creds = credentials(urls);
	const execute = () =>
		runNode({
			packageDir: REPO_ROOT,
			parameters,
			credentials: creds,
			items,
			workflowId: `wf-bench-${provider}-${run}`,
		});
	const result = extras.timed ? await extras.timed(execute) : await execute();
	extras.hold?.(result);
	const summary: NodeBatchResult = { items: result.items.length, accepted: 0, other: {} };
	for (const item of result.items) {
		const status = String(item.json.status ?? (item.json.error ? 'error' : 'missing'));
		if (status === EXPECTED_STATUS[provider] && item.json.payoutId) summary.accepted++;
		else {
			summary.other[status] = (summary.other[status] ?? 0) + 1;
			summary.firstOther ??= JSON.stringify(
				item.json.error ?? item.json.message ?? item.json,
			).slice(0, 400);
		}
	}
	if (result.error) {
		const error = result.error as { message?: string; description?: string };
		summary.error = `${error.message ?? String(result.error)}${error.description ? ` (${error.description})` : ''}`;
	}
	return summary;
}

/** Whether the built node has Options → `name` on Create (the batching options are being added). */
export async function nodeHasOption(name: string): Promise<boolean> {
	const { nodeTypes } = await loadPackage(REPO_ROOT);
	const type = nodeTypes.getByName(NODE_TYPE);
	const description =
		'nodeVersions' in type ? type.nodeVersions[latestVersion(type)].description : type.description;
	const options = description.properties.find((property) => property.name === 'options');
	return (options?.options ?? []).some((option) => 'name' in option && option.name === name);
}

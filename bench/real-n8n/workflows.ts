/**
 * The bench's workflows: Webhook (POST, answers when the last node is done, no data) → Split Out
 * body.rows → Crypto Payout (Create, Concurrency 8), one per provider × mapping for the warm-up,
 * part A and part B, and a feed-only one without the payout node.
 */
import { createHash } from 'node:crypto';

import type { NodeJson, WorkflowJson } from '../../e2e/kit';
import { PROVIDERS, type Provider } from '../common';
import { CONFIG, MAPPINGS, NODE_NAME, type Mapping } from './config';

export const CREDENTIALS = {
	oxapay: { type: 'oxaPayApi', id: 'cpxBenchOxaPay01', name: 'OxaPay (bench sandbox)' },
	cregis: { type: 'cregisApi', id: 'cpxBenchCregis01', name: 'Cregis (bench sandbox)' },
} as const;

export interface BenchWorkflow {
	id: string;
	path: string;
	provider?: Provider;
	mapping?: Mapping;
	/** The node whose executionTime and output are read (the payout node, HTTP Request, or Split Out). */
	nodeName: string;
	/**
	 * Whether one output item is an accepted payout; default: our node's status for the provider
	 * (`processing` / `pending`) with a payout id.
	 */
	accepts?: (item: Record<string, unknown>) => boolean;
	json: WorkflowJson;
}

/** A stable UUID-shaped id from a string (webhookId and node ids must look like UUIDs). */
export function uuidFrom(text: string): string {
	const hex = createHash('md5').update(text).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function payoutParameters(provider: Provider, mapping: Mapping): Record<string, unknown> {
	const options = { concurrency: CONFIG.concurrency, requestsPerSecond: 0 };
	if (mapping === 'auto')
		return { provider, operation: 'create', mappingMode: 'autoMapInputData', options };
	// Every Create field mapped from the item, as in test/engine/fixtures.ts createParameters().
	const fields = [
		'reference',
		'address',
		'amount',
		'currency',
		'network',
		'memo',
		'description',
		'callbackUrl',
	];
	return {
		provider,
		operation: 'create',
		...Object.fromEntries(
			fields.map((field) => [
				field,
				mapping === 'calc' ? `={{ $json.${field}.trim() }}` : `={{ $json.${field} }}`,
			]),
		),
		options,
	};
}

/** Our node, Create with these parameters (Concurrency 8 unless `parameters` says otherwise). */
export function payoutNode(
	id: string,
	provider: Provider,
	parameters: Record<string, unknown>,
	credential: { type: string; id: string; name: string } = CREDENTIALS[provider],
): NodeJson {
	return {
		id: uuidFrom(`${id}:payout`),
		name: NODE_NAME,
		type: 'n8n-nodes-crypto-payout.cryptoPayout',
		typeVersion: 1,
		position: [440, 0],
		parameters,
		credentials: { [credential.type]: { id: credential.id, name: credential.name } },
	};
}

/**
 * Webhook (POST, answers when the last node is done, no data) → Split Out body.rows → `last` (the
 * node that is measured), or the feed alone.
 */
export function feedWorkflow(
	id: string,
	last?: NodeJson,
	about: Pick<BenchWorkflow, 'provider' | 'mapping' | 'accepts'> = {},
): BenchWorkflow {
	const webhookPath = `cpx-bench-${id.toLowerCase()}`;
	const nodes: NodeJson[] = [
		{
			id: uuidFrom(`${id}:webhook`),
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2.1,
			position: [0, 0],
			webhookId: uuidFrom(`${id}:webhookId`),
			parameters: {
				httpMethod: 'POST',
				path: webhookPath,
				responseMode: 'lastNode',
				responseData: 'noData',
				options: {},
			},
		},
		{
			id: uuidFrom(`${id}:split`),
			name: 'Split Out',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			position: [220, 0],
			parameters: { fieldToSplitOut: 'body.rows', include: 'noOtherFields', options: {} },
		},
	];
	const connections: Record<string, unknown> = {
		Webhook: { main: [[{ node: 'Split Out', type: 'main', index: 0 }]] },
	};
	if (last) {
		nodes.push(last);
		connections['Split Out'] = { main: [[{ node: last.name, type: 'main', index: 0 }]] };
	}
	return {
		id,
		path: webhookPath,
		nodeName: last?.name ?? 'Split Out',
		...about,
		json: {
			id,
			name: `Bench ${id}`,
			active: false,
			nodes,
			connections,
			settings: { executionOrder: 'v1' },
		},
	};
}

function workflow(id: string, provider?: Provider, mapping?: Mapping): BenchWorkflow {
	if (!provider || !mapping) return feedWorkflow(id);
	return feedWorkflow(id, payoutNode(id, provider, payoutParameters(provider, mapping)), {
		provider,
		mapping,
	});
}

const P = { oxapay: 'Oxa', cregis: 'Crg' } as const;
const M = { auto: 'Auto', expr: 'Expr', calc: 'Calc' } as const;
export const WORKFLOWS = {
	warm: Object.fromEntries(
		PROVIDERS.flatMap((p) =>
			MAPPINGS.map((m) => [`${p}-${m}`, workflow(`cpxBw${P[p]}${M[m]}`, p, m)]),
		),
	),
	partA: Object.fromEntries(
		PROVIDERS.flatMap((p) =>
			MAPPINGS.map((m) => [`${p}-${m}`, workflow(`cpxBa${P[p]}${M[m]}`, p, m)]),
		),
	),
	feed: workflow('cpxBfeedOnly'),
	memory: Object.fromEntries(
		PROVIDERS.map((p) => [p, workflow(`cpxBm${P[p]}Auto`, p, 'auto')]),
	) as Record<Provider, BenchWorkflow>,
	partB: Object.fromEntries(
		PROVIDERS.flatMap((p) =>
			CONFIG.partB.historySizes.map((size) => [
				`${p}-${size}`,
				workflow(`cpxBb${P[p]}${M[CONFIG.partB.mapping]}${size}`, p, CONFIG.partB.mapping),
			]),
		),
	),
};
export const ALL_WORKFLOWS: BenchWorkflow[] = [
	...Object.values(WORKFLOWS.warm),
	...Object.values(WORKFLOWS.partA),
	WORKFLOWS.feed,
	...Object.values(WORKFLOWS.partB),
	...Object.values(WORKFLOWS.memory),
];

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
	json: WorkflowJson;
}

/** A stable UUID-shaped id from a string (webhookId and node ids must look like UUIDs). */
function uuidFrom(text: string): string {
	const hex = createHash('md5').update(text).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function payoutParameters(provider: Provider, mapping: Mapping): Record<string, unknown> {
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
		...Object.fromEntries(fields.map((field) => [field, `={{ $json.${field} }}`])),
		options,
	};
}

function workflow(id: string, provider?: Provider, mapping?: Mapping): BenchWorkflow {
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
	if (provider && mapping) {
		const credential = CREDENTIALS[provider];
		nodes.push({
			id: uuidFrom(`${id}:payout`),
			name: NODE_NAME,
			type: 'n8n-nodes-crypto-payout.cryptoPayout',
			typeVersion: 1,
			position: [440, 0],
			parameters: payoutParameters(provider, mapping),
			credentials: { [credential.type]: { id: credential.id, name: credential.name } },
		});
		connections['Split Out'] = { main: [[{ node: NODE_NAME, type: 'main', index: 0 }]] };
	}
	return {
		id,
		path: webhookPath,
		provider,
		mapping,
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

const P = { oxapay: 'Oxa', cregis: 'Crg' } as const;
const M = { auto: 'Auto', expr: 'Expr' } as const;
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
];

/**
 * The workflows of the operator's-batch checks (issue 14), built here rather than kept as files:
 * each is a few rows fed to one Crypto Payout Create node, and what differs (provider, rows, On
 * Error, Options, what follows the node) is the point of the check.
 *
 *   Run manually → Rows (Code node) → Crypto Payout [→ Paid (output 0), Refused (output 1)]
 *   Webhook (POST {rows}) → Rows (Split Out) → Crypto Payout
 */
import { SANDBOX_CREDENTIALS, type NodeJson, type WorkflowJson } from '../kit';

export type ProviderId = 'oxapay' | 'cregis';
export type OnError = 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';

export const TRON_ADDRESS = 'TXsmKpEuW7qWnXzJLGP9eDLvWPR2GRn1FS';
export const CREATE_PATH: Record<ProviderId, string> = {
	oxapay: '/payout',
	cregis: '/api/v1/payout',
};

export interface Row {
	reference: string;
	address: string;
	amount: string;
	currency: string;
	network: string;
}

/** A USDT row on TRON. */
export const usdtRow = (reference: string, amount = '4'): Row => ({
	reference,
	address: TRON_ADDRESS,
	amount,
	currency: 'USDT',
	network: 'TRC20',
});

const CREDENTIAL_TYPE: Record<ProviderId, string> = { oxapay: 'oxaPayApi', cregis: 'cregisApi' };

/** A node id n8n accepts (UUID-shaped), unique per workflow and position. */
const nodeId = (workflowId: string, index: number) =>
	`${workflowId.slice(0, 8).padEnd(8, '0')}-0000-4000-8000-${String(index).padStart(12, '0')}`;

/** The Crypto Payout Create node, every field mapped from the row by an expression. */
export function payoutNode(
	workflowId: string,
	index: number,
	{
		name = 'Crypto Payout',
		provider,
		onError,
		options = {},
	}: { name?: string; provider: ProviderId; onError?: OnError; options?: Record<string, unknown> },
): NodeJson {
	const credential = SANDBOX_CREDENTIALS[provider];
	return {
		parameters: {
			provider,
			operation: 'create',
			reference: '={{ $json.reference }}',
			address: '={{ $json.address }}',
			amount: '={{ $json.amount }}',
			currency: '={{ $json.currency }}',
			network: '={{ $json.network }}',
			options,
		},
		id: nodeId(workflowId, index),
		name,
		type: 'n8n-nodes-crypto-payout.cryptoPayout',
		typeVersion: 1,
		position: [440, index * 160],
		credentials: { [CREDENTIAL_TYPE[provider]]: { id: credential.id, name: credential.name } },
		// n8n's default On Error (stop) is the absence of the setting, as in an exported workflow.
		...(onError && onError !== 'stopWorkflow' ? { onError } : {}),
	};
}

const noOp = (workflowId: string, index: number, name: string): NodeJson => ({
	parameters: {},
	id: nodeId(workflowId, index),
	name,
	type: 'n8n-nodes-base.noOp',
	typeVersion: 1,
	position: [700, (index - 3) * 160],
});

const link = (node: string) => [{ node, type: 'main', index: 0 }];

/**
 * Run manually → Rows → Crypto Payout. With `errorOutputs`, the node's two outputs go to "Paid"
 * (output 0) and "Refused" (output 1), and its On Error is "Continue (using error output)".
 */
export function manualBatch(options: {
	id: string;
	provider: ProviderId;
	rows: Row[];
	onError?: OnError;
	payoutOptions?: Record<string, unknown>;
	errorOutputs?: boolean;
}): WorkflowJson {
	const { id, provider, rows, errorOutputs = false } = options;
	const onError = errorOutputs ? 'continueErrorOutput' : options.onError;
	const nodes: NodeJson[] = [
		{
			parameters: {},
			id: nodeId(id, 0),
			name: 'Run manually',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
		},
		{
			parameters: { jsCode: `return ${JSON.stringify(rows)}.map((json) => ({ json }));` },
			id: nodeId(id, 1),
			name: 'Rows',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: [220, 0],
		},
		payoutNode(id, 2, { provider, onError, options: options.payoutOptions }),
	];
	const connections: WorkflowJson['connections'] = {
		'Run manually': { main: [link('Rows')] },
		Rows: { main: [link('Crypto Payout')] },
	};
	if (errorOutputs) {
		nodes.push(noOp(id, 3, 'Paid'), noOp(id, 4, 'Refused'));
		connections['Crypto Payout'] = { main: [link('Paid'), link('Refused')] };
	}
	return {
		id,
		name: `e2e batch: ${id} (${provider})`,
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

/**
 * Webhook (POST {rows}, answers with every item of the last node once the execution has finished)
 * → Split Out `body.rows` → Crypto Payout (Continue On Fail), at `concurrency`.
 */
export function webhookBatch(options: {
	id: string;
	provider: ProviderId;
	path: string;
	webhookId: string;
	concurrency?: number;
}): WorkflowJson {
	const { id, provider, path, webhookId, concurrency = 1 } = options;
	return {
		id,
		name: `e2e webhook batch: ${id} (${provider}, Concurrency ${concurrency})`,
		nodes: [
			{
				parameters: {
					httpMethod: 'POST',
					path,
					responseMode: 'lastNode',
					responseData: 'allEntries',
					options: {},
				},
				id: nodeId(id, 0),
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId,
			},
			{
				parameters: { fieldToSplitOut: 'body.rows', options: {} },
				id: nodeId(id, 1),
				name: 'Rows',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [220, 0],
			},
			payoutNode(id, 2, {
				provider,
				onError: 'continueRegularOutput',
				options: { concurrency },
			}),
		],
		connections: {
			Webhook: { main: [link('Rows')] },
			Rows: { main: [link('Crypto Payout')] },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

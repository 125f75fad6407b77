import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { nodeCredentials, nodeProperties, nodeSubtitle } from './actions/operations';
import { runBatch } from './actions/router';
import { getCurrencies, getNetworks } from './methods';

const DOCS_URL =
	'https://github.com/n8n-nodes-crypto-payout/n8n-nodes-crypto-payout/blob/main/README.md#crypto-payout-node';

export class CryptoPayout implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Crypto Payout',
		name: 'cryptoPayout',
		icon: 'file:cryptoPayout.svg',
		group: ['output'],
		version: 1,
		subtitle: nodeSubtitle,
		description:
			'Send crypto payouts through OxaPay or Cregis with exact amounts, never paying a reference twice. As an AI agent tool it reads (Get, Get Many, Check Address, Dry Run) and pays only if its options allow agent payouts, within a Max Total Per Currency that counts the whole agent run.',
		defaults: { name: 'Crypto Payout' },
		// Used as is by the editor's Docs link (a codex URL gets n8n's query string after its #anchor).
		documentationUrl: DOCS_URL,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// Required by n8n's verification scan. Wiring it into an AI agent is the operator's explicit
		// choice; every safeguard (references, caps, validation) applies to an agent's calls too.
		usableAsTool: true,
		credentials: nodeCredentials,
		properties: nodeProperties,
	};

	methods = { loadOptions: { getCurrencies, getNetworks } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runBatch(this);
	}
}

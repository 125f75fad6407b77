import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { createBatchState } from './actions/batch-state';
import { executeItem, validateAllItems } from './actions/router';
import { forEachBounded } from './shared/concurrency';
import { nodeCredentials, nodeProperties, nodeSubtitle } from './actions/operations';
import { getCurrencies, getNetworks } from './methods';

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
		const items = this.getInputData();
		const batch = createBatchState(this);
		if (batch.validateAllFirst) validateAllItems(this, items.length, batch);
		const output = new Array<INodeExecutionData[]>(items.length);
		try {
			await forEachBounded(items.length, batch.concurrency, async (itemIndex) => {
				output[itemIndex] = await executeItem(this, items, itemIndex, batch);
			});
		} finally {
			await batch.claims.finish();
		}
		return [output.flat()];
	}
}

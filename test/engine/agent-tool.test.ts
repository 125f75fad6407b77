/**
 * The node as an AI agent's tool: n8n runs the same execute under the type `cryptoPayoutTool`.
 * Reads work as usual; a payout needs the operator's explicit consent and a cap, and the cap
 * counts every tool call of the agent's execution.
 */
import type { INodeParameters } from 'n8n-workflow';

import type { Sandbox } from '../../sandbox';
import { runNode } from '../harness/n8n';
import { createParameters, credentialsFor, row, TRON_ADDRESS, useSandbox } from './fixtures';

const TOOL = 'n8n-nodes-crypto-payout.cryptoPayoutTool';
const getSandbox = useSandbox();
let sandbox: Sandbox;
beforeEach(() => {
	sandbox = getSandbox();
});

const capped = (maxTotal: string) => ({
	maxTotalPerCurrency: { limits: [{ currency: 'USDT', maxTotal }] },
});

async function toolCall(
	parameters: INodeParameters,
	reference: string,
	amount: string,
	executionId?: string,
) {
	const result = await runNode({
		nodeType: TOOL,
		parameters,
		credentials: credentialsFor(sandbox),
		items: [row({ reference, address: TRON_ADDRESS, amount, currency: 'USDT', network: 'TRC20' })],
		continueOnFail: true,
		executionId,
	});
	return result.items[0].json;
}

describe.each(['oxapay', 'cregis'] as const)('%s as an AI tool', (provider) => {
	it('reads as usual: Check Address', async () => {
		const json = await toolCall(
			{
				provider,
				operation: 'checkAddress',
				address: TRON_ADDRESS,
				network: 'TRC20',
				currency: '',
			},
			'R-1',
			'1',
		);
		expect(json.valid).toBe(true);
	});

	it('refuses Create Payout unless agent payouts are allowed, and sends nothing', async () => {
		const json = await toolCall(
			createParameters(provider, { options: capped('100') }),
			'AGENT-1',
			'5',
		);
		expect((json.error as { code?: string }).code ?? JSON.stringify(json.error)).toMatch(
			/AGENT_PAYOUT_NOT_ALLOWED/,
		);
		expect(sandbox.ledger()).toHaveLength(0);
	});

	it('refuses a currency without a Max Total Per Currency even when allowed', async () => {
		const json = await toolCall(
			createParameters(provider, { options: { allowAgentPayouts: true } }),
			'AGENT-2',
			'5',
		);
		expect(JSON.stringify(json.error)).toMatch(/AGENT_PAYOUT_NEEDS_CAP/);
		expect(sandbox.ledger()).toHaveLength(0);
	});

	it('Dry Run needs no consent: it sends nothing', async () => {
		const json = await toolCall(
			createParameters(provider, { options: { dryRun: true } }),
			'AGENT-3',
			'5',
		);
		expect(json.status).toBe('validated');
		expect(sandbox.ledger()).toHaveLength(0);
	});

	it('the cap counts every tool call of one execution, not each call alone', async () => {
		const parameters = createParameters(provider, {
			options: { allowAgentPayouts: true, ...capped('10') },
		});
		const executionId = `agent-run-${provider}`;
		const first = await toolCall(parameters, 'AGENT-4', '6', executionId);
		const second = await toolCall(parameters, 'AGENT-5', '6', executionId);
		expect(first.error).toBeNull();
		expect(JSON.stringify(second.error)).toMatch(/SPENDING_CAP_EXCEEDED/);
		expect(sandbox.ledger()).toHaveLength(1);
		// Another execution has its own total.
		const other = await toolCall(parameters, 'AGENT-6', '6', `agent-run-${provider}-2`);
		expect(other.error).toBeNull();
		expect(sandbox.ledger()).toHaveLength(2);
	});
});

/**
 * An AI agent can call this node as a tool (n8n makes a `<name>Tool` type of every node that is
 * usable as one, running the same execute). Reads are harmless; a payout chosen by a model is
 * not, so Create Payout is refused unless the operator allowed agent payouts and capped them.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { PayoutFailure } from '../../shared/errors';
import type { ValidatedPayout } from '../../shared/payout-model';

/** Per execution context: n8n's getNode() deep-copies the node (parameters included) on every call. */
const toolCalls = new WeakMap<IExecuteFunctions, boolean>();

/** `this.isToolExecution()` is false on some Agent paths; the node type is reliable. */
export function isToolCall(ctx: IExecuteFunctions): boolean {
	let tool = toolCalls.get(ctx);
	if (tool === undefined) {
		tool = ctx.getNode().type.endsWith('Tool');
		toolCalls.set(ctx, tool);
	}
	return tool;
}

export function assertAgentMayPay(
	ctx: IExecuteFunctions,
	allowed: boolean,
	hasLimit: (symbol: string) => boolean,
	payout: ValidatedPayout,
): void {
	if (!isToolCall(ctx)) return;
	if (!allowed) {
		throw new PayoutFailure(
			'AGENT_PAYOUT_NOT_ALLOWED',
			'An AI agent asked for a payout, and this node does not allow agent payouts, so nothing was sent.',
			{
				kind: 'configuration',
				description:
					'To let the agent pay, turn on Options → Allow AI Agent Payouts and set Max Total Per Currency for each currency it may send.',
			},
		);
	}
	const { symbol } = payout.asset;
	if (!hasLimit(symbol)) {
		throw new PayoutFailure(
			'AGENT_PAYOUT_NEEDS_CAP',
			`An AI agent asked for a ${symbol} payout, and Max Total Per Currency sets no ceiling for ${symbol}, so nothing was sent.`,
			{
				kind: 'configuration',
				field: 'maxTotalPerCurrency',
				description: `Add a ${symbol} limit under Options → Max Total Per Currency; it counts every payout of the agent's run.`,
			},
		);
	}
}

/**
 * Advice shown before a payout is sent, the same in Dry Run and in a real run: the address
 * checks' (validation: an address form with no checksum, one another coin shares) and the
 * provider's own (an amount below its minimum). Never blocks; shown in the item's message and as
 * an n8n execution hint naming the row.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import type { PayoutProvider, ProviderCallContext, ValidatedPayout } from '../../providers/types';
import { rowLabel } from '../node-errors';

export async function createWarnings(
	ctx: IExecuteFunctions,
	provider: PayoutProvider,
	call: ProviderCallContext,
	payout: ValidatedPayout,
	itemIndex: number,
): Promise<string[]> {
	const warnings = [...payout.warnings, ...((await provider.createWarnings?.(call, payout)) ?? [])];
	if (warnings.length && 'addExecutionHints' in ctx) {
		ctx.addExecutionHints(
			...warnings.map((message) => ({
				message: `${rowLabel(itemIndex, payout.reference)}: ${message}`,
				type: 'warning' as const,
			})),
		);
	}
	return warnings;
}

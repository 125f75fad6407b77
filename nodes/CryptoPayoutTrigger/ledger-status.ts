/**
 * With a payout ledger set in the provider's credential, each status callback that runs the
 * workflow also moves the ledger's row on (completed or failed, with the transaction hash), so
 * the table operators query shows where every payout is. Never backwards (the ledger refuses),
 * and never a reason to refuse the callback: a failed write is logged and the workflow runs.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { ledgerOf } from '../CryptoPayout/ledger';
import type { CallbackProvider } from './providers';

const MOVES = new Set(['pending', 'processing', 'completed', 'failed']);

export async function recordStatusInLedger(
	ctx: IExecuteFunctions,
	provider: CallbackProvider,
	payout: IDataObject,
): Promise<void> {
	const { status, payoutId, providerStatus, txHash } = payout;
	if (typeof payoutId !== 'string' || payoutId.startsWith('ref:') || !MOVES.has(String(status)))
		return;
	try {
		const ledger = await ledgerOf(await ctx.getCredentials(provider.credentialType));
		await ledger?.recordStatus({
			provider: provider.id,
			payoutId,
			status: status as 'pending' | 'processing' | 'completed' | 'failed',
			providerStatus: String(providerStatus ?? ''),
			txHash: typeof txHash === 'string' ? txHash : null,
		});
	} catch (error) {
		ctx.logger.warn('Crypto Payout Trigger could not write a status to the payout ledger', {
			provider: provider.id,
			payoutId,
			error: error instanceof Error ? error.message : 'unknown error',
		});
	}
}

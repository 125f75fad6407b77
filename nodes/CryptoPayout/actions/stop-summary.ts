/**
 * When a Create batch stops on an error (n8n's default On Error), n8n shows only that error: the
 * items already paid are not in the node's output. So the error itself names them, with their
 * payout ids, and the ones whose outcome is unknown: no payout that went out is invisible.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import type { ItemError } from './node-errors';
import { rowLabel } from './node-errors';

const SENT = new Set(['pending', 'processing', 'completed']);

export function sentBeforeStop(
	error: ItemError,
	output: Array<INodeExecutionData[] | undefined>,
): ItemError {
	const sent: string[] = [];
	const unknown: string[] = [];
	output.forEach((items, itemIndex) => {
		for (const { json } of items ?? []) {
			const row = rowLabel(itemIndex, json.reference);
			if (SENT.has(String(json.status))) sent.push(`${row} payout ${String(json.payoutId)}`);
			else if (json.status === 'unknown') unknown.push(row);
		}
	});
	if (!sent.length && !unknown.length) {
		error.description = `${error.description ?? ''} No payout of this batch was sent.`.trim();
		return error;
	}
	const parts = [
		sent.length ? `${sent.length} sent` : '',
		unknown.length ? `${unknown.length} with an unknown outcome` : '',
	].filter(Boolean);
	const ended = /[.!?]$/.test(error.message) ? error.message : `${error.message}.`;
	error.message = `${ended} The batch stopped here; before it, ${parts.join(' and ')} (see the details).`;
	error.description = [
		sent.length
			? `Sent before the batch stopped (do not pay these again): ${sent.join('; ')}.`
			: undefined,
		unknown.length
			? `Sent, outcome unknown (check them with Get Payout or in the provider's dashboard before paying again): ${unknown.join('; ')}.`
			: undefined,
		'A new run reports these references as duplicate and pays only the rest.',
		error.description,
	]
		.filter(Boolean)
		.join(' ');
	return error;
}

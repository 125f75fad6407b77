/** OxaPay payout records (info, history, callbacks) in the normalized shape. */
import type { IDataObject } from 'n8n-workflow';

import { decimalTextFromProvider } from '../../shared/decimal';
import { NETWORKS } from '../../shared/networks';
import { idText, normalizedPayout } from '../../shared/output';
import type { NormalizedPayout } from '../types';
import { OXAPAY_NETWORK_DISPLAY_NAMES, OXAPAY_NETWORK_KEYS } from './networks';
import { normalizeOxaPayStatus } from './status';

const REFERENCE_IN_DESCRIPTION = /^\[ref:([^\]\s]+)\]\s?(.*)$/s;

/** Splits `[ref:INV-1] March payroll` back into the reference and the operator's description. */
export function splitDescription(description: unknown): {
	reference: string | null;
	description: string | null;
} {
	if (typeof description !== 'string' || description === '')
		return { reference: null, description: null };
	const match = REFERENCE_IN_DESCRIPTION.exec(description);
	if (!match) return { reference: null, description };
	return { reference: match[1], description: match[2] || null };
}

/** OxaPay echoes display names ("Tron Network"); map them back to the node's network ids. */
export function networkIdFromOxaPay(name: unknown): string | null {
	if (typeof name !== 'string' || !name) return null;
	const lower = name.trim().toLowerCase();
	for (const network of NETWORKS) {
		const display = OXAPAY_NETWORK_DISPLAY_NAMES[network.id]?.toLowerCase();
		const key = OXAPAY_NETWORK_KEYS[network.id]?.toLowerCase();
		if (lower === display || lower === key) return network.id;
	}
	return name;
}

export function normalizeOxaPayPayout(data: IDataObject, operation: string): NormalizedPayout {
	const providerStatus = typeof data.status === 'string' ? data.status : null;
	const { reference, description } = splitDescription(data.description);
	const date = typeof data.date === 'number' ? data.date : undefined;
	return normalizedPayout({
		provider: 'oxapay',
		operation,
		payoutId: idText(data.track_id),
		reference,
		status: providerStatus ? normalizeOxaPayStatus(providerStatus) : 'unknown',
		providerStatus,
		currency: typeof data.currency === 'string' ? data.currency : null,
		network: networkIdFromOxaPay(data.network),
		address: typeof data.address === 'string' ? data.address : null,
		amount: decimalTextFromProvider(data.amount) ?? null,
		memo: typeof data.memo === 'string' && data.memo ? data.memo : null,
		description,
		txHash: typeof data.tx_hash === 'string' && data.tx_hash ? data.tx_hash : null,
		fee: decimalTextFromProvider(data.fee) ?? null,
		createdAt: date ? new Date(date * 1000).toISOString() : null,
		raw: data,
	});
}

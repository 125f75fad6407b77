import type { PayoutStatus } from '../types';

/**
 * OxaPay payout statuses (API table, lower case; callbacks capitalise them, and legacy pages use
 * Complete/Sending). Anything unrecognised is `unknown`, with the provider's value kept beside it.
 */
const STATUS_MAP: Record<string, PayoutStatus> = {
	processing: 'processing',
	sending: 'processing',
	confirming: 'processing',
	pending: 'pending',
	confirmed: 'completed',
	complete: 'completed',
	completed: 'completed',
	canceled: 'failed',
	cancelled: 'failed',
	rejected: 'failed',
	failed: 'failed',
};

export function normalizeOxaPayStatus(value: string): PayoutStatus {
	return STATUS_MAP[value.trim().toLowerCase()] ?? 'unknown';
}

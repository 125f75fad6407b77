import type { PayoutStatus } from '../types';

/**
 * Cregis payout statuses: 0 awaiting audit, 5 awaiting signature → pending; 1 signed → processing;
 * 6 success → completed; 2 sign reject, 3 audit cancel, 4 audit reject, 7 tx fail → failed.
 */
const STATUS_MAP: Record<string, PayoutStatus> = {
	'0': 'pending',
	'5': 'pending',
	'1': 'processing',
	'6': 'completed',
	'2': 'failed',
	'3': 'failed',
	'4': 'failed',
	'7': 'failed',
};

export function normalizeCregisStatus(value: unknown): PayoutStatus {
	return STATUS_MAP[String(value).trim()] ?? 'unknown';
}

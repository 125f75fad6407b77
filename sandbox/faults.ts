/**
 * Queued faults: each applies to the next N provider requests it matches, in the order they were
 * injected. The hot path (no faults queued) is a single length check.
 */
import type { Fault, FaultMatch } from './types';

interface QueuedFault {
	match: FaultMatch;
	fault: Fault;
	remaining: number;
}

export class FaultQueue {
	private queue: QueuedFault[] = [];

	add(match: FaultMatch, fault: Fault, times = 1): void {
		validateFault(fault);
		if (!(times === Infinity || (Number.isInteger(times) && times > 0))) {
			throw new Error('times must be a positive integer (or Infinity)');
		}
		if (
			match.provider !== undefined &&
			match.provider !== 'oxapay' &&
			match.provider !== 'cregis'
		) {
			throw new Error("match.provider must be 'oxapay' or 'cregis'");
		}
		this.queue.push({ match: { ...match }, fault: { ...fault }, remaining: times });
	}

	clear(): void {
		this.queue = [];
	}

	/** Takes (and uses up once) the first fault matching this request. */
	take(provider: 'oxapay' | 'cregis', method: string, path: string): Fault | undefined {
		if (this.queue.length === 0) return undefined;
		for (let i = 0; i < this.queue.length; i++) {
			const queued = this.queue[i];
			if (!matches(queued.match, provider, method, path)) continue;
			queued.remaining--;
			if (queued.remaining <= 0) this.queue.splice(i, 1);
			return queued.fault;
		}
		return undefined;
	}
}

function matches(match: FaultMatch, provider: string, method: string, path: string): boolean {
	if (match.provider !== undefined && match.provider !== provider) return false;
	if (match.method !== undefined && match.method.toUpperCase() !== method) return false;
	if (match.path === undefined) return true;
	if (typeof match.path === 'string') return match.path === path;
	match.path.lastIndex = 0;
	return match.path.test(path);
}

const nonNegative = (value: unknown): boolean =>
	typeof value === 'number' && Number.isFinite(value) && value >= 0;
const httpStatus = (value: unknown): boolean =>
	Number.isInteger(value) && (value as number) >= 100 && (value as number) <= 599;

/** Throws on a fault the sandbox cannot act on (they also arrive as JSON through the control API). */
export function validateFault(fault: Fault): void {
	if (typeof fault !== 'object' || fault === null) throw new Error('fault must be an object');
	switch (fault.kind) {
		case 'status':
			if (!httpStatus(fault.status)) throw new Error('fault.status must be an HTTP status code');
			if (fault.body !== undefined && typeof fault.body !== 'string')
				throw new Error('fault.body must be a string');
			return;
		case 'html':
		case 'malformed-json':
			if (fault.status !== undefined && !httpStatus(fault.status))
				throw new Error('fault.status must be an HTTP status code');
			return;
		case 'delay':
			if (!nonNegative(fault.ms)) throw new Error('fault.ms must be a non-negative number');
			return;
		case 'drop':
			if (typeof fault.afterProcessing !== 'boolean')
				throw new Error('fault.afterProcessing must be a boolean');
			return;
		case 'rate-limit':
			if (fault.retryAfterSeconds !== undefined && !nonNegative(fault.retryAfterSeconds)) {
				throw new Error('fault.retryAfterSeconds must be a non-negative number');
			}
			return;
		case 'ip-not-allowed':
		case 'server-error':
			return;
		default:
			throw new Error(`Unknown fault kind ${JSON.stringify((fault as { kind: unknown }).kind)}`);
	}
}

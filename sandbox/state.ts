/** Everything the provider handlers share: configuration, the ledger, and the Cregis nonce memory. */
import { Ledger } from './ledger';

export interface SandboxState {
	ledger: Ledger;
	oxapayKeys: ReadonlySet<string>;
	/** pid (digits) → API key. */
	cregisProjects: ReadonlyMap<string, string>;
	cregisTimestampWindowMs: number;
	nonces: NonceMemory;
}

/**
 * Remembers each (pid, nonce) for a window so a replayed Cregis request is refused. Expired
 * entries are swept at most once a minute, so the per-request cost stays one Map lookup.
 */
export class NonceMemory {
	private readonly seen = new Map<string, number>();
	private nextSweep = 0;

	constructor(private readonly windowMs: number) {}

	/** Records the nonce; false if it was already used inside the window. */
	use(pid: string, nonce: string, now: number): boolean {
		if (this.windowMs <= 0) return true;
		if (now >= this.nextSweep) this.sweep(now);
		const key = `${pid}\n${nonce}`;
		const expires = this.seen.get(key);
		if (expires !== undefined && expires > now) return false;
		this.seen.set(key, now + this.windowMs);
		return true;
	}

	clear(): void {
		this.seen.clear();
	}

	private sweep(now: number): void {
		for (const [key, expires] of this.seen) if (expires <= now) this.seen.delete(key);
		this.nextSweep = now + 60_000;
	}
}

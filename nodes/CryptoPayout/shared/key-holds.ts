/**
 * Keys being worked on right now by this n8n process (a reference whose payout is in flight).
 * JavaScript runs one callback at a time and n8n loads a node's module once per process, so the
 * synchronous check-and-set below is atomic across every item and every execution of the
 * process: two executions can never both hold a key.
 */
const holders = new Map<string, string>();

/** Takes `key` for `holder`. Returns the holder that already has it, or undefined when taken now. */
export function holdKey(key: string, holder: string): string | undefined {
	const current = holders.get(key);
	if (current !== undefined) return current;
	holders.set(key, holder);
	return undefined;
}

/** Lets go of `key` if `holder` has it (a release by anyone else is ignored). */
export function releaseKey(key: string, holder: string): void {
	if (holders.get(key) === holder) holders.delete(key);
}

/** Whether someone in this process holds `key` right now. Reads only (Dry Run). */
export function isKeyHeld(key: string): boolean {
	return holders.has(key);
}

/** For tests and diagnostics: how many keys this process holds. */
export function heldKeyCount(): number {
	return holders.size;
}

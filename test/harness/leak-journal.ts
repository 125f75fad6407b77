/**
 * Suite-wide secret scan. Every harness run appends what an operator could see — output items,
 * the execution error with every own property and its cause chain, and new log lines — to a
 * journal; test/harness/leak-scan.teardown.ts reads all journals after the suite and fails the
 * run if any test key appears. test/engine/secrets.test.ts also checks its own runs directly.
 */
import { appendFileSync } from 'fs';
import path from 'path';

/** Every key the tests hand to a credential, real-looking or deliberately wrong. */
export const TEST_SECRETS = [
	'sandbox-oxapay-payout-key-0000',
	'f502a9ac9ca54327986f29c03b271491',
	'wrong-key-0000',
	'another-fake-key',
	'00000000000000000000000000000000',
	'testpay-fake-key-0000', // TestPay, the test-only third provider (test/engine/third-provider.test.ts)
	'ledger-fake-password-0000', // the ledger tests' PostgreSQL roles (test/harness/postgres-cluster.ts)
];

export const JOURNAL_DIR_ENV = 'PAYOUT_LEAK_JOURNAL_DIR';

/** Serializes an error or object including non-enumerable own properties (message, stack, cause). */
export function exposeAll(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
	if (value === null || typeof value !== 'object')
		return typeof value === 'bigint' ? value.toString() : value;
	if (seen.has(value) || depth > 8) return '[…]';
	seen.add(value);
	if (Array.isArray(value)) return value.map((entry) => exposeAll(entry, depth + 1, seen));
	const out: Record<string, unknown> = {};
	for (const key of Object.getOwnPropertyNames(value)) {
		out[key] = exposeAll((value as Record<string, unknown>)[key], depth + 1, seen);
	}
	return out;
}

export function journal(kind: string, payload: unknown): void {
	const dir = process.env[JOURNAL_DIR_ENV];
	if (!dir) return;
	appendFileSync(
		path.join(dir, `${process.pid}.jsonl`),
		JSON.stringify({ kind, payload: exposeAll(payload) }) + '\n',
	);
}

export function findSecrets(text: string): string[] {
	return TEST_SECRETS.filter((secret) => text.includes(secret));
}

/**
 * Helpers for the ledger tests: the run's PostgreSQL cluster (started by global-setup.ts), a
 * fresh schema per test, claims with defaults, and a raw connection for looking at the table.
 */
import { randomUUID } from 'crypto';
import { Client } from 'pg';

import type { LedgerClaim, LedgerConfig, LedgerLimit } from '../../nodes/CryptoPayout/ledger/types';
import {
	LEDGER_TEST_DATABASE,
	LEDGER_TEST_PASSWORD,
	LEDGER_TEST_USER,
	TEST_PG_ENV,
	TEST_PG_ERROR_ENV,
} from './postgres-cluster';

export interface TestDatabase {
	host: string;
	port: number;
	url(user?: string, password?: string): string;
}

/** The cluster of this jest run; fails the calling test with the reason when it did not start. */
export function testDatabase(): TestDatabase {
	const failure = process.env[TEST_PG_ERROR_ENV];
	if (failure) throw new Error(`The ledger tests' PostgreSQL cluster did not start: ${failure}`);
	const raw = process.env[TEST_PG_ENV];
	if (!raw) throw new Error(`${TEST_PG_ENV} is not set: run the tests through jest.config.js`);
	const { host, port } = JSON.parse(raw) as { host: string; port: number };
	return {
		host,
		port,
		url: (user = LEDGER_TEST_USER, password = LEDGER_TEST_PASSWORD) =>
			`postgres://${user}:${encodeURIComponent(password)}@${host}:${port}/${LEDGER_TEST_DATABASE}`,
	};
}

/** A schema no other test uses. */
export function freshSchema(label: string): string {
	return `t_${label}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
}

export function ledgerConfig(schema: string): LedgerConfig {
	return { url: testDatabase().url(), schema };
}

let sequence = 0;

/** A claim of 10 USDT on tron; every field can be overridden. */
export function claimOf(overrides: Partial<LedgerClaim> = {}): LedgerClaim {
	sequence++;
	const reference = overrides.reference ?? overrides.referenceKey ?? `REF-${sequence}`;
	return {
		namespace: 'live',
		referenceKey: reference.trim().toUpperCase(),
		reference,
		provider: 'oxapay',
		account: 'api.oxapay.com:fp0000',
		workflowId: 'wf-1',
		executionId: 'ex-1',
		currency: 'USDT',
		network: 'tron',
		amount: '10',
		address: 'TXsmKpEuW7qWnXzJLGP9eDLvWPR2GRn1FS',
		...overrides,
	};
}

export function limitOf(overrides: Partial<LedgerLimit> = {}): LedgerLimit {
	return {
		currency: 'USDT',
		maxTotal: '100',
		period: 'rolling24h',
		timeZone: 'UTC',
		workflowId: 'wf-1',
		...overrides,
	};
}

/** Runs `work` on a plain connection as the ledger's database owner. */
export async function withClient<T>(work: (client: Client) => Promise<T>): Promise<T> {
	const client = new Client({ connectionString: testDatabase().url() });
	await client.connect();
	try {
		return await work(client);
	} finally {
		await client.end();
	}
}

/** Rows of `schema`.payouts as plain objects, ordered by reference key. */
export async function tableRows(schema: string): Promise<Array<Record<string, unknown>>> {
	return withClient(async (client) => {
		const result = await client.query(
			`SELECT namespace, reference_key, execution_id, workflow_id, currency, amount::text AS amount, status, payout_id, provider_status, tx_hash
			 FROM "${schema}".payouts ORDER BY namespace, reference_key`,
		);
		return result.rows as Array<Record<string, unknown>>;
	});
}

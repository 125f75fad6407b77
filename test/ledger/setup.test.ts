/**
 * Setting the ledger up: migrations (concurrent, versioned, idempotent, redone when the tables
 * vanish), schema names and permissions, the Ledger Database URL and its TLS modes, and errors
 * that never carry the password, against a real PostgreSQL.
 */
import { createServer, type Server } from 'net';

import { ledgerSchemaName, parseLedgerUrl } from '../../nodes/CryptoPayout/ledger/connection';
import { LATEST_VERSION } from '../../nodes/CryptoPayout/ledger/migrations';
import {
	closeSharedLedgers,
	openLedger,
	openUnsharedLedger,
} from '../../nodes/CryptoPayout/ledger/postgres';
import { PayoutFailure } from '../../nodes/CryptoPayout/shared/errors';
import { claimOf, freshSchema, ledgerConfig, testDatabase, withClient } from '../harness/ledger';
import { exposeAll, journal } from '../harness/leak-journal';
import {
	LEDGER_TEST_PASSWORD,
	LIMITED_TEST_USER,
	SPECIAL_TEST_PASSWORD,
	SPECIAL_TEST_USER,
} from '../harness/postgres-cluster';

afterAll(closeSharedLedgers);

/** Everything an operator could see of an error: every own property, the cause chain. */
function visible(error: unknown): string {
	journal('ledger-error', error);
	return JSON.stringify(exposeAll(error));
}

async function failureOf(promise: Promise<unknown>): Promise<PayoutFailure> {
	const error = await promise.then(
		() => undefined,
		(caught: unknown) => caught,
	);
	expect(error).toBeInstanceOf(PayoutFailure);
	return error as PayoutFailure;
}

describe('migrations', () => {
	it('6 workers opening a new schema at once: no error, each migration applied once', async () => {
		const schema = freshSchema('mig');
		const opened = await Promise.all(
			Array.from({ length: 6 }, () => openUnsharedLedger(ledgerConfig(schema))),
		);
		try {
			const versions = await withClient((client) =>
				client.query(`SELECT version FROM "${schema}".ledger_migrations ORDER BY version`),
			);
			expect(versions.rows.map((row) => row.version)).toEqual([LATEST_VERSION]);
			const claims = await Promise.all(
				opened.map((entry, index) =>
					entry.ledger.claim([claimOf({ reference: `M-${index}` })], []),
				),
			);
			expect(claims.flat().every((verdict) => verdict.claimed)).toBe(true);
		} finally {
			await Promise.all(opened.map((entry) => entry.close()));
		}
	});

	it('opening again changes nothing; the table has the documented columns and indexes', async () => {
		const schema = freshSchema('again');
		const first = await openUnsharedLedger(ledgerConfig(schema));
		await first.close();
		const second = await openUnsharedLedger(ledgerConfig(schema));
		await second.close();
		await withClient(async (client) => {
			const columns = await client.query(
				`SELECT column_name, data_type FROM information_schema.columns
				 WHERE table_schema = $1 AND table_name = 'payouts' ORDER BY ordinal_position`,
				[schema],
			);
			expect(columns.rows.map((row) => `${row.column_name} ${row.data_type}`)).toEqual([
				'id bigint',
				'namespace text',
				'reference_key text',
				'reference text',
				'provider text',
				'account text',
				'workflow_id text',
				'execution_id text',
				'currency text',
				'network text',
				'amount numeric',
				'address text',
				'status text',
				'payout_id text',
				'provider_status text',
				'tx_hash text',
				'claimed_at timestamp with time zone',
				'updated_at timestamp with time zone',
			]);
			const indexes = await client.query(
				`SELECT indexname FROM pg_indexes WHERE schemaname = $1 ORDER BY indexname`,
				[schema],
			);
			expect(indexes.rows.map((row) => row.indexname)).toEqual([
				'ledger_migrations_pkey',
				'payouts_limit_window_idx',
				'payouts_namespace_reference_key_key',
				'payouts_pkey',
				'payouts_provider_payout_id_idx',
				'payouts_status_idx',
			]);
			const versions = await client.query(
				`SELECT count(*)::int AS n FROM "${schema}".ledger_migrations`,
			);
			expect(versions.rows[0].n).toBe(1);
		});
	});

	it('shares one ledger per (URL, schema) in a process, and migrates again when the schema was dropped', async () => {
		const schema = freshSchema('drop');
		const ledger = await openLedger(ledgerConfig(schema));
		expect(await openLedger(ledgerConfig(schema))).toBe(ledger);
		await withClient((client) => client.query(`DROP SCHEMA "${schema}" CASCADE`));
		const failure = await failureOf(ledger.claim([claimOf({ reference: 'GONE' })], []));
		expect(failure.code).toBe('LEDGER_ERROR');
		expect(failure.providerCode).toBe('42P01');
		const reopened = await openLedger(ledgerConfig(schema));
		expect(await reopened.claim([claimOf({ reference: 'GONE' })], [])).toEqual([{ claimed: true }]);
	});

	it('uses a schema a DBA created for a user that may not create schemas; says what to grant when it may not', async () => {
		const url = testDatabase().url(LIMITED_TEST_USER);
		const preset = await openUnsharedLedger({ url, schema: 'preset' });
		try {
			expect(await preset.ledger.claim([claimOf({ reference: 'P-1' })], [])).toEqual([
				{ claimed: true },
			]);
		} finally {
			await preset.close();
		}
		const failure = await failureOf(openLedger({ url, schema: freshSchema('denied') }));
		expect(failure.code).toBe('LEDGER_PERMISSION_DENIED');
		expect(failure.description).toContain('CREATE SCHEMA');
	});
});

describe('schema names', () => {
	it.each([
		['', 'crypto_payout'],
		['  Crypto_Payout ', 'crypto_payout'],
		['ledger2', 'ledger2'],
		['_x', '_x'],
	])('"%s" → %s', (input, expected) => {
		expect(ledgerSchemaName(input)).toBe(expected);
	});

	it.each(['bad-name', 'pg_catalog', 'x"; DROP TABLE t; --', '1abc', 'a'.repeat(64), 'naïve'])(
		'refuses %s with INVALID_LEDGER_SCHEMA',
		(input) => {
			expect(() => ledgerSchemaName(input)).toThrow(
				expect.objectContaining({ code: 'INVALID_LEDGER_SCHEMA', field: 'ledgerSchema' }),
			);
		},
	);
});

describe('the Ledger Database URL', () => {
	const secret = 'S3cret:p@ss/word#?';
	const encoded = encodeURIComponent(secret);

	it('reads host, port, user, password (percent-decoded), database and sslmode', () => {
		expect(
			parseLedgerUrl(`postgresql://payer:${encoded}@db.internal:6543/ledger?sslmode=require`),
		).toEqual({
			host: 'db.internal',
			port: 6543,
			user: 'payer',
			password: secret,
			database: 'ledger',
			ssl: 'verify-full',
		});
		expect(parseLedgerUrl('postgres://u@[::1]/d')).toMatchObject({
			host: '::1',
			port: 5432,
			password: '',
			ssl: 'disable',
		});
		expect(parseLedgerUrl('postgres://u:p@h/d?sslmode=no-verify').ssl).toBe('no-verify');
		expect(parseLedgerUrl('postgres://u:p@h/d?sslmode=verify-full').ssl).toBe('verify-full');
		expect(parseLedgerUrl('postgres://u:p@h/d?sslmode=disable').ssl).toBe('disable');
	});

	it.each([
		['not a URL', `${secret}`],
		['another scheme', `mysql://u:${encoded}@h/d`],
		['no database', `postgres://u:${encoded}@h`],
		['no user', `postgres://:${encoded}@h/d`],
		['several hosts', `postgres://u:${encoded}@h1,h2/d`],
		['an unknown sslmode', `postgres://u:${encoded}@h/d?sslmode=prefer-not`],
		[
			'a parameter that would read a file',
			`postgres://u:${encoded}@h/d?sslrootcert=/etc/passwd&password=${encoded}`,
		],
		['a raw # in the password', `postgres://u:pa#${encoded}@h/d`],
	])('refuses %s with INVALID_LEDGER_URL and never repeats the password', (_label, url) => {
		let caught: unknown;
		try {
			parseLedgerUrl(url);
		} catch (error) {
			caught = error;
		}
		expect(caught).toMatchObject({ code: 'INVALID_LEDGER_URL', field: 'ledgerUrl' });
		const text = visible(caught);
		expect(text).not.toContain(secret);
		expect(text).not.toContain(encoded);
		expect(text).not.toContain('pa#');
	});

	it('names the unknown parameters, not their values', () => {
		expect(() =>
			parseLedgerUrl(`postgres://u:p@h/d?sslrootcert=/etc/x&application_name=${encoded}`),
		).toThrow('parameters the ledger does not read: sslrootcert, application_name.');
	});

	it('connects with a password full of URL characters, percent-encoded', async () => {
		expect(encodeURIComponent(SPECIAL_TEST_PASSWORD)).not.toBe(SPECIAL_TEST_PASSWORD);
		const url = testDatabase().url(SPECIAL_TEST_USER, SPECIAL_TEST_PASSWORD);
		const opened = await openUnsharedLedger({ url, schema: 'special' });
		try {
			expect(await opened.ledger.claim([claimOf({ reference: 'SP-1' })], [])).toEqual([
				{ claimed: true },
			]);
		} finally {
			await opened.close();
		}
	});
});

describe('errors carry no secret', () => {
	const database = () => testDatabase();

	it('a wrong password: LEDGER_LOGIN_REFUSED naming the user and host, not the password', async () => {
		const wrong = 'ledger-fake-password-0000-wrong';
		const failure = await failureOf(
			openLedger({ url: database().url(undefined, wrong), schema: freshSchema('pw') }),
		);
		expect(failure).toMatchObject({
			code: 'LEDGER_LOGIN_REFUSED',
			kind: 'configuration',
			providerCode: '28P01',
		});
		expect(failure.message).toContain(`user "payout_ledger"`);
		expect(failure.message).toContain(`127.0.0.1:${database().port}`);
		const text = visible(failure);
		expect(text).not.toContain(wrong);
		expect(text).not.toContain('postgres://');
	});

	it('an unreachable host (a closed port): LEDGER_UNREACHABLE without the password', async () => {
		const closedPort = await new Promise<number>((resolve) => {
			const server: Server = createServer();
			server.listen(0, '127.0.0.1', () => {
				const address = server.address();
				server.close(() => resolve(typeof address === 'object' && address ? address.port : 1));
			});
		});
		const url = `postgres://payout_ledger:${LEDGER_TEST_PASSWORD}@127.0.0.1:${closedPort}/payouts`;
		const failure = await failureOf(openLedger({ url, schema: 'crypto_payout' }));
		expect(failure.code).toBe('LEDGER_UNREACHABLE');
		expect(visible(failure)).not.toContain(LEDGER_TEST_PASSWORD);
	});

	it('a host that never answers the handshake: LEDGER_UNREACHABLE after the connect timeout, without the password', async () => {
		// A server that accepts the connection and says nothing: the driver's own timeout fires.
		const sockets: Array<import('net').Socket> = [];
		const silent = createServer((socket) => sockets.push(socket));
		const port = await new Promise<number>((resolve) =>
			silent.listen(0, '127.0.0.1', () => {
				const address = silent.address();
				resolve(typeof address === 'object' && address ? address.port : 1);
			}),
		);
		try {
			const url = `postgres://payout_ledger:${LEDGER_TEST_PASSWORD}@127.0.0.1:${port}/payouts`;
			const failure = await failureOf(openLedger({ url, schema: 'crypto_payout' }));
			expect(failure.code).toBe('LEDGER_UNREACHABLE');
			expect(visible(failure)).not.toContain(LEDGER_TEST_PASSWORD);
		} finally {
			for (const socket of sockets) socket.destroy();
			silent.close();
		}
	}, 20_000);

	it('sslmode=verify-full against a server without TLS: LEDGER_TLS_FAILED, without the password', async () => {
		const failure = await failureOf(
			openLedger({ url: `${database().url()}?sslmode=verify-full`, schema: freshSchema('tls') }),
		);
		expect(failure.code).toBe('LEDGER_TLS_FAILED');
		expect(visible(failure)).not.toContain(LEDGER_TEST_PASSWORD);
	});

	it('a statement the server refuses: its message is shown scrubbed, the driver error is not attached', async () => {
		const schema = freshSchema('refused');
		const ledger = await openLedger(ledgerConfig(schema));
		await withClient((client) =>
			client.query(`ALTER TABLE "${schema}".payouts ADD CONSTRAINT no_big CHECK (amount < 1000)`),
		);
		const failure = await failureOf(
			ledger.claim([claimOf({ reference: 'BIG', amount: '5000' })], []),
		);
		expect(failure.code).toBe('LEDGER_ERROR');
		expect(failure.providerCode).toBe('23514');
		expect(failure.message).toContain('no_big');
		expect(Object.keys(failure)).not.toContain('cause');
		expect(visible(failure)).not.toContain(LEDGER_TEST_PASSWORD);
	});
});

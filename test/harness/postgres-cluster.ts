/**
 * A throw-away PostgreSQL cluster on 127.0.0.1 for the ledger tests and the ledger benchmark:
 * `initdb` into a folder under the OS temp dir, started with `pg_ctl` on a free port, fsync off,
 * password (SCRAM) authentication over TCP so that a wrong password is refused as in production.
 * As root the server runs as the user `postgres` (it refuses to run as root), as e2e/lib/services
 * does. The binaries come from Debian's `postgresql` package (scripts/test.sh installs it when
 * missing); PAYOUT_TEST_PG_BIN overrides the folder.
 *
 * A watchdog shell stops the server and deletes its folder if the process that started it dies
 * without stopping it (a killed jest run leaves nothing behind).
 */
import { execFileSync, spawn, spawnSync } from 'child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { createServer } from 'net';
import { tmpdir } from 'os';
import path from 'path';

/** The fake password of the tests' database roles (in TEST_SECRETS: the suite scans for it). */
export const LEDGER_TEST_PASSWORD = 'ledger-fake-password-0000';
/** Owner of the test database: may create schemas. */
export const LEDGER_TEST_USER = 'payout_ledger';
/** May connect, but not create schemas: only use the one a DBA prepared for it (`preset`). */
export const LIMITED_TEST_USER = 'payout_limited';
/** Has a password full of URL characters, percent-encoded in its URL; owns the schema `special`. */
export const SPECIAL_TEST_USER = 'payout_special';
export const SPECIAL_TEST_PASSWORD = `${LEDGER_TEST_PASSWORD}:@/?#%'`;
export const LEDGER_TEST_DATABASE = 'payouts';
/** How global-setup.ts hands the cluster (or why it did not start) to the test workers. */
export const TEST_PG_ENV = 'PAYOUT_TEST_PG';
export const TEST_PG_ERROR_ENV = 'PAYOUT_TEST_PG_ERROR';

export interface PostgresCluster {
	host: string;
	port: number;
	dir: string;
	/** postgres://user:password@127.0.0.1:port/payouts */
	url(user?: string, password?: string): string;
	/** Runs SQL as the superuser over the cluster's socket; returns psql's unaligned output. */
	psql(sql: string, database?: string): string;
	stop(): void;
}

export function postgresBin(): string | undefined {
	if (process.env.PAYOUT_TEST_PG_BIN) return process.env.PAYOUT_TEST_PG_BIN;
	const base = '/usr/lib/postgresql';
	if (existsSync(base)) {
		const newest = readdirSync(base)
			.filter((name) => /^\d+$/.test(name) && existsSync(path.join(base, name, 'bin', 'initdb')))
			.sort((a, b) => Number(b) - Number(a))[0];
		if (newest) return path.join(base, newest, 'bin');
	}
	const found = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
	return found.status === 0 && found.stdout.trim() ? path.dirname(found.stdout.trim()) : undefined;
}

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

/** Server settings beyond the test defaults, e.g. { shared_buffers: '512MB' } (the benchmark). */
export async function startPostgresCluster(
	settings: Record<string, string> = {},
): Promise<PostgresCluster> {
	const bin = postgresBin();
	if (!bin || !existsSync(path.join(bin, 'pg_ctl'))) {
		throw new Error(
			'PostgreSQL is not installed: apt-get install -y postgresql (scripts/test.sh does it as root), or set PAYOUT_TEST_PG_BIN.',
		);
	}
	const asRoot = process.getuid?.() === 0;
	const dir = mkdtempSync(path.join(tmpdir(), 'payout-ledger-pg-'));
	const data = path.join(dir, 'data');
	const socketDir = dir;
	const logFile = path.join(dir, 'postgres.log');
	const pwFile = path.join(dir, 'superuser-password');
	writeFileSync(pwFile, `${LEDGER_TEST_PASSWORD}\n`);
	if (asRoot) {
		const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
		const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
		chownSync(dir, uid, gid);
		chownSync(pwFile, uid, gid);
	}
	const run = (command: string, argv: string[], timeoutMs = 60_000) => {
		const [file, args] = asRoot
			? ['runuser', ['-u', 'postgres', '--', path.join(bin, command), ...argv]]
			: [path.join(bin, command), argv];
		const result = spawnSync(file, args, {
			cwd: dir,
			env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8' },
			encoding: 'utf8',
			timeout: timeoutMs,
		});
		if (result.status !== 0) {
			throw new Error(
				`${command} exited ${result.status ?? result.signal}: ${(result.stderr || result.stdout).slice(-2000)}`,
			);
		}
		return result.stdout;
	};

	run('initdb', [
		'-D',
		data,
		'-U',
		'postgres',
		`--pwfile=${pwFile}`,
		'--auth-local=trust',
		'--auth-host=scram-sha-256',
		'-E',
		'UTF8',
		'--no-locale',
		'--no-sync',
	]);
	let port = 0;
	let started = false;
	for (let attempt = 0; attempt < 3 && !started; attempt++) {
		port = await freePort();
		// No durability needed: the cluster lives for one test run.
		const extra = Object.entries(settings)
			.map(([name, value]) => ` -c ${name}=${value}`)
			.join('');
		const options = `-p ${port} -k ${socketDir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200${extra}`;
		try {
			run('pg_ctl', ['-D', data, '-l', logFile, '-w', '-t', '60', '-o', options, 'start'], 90_000);
			started = true;
		} catch (error) {
			if (attempt === 2) throw error;
		}
	}
	const stopServer = () => {
		spawnSync(
			asRoot ? 'runuser' : path.join(bin, 'pg_ctl'),
			asRoot
				? [
						'-u',
						'postgres',
						'--',
						path.join(bin, 'pg_ctl'),
						'-D',
						data,
						'-m',
						'immediate',
						'-w',
						'stop',
					]
				: ['-D', data, '-m', 'immediate', '-w', 'stop'],
			{ cwd: tmpdir(), timeout: 30_000 },
		);
	};
	// Stops the server if this process dies without calling stop() (a killed test run).
	const watchdog = spawn(
		'sh',
		[
			'-c',
			`while kill -0 ${process.pid} 2>/dev/null && [ -d "$0" ]; do sleep 2; done; ${
				asRoot ? `runuser -u postgres -- "$1/pg_ctl"` : `"$1/pg_ctl"`
			} -D "$0/data" -m immediate -w stop >/dev/null 2>&1; rm -rf "$0"`,
			dir,
			bin,
		],
		{ detached: true, stdio: 'ignore' },
	);
	watchdog.unref();

	const psql = (sql: string, database = 'postgres') =>
		run('psql', [
			'-h',
			socketDir,
			'-p',
			String(port),
			'-U',
			'postgres',
			'-d',
			database,
			'-v',
			'ON_ERROR_STOP=1',
			'-qAt',
			'-c',
			sql,
		]);
	psql(`CREATE ROLE ${LEDGER_TEST_USER} LOGIN PASSWORD '${LEDGER_TEST_PASSWORD}'`);
	psql(`CREATE ROLE ${LIMITED_TEST_USER} LOGIN PASSWORD '${LEDGER_TEST_PASSWORD}'`);
	psql(
		`CREATE ROLE ${SPECIAL_TEST_USER} LOGIN PASSWORD '${SPECIAL_TEST_PASSWORD.replace(/'/g, "''")}'`,
	);
	psql(`CREATE DATABASE ${LEDGER_TEST_DATABASE} OWNER ${LEDGER_TEST_USER}`);
	psql(
		`REVOKE CREATE ON SCHEMA public FROM PUBLIC; CREATE SCHEMA preset AUTHORIZATION ${LIMITED_TEST_USER}; CREATE SCHEMA special AUTHORIZATION ${SPECIAL_TEST_USER}`,
		LEDGER_TEST_DATABASE,
	);

	return {
		host: '127.0.0.1',
		port,
		dir,
		url: (user = LEDGER_TEST_USER, password = LEDGER_TEST_PASSWORD) =>
			`postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/${LEDGER_TEST_DATABASE}`,
		psql,
		stop() {
			stopServer();
			rmSync(dir, { recursive: true, force: true });
		},
	};
}

/**
 * Throw-away Postgres and Redis for queue mode, on 127.0.0.1 and free ports.
 *
 * Postgres: a fresh cluster (`initdb`) in a folder of the run's work folder, started with
 * `pg_ctl start`, run as the user `postgres` when this process is root (the server refuses to run
 * as root), deleted again on stop and on exit. Redis: `redis-server --save ''` as a child process,
 * stopped by process group. The binaries come from Debian's `postgresql` and `redis-server`
 * packages (scripts/e2e.sh installs them when missing); E2E_PG_BIN overrides the Postgres bin folder.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';

import {
	freePort,
	onExit,
	run,
	sleep,
	startBackground,
	stopBackground,
	tail,
	type RunOptions,
} from './processes';

/** The folder holding initdb, pg_ctl, psql: E2E_PG_BIN, the newest /usr/lib/postgresql/N/bin, or PATH. */
export function postgresBin(): string | undefined {
	if (process.env.E2E_PG_BIN) return process.env.E2E_PG_BIN;
	const base = '/usr/lib/postgresql';
	if (existsSync(base)) {
		const versions = readdirSync(base)
			.filter((name) => /^\d+$/.test(name) && existsSync(path.join(base, name, 'bin', 'initdb')))
			.sort((a, b) => Number(b) - Number(a));
		if (versions.length > 0) return path.join(base, versions[0], 'bin');
	}
	const found = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
	if (found.status === 0 && found.stdout.trim()) return path.dirname(found.stdout.trim());
	return undefined;
}

export function redisServerBin(): string | undefined {
	const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
	return found.status === 0 && found.stdout.trim() ? found.stdout.trim() : undefined;
}

export interface Postgres {
	host: string;
	port: number;
	database: string;
	user: string;
	password: string;
	/** `postgres --version`. */
	version: string;
	/** Runs one SQL statement as the n8n role; returns the rows, each a list of column texts. */
	query(sql: string): Promise<string[][]>;
	stop(): Promise<void>;
}

// Field and record separators psql puts between values: control characters JSON text never holds raw.
const FIELD = '\x1f';
const RECORD = '\x1e';

/** Starts a fresh cluster under `dir` (inside `work`) and creates role and database `n8n`. */
export async function startPostgres({
	dir,
	work,
}: {
	dir: string;
	work: string;
}): Promise<Postgres> {
	const bin = postgresBin();
	if (!bin || !existsSync(path.join(bin, 'pg_ctl')))
		throw new Error('Postgres is not installed (apt-get install -y postgresql, or set E2E_PG_BIN)');
	const asRoot = process.getuid?.() === 0;
	const data = path.join(dir, 'data');
	const sockets = path.join(dir, 'sock');
	const logFile = path.join(dir, 'postgres.log');
	mkdirSync(sockets, { recursive: true });
	if (asRoot) {
		const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
		const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
		// The server runs as postgres: it must reach its folder through the (root-owned, 0700) work folder.
		chmodSync(work, 0o711);
		chownSync(dir, uid, gid);
		chownSync(sockets, uid, gid);
	}
	const as = (command: string, argv: string[], options: Partial<RunOptions> = {}) =>
		asRoot
			? run('runuser', ['-u', 'postgres', '--', path.join(bin, command), ...argv], {
					cwd: dir,
					env: { PATH: process.env.PATH, LANG: 'C.UTF-8' },
					timeoutMs: 60_000,
					...options,
				})
			: run(path.join(bin, command), argv, {
					cwd: dir,
					env: { ...process.env, LANG: 'C.UTF-8' },
					timeoutMs: 60_000,
					...options,
				});

	const init = await as(
		'initdb',
		['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync'],
		{ timeoutMs: 120_000 },
	);
	if (init.code !== 0)
		throw new Error(`initdb exited ${init.code}\n${tail(init.stdout + init.stderr)}`);
	const port = await freePort();
	// No durability needed: the cluster lives for one test run.
	const serverOptions = `-p ${port} -k ${sockets} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60`;
	const pgCtl = (argv: string[], timeoutMs = 60_000) =>
		as('pg_ctl', ['-D', data, ...argv], { timeoutMs });
	let running = false;
	const removeCluster = () => rmSync(data, { recursive: true, force: true });
	// Also on a crash or a signal: stop the server synchronously, then delete its files.
	onExit(() => {
		if (running) {
			const argv = ['-D', data, '-m', 'immediate', '-w', '-t', '20', 'stop'];
			if (asRoot)
				spawnSync('runuser', ['-u', 'postgres', '--', path.join(bin, 'pg_ctl'), ...argv], {
					cwd: dir,
					timeout: 30_000,
				});
			else spawnSync(path.join(bin, 'pg_ctl'), argv, { cwd: dir, timeout: 30_000 });
			running = false;
		}
		removeCluster();
	});
	const started = await pgCtl(
		['-l', logFile, '-w', '-t', '60', '-o', serverOptions, 'start'],
		90_000,
	);
	running = started.code === 0;
	if (started.code !== 0)
		throw new Error(
			`pg_ctl start exited ${started.code}\n${tail(started.stdout + started.stderr)}`,
		);

	const password = 'n8n-e2e-password';
	const psql = (user: string, database: string, extra: string[]) =>
		as('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', user, '-d', database, ...extra], {
			timeoutMs: 30_000,
		});
	const created = await psql('postgres', 'postgres', [
		'-v',
		'ON_ERROR_STOP=1',
		'-q',
		'-c',
		`CREATE ROLE n8n LOGIN PASSWORD '${password}'`,
		'-c',
		'CREATE DATABASE n8n OWNER n8n',
	]);
	if (created.code !== 0)
		throw new Error(
			`creating role/database n8n failed (${created.code})\n${tail(created.stdout + created.stderr)}`,
		);

	return {
		host: '127.0.0.1',
		port,
		database: 'n8n',
		user: 'n8n',
		password,
		version: (await as('postgres', ['--version'], { timeoutMs: 10_000 })).stdout.trim(),
		async stop() {
			if (running) {
				await pgCtl(['-m', 'fast', '-w', '-t', '30', 'stop'], 45_000);
				running = false;
			}
			removeCluster();
		},
		async query(sql: string) {
			const result = await psql('n8n', 'n8n', ['-At', '-F', FIELD, '-R', RECORD, '-c', sql]);
			if (result.code !== 0) throw new Error(`psql: ${result.stderr}`);
			return result.stdout
				.replace(/\n$/, '')
				.split(RECORD)
				.filter(Boolean)
				.map((line) => line.split(FIELD));
		},
	};
}

/** A postgres:// URL for the role and database `n8n` (the password percent-encoded), e.g. a ledger URL. */
export function postgresUrl(postgres: Postgres): string {
	return `postgres://${postgres.user}:${encodeURIComponent(postgres.password)}@${postgres.host}:${postgres.port}/${postgres.database}`;
}

export interface Redis {
	host: string;
	port: number;
	version: string;
	stop(): Promise<void>;
}

/** redis-server on a free loopback port, no persistence, as a child process of this one. */
export async function startRedis({
	dir,
	logFile,
}: {
	dir: string;
	logFile?: string;
}): Promise<Redis> {
	const bin = redisServerBin();
	if (!bin) throw new Error('redis-server is not installed (apt-get install -y redis-server)');
	mkdirSync(dir, { recursive: true });
	const port = await freePort();
	const state = startBackground(
		bin,
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--save',
			'',
			'--appendonly',
			'no',
			'--daemonize',
			'no',
			'--dir',
			dir,
		],
		{ cwd: dir, env: { PATH: process.env.PATH }, logFile },
	);
	const deadline = Date.now() + 30_000;
	while (Date.now() < deadline && !state.exited) {
		if (/Ready to accept connections/.test(state.output)) {
			const version = /version=(\d+\.\d+\.\d+)/.exec(state.output)?.[1] ?? '?';
			return { host: '127.0.0.1', port, version, stop: () => stopBackground(state, 10_000) };
		}
		await sleep(100);
	}
	await stopBackground(state, 5_000);
	throw new Error(`redis-server did not start:\n${tail(state.output)}`);
}

/** What queue mode runs on: a Postgres cluster and a Redis, with a fresh Bull prefix. */
export interface QueueServices {
	postgres: Postgres;
	redis: Redis;
	/** QUEUE_BULL_PREFIX: fresh per run, so no job of another run is picked up. */
	bullPrefix: string;
	stop(): Promise<void>;
}

/** Postgres in `<work>/pg` and Redis in `<work>/redis` (its log in `logs`). */
export async function startQueueServices({
	work,
	logs,
}: {
	work: string;
	logs: string;
}): Promise<QueueServices> {
	const pgDir = path.join(work, 'pg');
	mkdirSync(pgDir);
	const postgres = await startPostgres({ dir: pgDir, work });
	let redis: Redis;
	try {
		redis = await startRedis({
			dir: path.join(work, 'redis'),
			logFile: path.join(logs, 'redis.log'),
		});
	} catch (error) {
		await postgres.stop();
		throw error;
	}
	return {
		postgres,
		redis,
		bullPrefix: `cpx-e2e-${randomBytes(4).toString('hex')}`,
		async stop() {
			await redis.stop();
			await postgres.stop();
		},
	};
}

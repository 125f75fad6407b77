/**
 * Every environment variable the kit gives n8n, and why. Loopback only, no telemetry, version
 * checks or templates; one user folder; the database and queue of the mode; in queue mode every
 * process shares one N8N_ENCRYPTION_KEY (a worker without it exits with WorkerMissingEncryptionKey).
 */
import os from 'node:os';

import type { N8nInstall } from './install';
import type { QueueServices } from './services';

export interface EnvironmentOf {
	install: N8nInstall;
	/** N8N_USER_FOLDER (n8n appends /.n8n). */
	home: string;
	/** n8n's file folder (N8N_RESTRICT_FILE_ACCESS_TO). */
	files: string;
	encryptionKey?: string;
	queue?: QueueServices;
}

/** What every n8n process of an instance gets: CLI commands, `n8n start`, `n8n worker`. */
export function n8nEnvironment({
	install,
	home,
	files,
	encryptionKey,
	queue,
}: EnvironmentOf): NodeJS.ProcessEnv {
	return {
		PATH: `${install.nodeBinDir}:${process.env.PATH ?? ''}`,
		HOME: process.env.HOME ?? home,
		LANG: process.env.LANG ?? 'C.UTF-8',
		TMPDIR: process.env.TMPDIR ?? os.tmpdir(),
		N8N_USER_FOLDER: home,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_RESTRICT_FILE_ACCESS_TO: files,
		// `info`: the execute result is printed through the info logger.
		N8N_LOG_LEVEL: 'info',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		...(encryptionKey ? { N8N_ENCRYPTION_KEY: encryptionKey } : {}),
		...(queue
			? {
					EXECUTIONS_MODE: 'queue',
					DB_TYPE: 'postgresdb',
					DB_POSTGRESDB_HOST: queue.postgres.host,
					DB_POSTGRESDB_PORT: String(queue.postgres.port),
					DB_POSTGRESDB_DATABASE: queue.postgres.database,
					DB_POSTGRESDB_USER: queue.postgres.user,
					DB_POSTGRESDB_PASSWORD: queue.postgres.password,
					QUEUE_BULL_REDIS_HOST: queue.redis.host,
					QUEUE_BULL_REDIS_PORT: String(queue.redis.port),
					QUEUE_BULL_PREFIX: queue.bullPrefix,
				}
			: { EXECUTIONS_MODE: 'regular', DB_TYPE: 'sqlite' }),
	};
}

/**
 * `n8n start` on 127.0.0.1:port: editor and webhook URLs on that port, its own task-broker port
 * (two n8n processes at once would clash on 5679).
 */
export function mainEnvironment(port: number, brokerPort: number): Record<string, string> {
	const base = `http://127.0.0.1:${port}`;
	return {
		N8N_PORT: String(port),
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: `${base}/`,
		WEBHOOK_URL: `${base}/`,
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		// Plain http on loopback: the auth cookie must not be marked Secure.
		N8N_SECURE_COOKIE: 'false',
	};
}

/** `n8n worker`: its own broker port and a health check on 127.0.0.1:healthPort. */
export function workerEnvironment(healthPort: number, brokerPort: number): Record<string, string> {
	return {
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		QUEUE_HEALTH_CHECK_ACTIVE: 'true',
		QUEUE_HEALTH_CHECK_PORT: String(healthPort),
		N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
	};
}

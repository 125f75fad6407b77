/**
 * Process environment for the n8n harness. Imported FIRST by ./n8n.ts: @n8n/config classes read
 * process.env once, when the DI container first builds them, so these values must be in place
 * before any n8n-core code asks for InstanceSettings & co.
 */
import { mkdirSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';

// InstanceSettings writes `<N8N_USER_FOLDER>/.n8n/config` (a generated encryption key) on first
// use. Always use a scratch folder so tests never touch ~/.n8n, even when the developer has
// N8N_USER_FOLDER set for a real n8n. One folder per user and Jest worker slot: reused across runs
// instead of piling up in /tmp, and never shared by two workers of the same run.
const slot = process.env.JEST_WORKER_ID ?? `pid-${process.pid}`;
export const n8nUserFolder = path.join(tmpdir(), `n8n-harness-${userInfo().uid}-${slot}`);
mkdirSync(n8nUserFolder, { recursive: true });
process.env.N8N_USER_FOLDER = n8nUserFolder;
delete process.env.N8N_ENCRYPTION_KEY;

// Tests talk to loopback servers. If the machine has HTTP(S)_PROXY configured, n8n's outbound
// stack would send those requests to the proxy; loopback must always go direct.
const loopbackHosts = ['127.0.0.1', 'localhost', '::1'];
for (const name of ['NO_PROXY', 'no_proxy'] as const) {
	const current = (process.env[name] ?? '')
		.split(',')
		.map((host) => host.trim())
		.filter(Boolean);
	process.env[name] = [...new Set([...current, ...loopbackHosts])].join(',');
}

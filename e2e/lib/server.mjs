/**
 * `n8n start` with its editor on loopback, and the editor's account endpoints: what the browser
 * test (e2e/editor.mjs) and the playground (scripts/playground.mjs) share.
 */
import path from 'node:path';

import { expect, freePort, http, sleep, startBackground, tail } from './harness.mjs';

/**
 * Starts `n8n start` for one user folder (cli from createN8n) on 127.0.0.1:port and waits until
 * the editor answers (`/healthz/readiness` 200 and `/rest/settings` served). Returns the
 * background state (stop it with stopBackground) with `.base`, the editor URL.
 */
export async function startN8nServer(
	cli,
	{ port, work, logFile, timeoutMs = 180_000, extraEnv = {} },
) {
	const base = `http://127.0.0.1:${port}`;
	const env = cli.env({
		N8N_PORT: String(port),
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: `${base}/`,
		WEBHOOK_URL: `${base}/`,
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		// Plain http on loopback: the auth cookie must not be marked Secure.
		N8N_SECURE_COOKIE: 'false',
		...extraEnv,
	});
	const server = startBackground(cli.node, [cli.bin, 'start'], {
		env,
		cwd: work,
		logFile: logFile ?? path.join(work, 'n8n-start.log'),
	});
	server.base = base;
	const started = Date.now();
	while (Date.now() - started < timeoutMs && !server.exited) {
		try {
			const ready = await http('GET', `${base}/healthz/readiness`, { timeoutMs: 5_000 });
			if (ready.status === 200) {
				const settings = await http('GET', `${base}/rest/settings`, { timeoutMs: 10_000 });
				if (settings.status === 200) {
					server.startSeconds = (Date.now() - started) / 1000;
					return server;
				}
			}
		} catch {
			/* not listening yet */
		}
		await sleep(500);
	}
	throw new Error(
		`${server.exited ? 'n8n start exited' : `n8n start was not ready within ${timeoutMs / 1000} s`}\n${tail(server.output, 40)}`,
	);
}

/** The `n8n-auth` cookie of a Set-Cookie header list. */
function authCookie(response) {
	const cookies = response.headers.getSetCookie?.() ?? [];
	const found = cookies.find((cookie) => cookie.startsWith('n8n-auth='));
	return found ? found.split(';')[0] : undefined;
}

async function postJson(url, body) {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
		signal: AbortSignal.timeout(20_000),
	});
	return { status: response.status, text: await response.text(), cookie: authCookie(response) };
}

/**
 * Makes sure the instance has this owner and returns the `n8n-auth` cookie value ("n8n-auth=…"):
 * `POST /rest/owner/setup` on a fresh instance, else `POST /rest/login` (an instance set up before).
 */
export async function ensureOwner(
	base,
	{ email, password, firstName = 'Play', lastName = 'Ground' },
) {
	const setup = await postJson(`${base}/rest/owner/setup`, {
		email,
		firstName,
		lastName,
		password,
	});
	if (setup.status === 200 && setup.cookie) return { cookie: setup.cookie, created: true };
	const login = await postJson(`${base}/rest/login`, { emailOrLdapLoginId: email, password });
	expect(
		login.status === 200 && login.cookie,
		`owner setup answered ${setup.status} ${setup.text.slice(0, 200)}; login answered ${login.status} ${login.text.slice(0, 200)}`,
	);
	return { cookie: login.cookie, created: false };
}

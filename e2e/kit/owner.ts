/** The editor's owner account, through n8n's REST endpoints (`n8n start` with N8N_SECURE_COOKIE=false). */
import { http } from './processes';

export interface Login {
	email: string;
	/** 8–64 characters, a digit and an uppercase letter. */
	password: string;
	firstName?: string;
	lastName?: string;
}

/** The `n8n-auth` cookie of a reply's Set-Cookie headers. */
function authCookie(response: Response): string | undefined {
	const found = response.headers.getSetCookie().find((cookie) => cookie.startsWith('n8n-auth='));
	return found ? found.split(';')[0] : undefined;
}

async function postJson(url: string, body: unknown) {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
		signal: AbortSignal.timeout(20_000),
	});
	return { status: response.status, text: await response.text(), cookie: authCookie(response) };
}

/**
 * Makes sure the instance has this owner and returns its `n8n-auth` cookie ("n8n-auth=…"):
 * `POST /rest/owner/setup` on a fresh instance, else `POST /rest/login` (one set up before).
 */
export async function ensureOwner(
	base: string,
	{ email, password, firstName = 'Play', lastName = 'Ground' }: Login,
): Promise<{ cookie: string; created: boolean }> {
	const setup = await postJson(`${base}/rest/owner/setup`, {
		email,
		firstName,
		lastName,
		password,
	});
	if (setup.status === 200 && setup.cookie) return { cookie: setup.cookie, created: true };
	const login = await postJson(`${base}/rest/login`, { emailOrLdapLoginId: email, password });
	if (login.status !== 200 || !login.cookie)
		throw new Error(
			`owner setup answered ${setup.status} ${setup.text.slice(0, 200)}; login answered ${login.status} ${login.text.slice(0, 200)}`,
		);
	return { cookie: login.cookie, created: false };
}

/** One call to n8n's REST API as the signed-in owner (`cookie` from ensureOwner). */
export async function ownerRequest(
	base: string,
	cookie: string,
	method: string,
	restPath: string,
	body?: unknown,
): Promise<{ status: number; text: string; json: unknown }> {
	const reply = await http(method, `${base}/rest/${restPath.replace(/^\//, '')}`, {
		body,
		headers: { cookie },
		timeoutMs: 30_000,
	});
	return { status: reply.status, text: reply.text, json: reply.json };
}

/**
 * Stops a running execution as the editor's Stop button does (n8n 2.41:
 * `POST /rest/executions/:id/stop`, ExecutionsController.stop; in regular mode it aborts the
 * execution's cancel signal).
 */
export async function stopExecution(base: string, cookie: string, executionId: number) {
	return await ownerRequest(base, cookie, 'POST', `executions/${executionId}/stop`);
}

import type { IAuthenticateRuleResponseCode } from 'n8n-workflow';

import { CredentialSetupError, PayoutFailure, type PayoutFailureDetails } from './errors';
import { parseUrl } from './once';

const LOOPBACK_HOSTS = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** A URL hostname (as `URL` normalizes it) that can only be this machine: plain http is safe there. */
export function isLoopbackHost(hostname: string): boolean {
	return LOOPBACK_HOSTS.test(hostname);
}

/** Whether the URL's host is this machine (the sandbox gateway, a local proxy). */
export function isLoopbackUrl(raw: unknown): boolean {
	const url = typeof raw === 'string' ? parseUrl(raw.trim()) : undefined;
	return url !== undefined && isLoopbackHost(url.hostname);
}

/** Thrown from a credential's authenticate: see CredentialSetupError. */
function refuse(
	code: string,
	message: string,
	details: PayoutFailureDetails,
): CredentialSetupError {
	return new CredentialSetupError(new PayoutFailure(code, message, details));
}

/**
 * The last Base URL that passed, with its result: every request of a batch checks the same one
 * (the credential's authenticate runs per request), and parsing it each time is most of the check.
 */
let lastAccepted: { raw: string; result: string } | undefined;

/**
 * Checks a provider base URL from a credential. Keys and signed payout requests must not cross
 * the network in clear text, so plain http is only accepted for a loopback host (the sandbox
 * gateway, a local proxy). Returns the URL without a trailing slash.
 */
export function checkProviderBaseUrl(raw: unknown, credentialName: string): string {
	if (typeof raw === 'string' && lastAccepted?.raw === raw) return lastAccepted.result;
	const result = checkedBaseUrl(raw, credentialName);
	if (typeof raw === 'string') lastAccepted = { raw, result };
	return result;
}

function checkedBaseUrl(raw: unknown, credentialName: string): string {
	const text = typeof raw === 'string' ? raw.trim() : '';
	if (!text) {
		throw refuse('INVALID_BASE_URL', `The ${credentialName} credential has no Base URL.`, {
			kind: 'configuration',
			description: 'Open the credential and fill in the Base URL.',
		});
	}
	const url = parseUrl(text);
	if (!url) {
		throw refuse('INVALID_BASE_URL', `The ${credentialName} Base URL "${text}" is not a URL.`, {
			kind: 'configuration',
			description: 'Use the full address, e.g. https://t-xxxxxxx.cregis.io',
		});
	}
	if (url.protocol === 'http:' && !LOOPBACK_HOSTS.test(url.hostname)) {
		throw refuse(
			'INSECURE_BASE_URL',
			`The ${credentialName} Base URL uses plain http:// for ${url.hostname}; payout requests must use https://.`,
			{
				kind: 'configuration',
				description:
					'Change the Base URL to https://. Plain http is allowed only for localhost (the sandbox gateway).',
			},
		);
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw refuse('INVALID_BASE_URL', `The ${credentialName} Base URL must start with https://.`, {
			kind: 'configuration',
		});
	}
	if (url.username || url.password) {
		throw refuse(
			'INVALID_BASE_URL',
			`The ${credentialName} Base URL must not contain a user name or password.`,
			{
				kind: 'configuration',
			},
		);
	}
	return text.replace(/\/+$/, '');
}

const REDIRECT_STATUSES = [301, 302, 303, 307, 308];
const ERROR_STATUSES = [400, 405, 408, 409, 410, 413, 415, 422, 429, 500, 502, 503, 504];

/**
 * Rules for a credential's test request (which sets `disableFollowRedirect: true`, so the key
 * never follows a redirect). For a status without a rule, n8n's credential test shows the
 * server's own HTTP reason phrase, which a hostile host can fill with anything, the key it just
 * received included; these rules answer the usual statuses with our own text. Put them after the
 * credential's own rules: the first rule that matches wins.
 */
export function credentialTestStatusRules(providerName: string): IAuthenticateRuleResponseCode[] {
	const redirects = REDIRECT_STATUSES.map((status) => ({
		type: 'responseCode' as const,
		properties: {
			value: status,
			message: `The Base URL answered with a redirect (HTTP ${status}): it must be the ${providerName} API address itself. Redirects are not followed, so the key was not sent on.`,
		},
	}));
	const errors = ERROR_STATUSES.map((status) => ({
		type: 'responseCode' as const,
		properties: {
			value: status,
			message: `${providerName} answered the credential test with HTTP ${status}. Check the Base URL; if it is right, try again later.`,
		},
	}));
	return [...redirects, ...errors];
}

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

/**
 * Checks a provider base URL from a credential. Keys and signed payout requests must not cross
 * the network in clear text, so plain http is only accepted for a loopback host (the sandbox
 * gateway, a local proxy). Returns the URL without a trailing slash.
 */
/** Thrown from a credential's authenticate: see CredentialSetupError. */
function refuse(
	code: string,
	message: string,
	details: PayoutFailureDetails,
): CredentialSetupError {
	return new CredentialSetupError(new PayoutFailure(code, message, details));
}

export function checkProviderBaseUrl(raw: unknown, credentialName: string): string {
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

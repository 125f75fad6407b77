/**
 * Which account pays, told apart without its secret, and which reference namespace it pays in.
 * A reference is a business id: paid once whichever provider or account pays it, within its
 * namespace. Loopback hosts (the sandbox gateway) form a namespace of their own, so a reference
 * paid while trying the node never blocks the real payout.
 */
import { createHash } from 'crypto';

import { isLoopbackUrl } from './base-url';

export type ReferenceNamespace = 'live' | 'test';

export interface PayoutAccount {
	/** `host:identity`, e.g. `api.oxapay.com:3f2a…` (a fingerprint, never the key itself). */
	key: string;
	namespace: ReferenceNamespace;
}

export function payoutAccount(baseUrl: unknown, identity: string): PayoutAccount {
	return {
		key: `${hostOf(baseUrl)}:${identity}`,
		namespace: isLoopbackUrl(baseUrl) ? 'test' : 'live',
	};
}

/** A short, non-reversible fingerprint of a secret, for keys that must tell accounts apart. */
export function secretFingerprint(secret: unknown): string {
	return createHash('sha256')
		.update(String(secret ?? ''), 'utf8')
		.digest('hex')
		.slice(0, 16);
}

export function hostOf(url: unknown): string {
	try {
		return new URL(String(url)).host.toLowerCase();
	} catch {
		return String(url ?? '');
	}
}

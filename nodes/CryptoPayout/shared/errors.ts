/**
 * One error type for everything that stops a payout item, carrying what the operator needs:
 * a stable code, a message, what to do about it, and the field at fault. The node turns it into
 * NodeOperationError / NodeApiError with the item index. Messages never contain secrets: a
 * provider failure quotes the provider's text, so its text loses anything shaped like a hex key
 * (shared/redact.ts; the credential's own secrets are already gone from the reply).
 */
import { redactHexRuns } from './redact';

export type PayoutFailureKind = 'validation' | 'provider' | 'configuration';

export interface PayoutFailureDetails {
	kind?: PayoutFailureKind;
	field?: string;
	/** What the operator should do. */
	description?: string;
	httpCode?: number;
	/** The provider's own error code, when the provider answered. */
	providerCode?: string;
}

export class PayoutFailure extends Error {
	readonly code: string;
	readonly kind: PayoutFailureKind;
	readonly field?: string;
	readonly description?: string;
	readonly httpCode?: number;
	readonly providerCode?: string;

	constructor(code: string, message: string, details: PayoutFailureDetails = {}) {
		const kind = details.kind ?? 'validation';
		const free = (text: string | undefined) =>
			kind === 'provider' && text !== undefined ? redactHexRuns(text) : text;
		super(free(message));
		this.code = free(code)!;
		this.name = 'PayoutFailure';
		this.kind = kind;
		this.field = free(details.field);
		this.description = free(details.description);
		this.httpCode = details.httpCode;
		this.providerCode = free(details.providerCode);
	}
}

export function isPayoutFailure(error: unknown): error is PayoutFailure {
	return error instanceof PayoutFailure;
}

/**
 * A PayoutFailure raised while a credential prepares a request (a Base URL that is not https, a
 * Project ID that is not digits). n8n's credential test shows a failure's `code` instead of its
 * message when it has one ("INVALID_PROJECT_ID"), so credentials throw this wrapper, which has
 * none: the Test button shows the message. The node finds the failure in `cause`, as it walks
 * every error's causes (shared/http classifyRequestError).
 */
export class CredentialSetupError extends Error {
	readonly cause: PayoutFailure;

	constructor(failure: PayoutFailure) {
		super(failure.message);
		this.name = 'CredentialSetupError';
		this.cause = failure;
	}
}

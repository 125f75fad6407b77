/**
 * One error type for everything that stops a payout item, carrying what the operator needs:
 * a stable code, a message, what to do about it, and the field at fault. The node turns it into
 * NodeOperationError / NodeApiError with the item index. Messages never contain secrets.
 */
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
	readonly kind: PayoutFailureKind;
	readonly field?: string;
	readonly description?: string;
	readonly httpCode?: number;
	readonly providerCode?: string;

	constructor(
		readonly code: string,
		message: string,
		details: PayoutFailureDetails = {},
	) {
		super(message);
		this.name = 'PayoutFailure';
		this.kind = details.kind ?? 'validation';
		this.field = details.field;
		this.description = details.description;
		this.httpCode = details.httpCode;
		this.providerCode = details.providerCode;
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

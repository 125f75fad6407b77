import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestOptions,
} from 'n8n-workflow';

import { checkProviderBaseUrl } from '../../shared/base-url';
import { CredentialSetupError, PayoutFailure } from '../../shared/errors';
import { JsonNumberLiteral, stringifyJson, type JsonValue } from '../../shared/json';
import { createCregisNonce, signCregisBody } from './sign';

/** int64 fields that Cregis types as integers; sent as bare number literals with every digit. */
const INT64_FIELDS = new Set(['pid', 'cid', 'timestamp', 'wallet_id']);

/**
 * Completes a Cregis request: base URL from the credential, then `pid`, a fresh `nonce`, the
 * `timestamp` in ms and the `sign` over every field. Used by the credential's `authenticate`, so
 * the node and the credential test both go through n8n's httpRequestWithAuthentication.
 */
export function signCregisRequest(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
	now: () => number = Date.now,
): IHttpRequestOptions {
	const baseURL = checkProviderBaseUrl(credentials.baseUrl, 'Cregis API');
	const pid = String(credentials.projectId ?? '').trim();
	if (!/^\d{1,19}$/.test(pid)) {
		throw new CredentialSetupError(
			new PayoutFailure(
				'INVALID_PROJECT_ID',
				"The Cregis API credential's Project ID must be digits only.",
				{
					kind: 'configuration',
					description:
						'Copy the WaaS project ID (pid) from the Cregis client: Settings → Developer.',
				},
			),
		);
	}
	const body = requestOptions.body ?? {};
	if (typeof body !== 'object' || Array.isArray(body)) {
		throw new TypeError('Cregis requests are built as objects and serialized when signed');
	}
	const fields: Record<string, unknown> = {
		...(body as IDataObject),
		pid,
		nonce: createCregisNonce(),
		timestamp: String(now()),
	};
	fields.sign = signCregisBody(fields, String(credentials.apiKey ?? ''));
	return {
		...requestOptions,
		baseURL,
		method: 'POST',
		body: serializeCregisBody(fields),
		headers: {
			...requestOptions.headers,
			'content-type': 'application/json',
			accept: 'application/json',
		},
	};
}

export function serializeCregisBody(fields: Record<string, unknown>): string {
	const out: Record<string, JsonValue> = {};
	for (const [key, value] of Object.entries(fields)) {
		if (value === undefined) continue;
		if (INT64_FIELDS.has(key) && typeof value === 'string' && /^\d+$/.test(value)) {
			out[key] = new JsonNumberLiteral(value);
		} else {
			out[key] = value as JsonValue;
		}
	}
	return stringifyJson(out);
}

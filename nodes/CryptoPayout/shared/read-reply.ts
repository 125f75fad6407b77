/** Reads (get, list, lists of currencies) share one rule: a reply without a usable answer is an error. */
import type { IDataObject } from 'n8n-workflow';

import { PayoutFailure } from './errors';
import type { ProviderHttpResponse } from './http';
import { parseReplyObject } from './reply';

export function readFailure(providerName: string, response: ProviderHttpResponse): PayoutFailure {
	return new PayoutFailure(
		'PROVIDER_UNAVAILABLE',
		`${providerName} did not give a readable answer (HTTP ${response.statusCode}).`,
		{ kind: 'provider', httpCode: response.statusCode, description: 'Try again later. If it persists, check the credential\'s Base URL.' },
	);
}

export function replyObjectOrFail(providerName: string, response: ProviderHttpResponse): IDataObject {
	const envelope = parseReplyObject(response);
	if (!envelope) throw readFailure(providerName, response);
	return envelope;
}

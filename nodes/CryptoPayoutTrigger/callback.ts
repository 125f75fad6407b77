/**
 * One delivery, start to finish: content type, exact body bytes, credential, the provider's
 * verification (its `callbacks.verify`), then the de-duplication hint (see dedupe.ts). Nothing
 * here throws for a bad request: every refusal is a verdict, so n8n never starts an execution (or
 * an error execution) for an unverified body.
 */
import type { ICredentialDataDecryptedObject, IWebhookFunctions } from 'n8n-workflow';

import type { CallbackVerdict } from '../CryptoPayout/providers/callback-types';
import { CREDENTIAL_NOT_SET_UP, MAX_CALLBACK_BYTES, refuse } from '../CryptoPayout/shared/callback';
import { deliveryKeysOf, isRememberedDelivery } from './dedupe';
import type { CallbackProvider } from './providers';
import { headerValue, isJsonContentType, readRawBody, type CallbackRequest } from './request';

export interface CallbackOutcome {
	verdict: CallbackVerdict;
	/** For an accepted callback: every key it is recorded under (see dedupe.ts). */
	keys: string[];
	/** True when the static-data hint says one of its keys already ran the workflow. */
	duplicate: boolean;
}

async function credentialsOf(
	ctx: IWebhookFunctions,
	provider: CallbackProvider,
): Promise<ICredentialDataDecryptedObject | undefined> {
	try {
		return await ctx.getCredentials<ICredentialDataDecryptedObject>(provider.credentialType);
	} catch {
		return undefined;
	}
}

async function verifiedDelivery(
	ctx: IWebhookFunctions,
	provider: CallbackProvider,
): Promise<CallbackVerdict> {
	const req = ctx.getRequestObject() as unknown as CallbackRequest;
	if (!isJsonContentType(req)) return refuse(415, 'Unsupported content type');
	const rawBody = await readRawBody(req);
	if (rawBody === undefined || rawBody.length === 0) return refuse(400, 'Empty body');
	// Before the credential is decrypted and before any provider code parses it.
	if (rawBody.length > MAX_CALLBACK_BYTES) return refuse(413, 'Body too large');

	const credentials = await credentialsOf(ctx, provider);
	if (credentials === undefined) return refuse(500, CREDENTIAL_NOT_SET_UP);
	return provider.callbacks.verify({
		rawBody,
		header: (name) => headerValue(req, name),
		credentials,
		now: Date.now(),
		// Read only when the provider asks, under the Options collection its triggerOptions join.
		option: (name, fallback) => ctx.getNodeParameter(`options.${name}`, fallback),
	});
}

export async function handlePayoutCallback(
	ctx: IWebhookFunctions,
	provider: CallbackProvider,
): Promise<CallbackOutcome> {
	const verdict = await verifiedDelivery(ctx, provider);
	if (!verdict.accepted) return { verdict, keys: [], duplicate: false };
	// The keys execute() records, which it receives with the item.
	const keys = deliveryKeysOf(provider.id, verdict);

	// "Listen for test event" runs are never de-duplicated: n8n keeps no static data for them, and a
	// test delivery must not hide the production one.
	if (ctx.getMode() === 'manual') return { verdict, keys, duplicate: false };
	const duplicate = isRememberedDelivery(ctx.getWorkflowStaticData('node'), keys, Date.now());
	return { verdict, keys, duplicate };
}

/**
 * One delivery, start to finish: content type, exact body bytes, credential, the provider's
 * verification (its `callbacks.verify`), then the de-duplication hint (see dedupe.ts). Nothing
 * here throws for a bad request: every refusal is a verdict, so n8n never starts an execution (or
 * an error execution) for an unverified body.
 */
import type { ICredentialDataDecryptedObject, IWebhookFunctions } from 'n8n-workflow';

import type { CallbackVerdict } from '../CryptoPayout/providers/callback-types';
import { CREDENTIAL_NOT_SET_UP, refuse } from '../CryptoPayout/shared/callback';
import { deliveryKey, deliveryKeyOfPayout, isRememberedDelivery } from './dedupe';
import type { CallbackProvider } from './providers';
import { headerValue, isJsonContentType, readRawBody, type CallbackRequest } from './request';

export interface CallbackOutcome {
	verdict: CallbackVerdict;
	/** True when the static-data hint says this (provider, payout id, status) already ran the workflow. */
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
	if (!verdict.accepted) return { verdict, duplicate: false };

	// "Listen for test event" runs are never de-duplicated: n8n keeps no static data for them, and a
	// test delivery must not hide the production one.
	if (ctx.getMode() === 'manual') return { verdict, duplicate: false };
	// The same key execute() records, computed from the item it will receive.
	const key =
		deliveryKeyOfPayout(verdict.payout) ??
		deliveryKey(provider.id, verdict.payoutId, verdict.status);
	const duplicate = isRememberedDelivery(ctx.getWorkflowStaticData('node'), key, Date.now());
	return { verdict, duplicate };
}

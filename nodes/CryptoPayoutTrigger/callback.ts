/**
 * One delivery, start to finish: content type, exact body bytes, credential, the provider's
 * verification, then the de-duplication hint (see dedupe.ts). Nothing here throws for a bad
 * request: every refusal is a verdict, so n8n never starts an execution (or an error execution)
 * for an unverified body.
 */
import type { ICredentialDataDecryptedObject, IWebhookFunctions } from 'n8n-workflow';

import { deliveryKey, deliveryKeyOfPayout, isRememberedDelivery } from './dedupe';
import { headerValue, isJsonContentType, readRawBody, type CallbackRequest } from './request';
import { refuse, type CallbackVerdict } from './verdict';
import { verifyCregisCallback } from './verify-cregis';
import { verifyOxaPayCallback } from './verify-oxapay';

export type TriggerProvider = 'oxapay' | 'cregis';

export const SUCCESS_REPLY: Record<TriggerProvider, string> = { oxapay: 'ok', cregis: 'success' };

/** SUCCESS_REPLY as the webhook description expression n8n evaluates against the node's parameters. */
export const SUCCESS_REPLY_EXPRESSION = `={{ $parameter["provider"] === "cregis" ? "${SUCCESS_REPLY.cregis}" : "${SUCCESS_REPLY.oxapay}" }}`;

const CREDENTIAL_TYPE: Record<TriggerProvider, string> = { oxapay: 'oxaPayApi', cregis: 'cregisApi' };

export const DEFAULT_REPLAY_WINDOW_MINUTES = 10;

export interface CallbackOutcome {
	verdict: CallbackVerdict;
	/** True when the static-data hint says this (provider, payout id, status) already ran the workflow. */
	duplicate: boolean;
}

export function isTriggerProvider(value: unknown): value is TriggerProvider {
	return value === 'oxapay' || value === 'cregis';
}

async function credentialsOf(ctx: IWebhookFunctions, provider: TriggerProvider): Promise<ICredentialDataDecryptedObject | undefined> {
	try {
		return await ctx.getCredentials<ICredentialDataDecryptedObject>(CREDENTIAL_TYPE[provider]);
	} catch {
		return undefined;
	}
}

const text = (value: unknown) => (typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value));

function replayWindowMs(ctx: IWebhookFunctions): number {
	const minutes = Number(ctx.getNodeParameter('options.replayWindowMinutes', DEFAULT_REPLAY_WINDOW_MINUTES));
	return (Number.isFinite(minutes) && minutes > 0 ? minutes : DEFAULT_REPLAY_WINDOW_MINUTES) * 60_000;
}

export async function handlePayoutCallback(ctx: IWebhookFunctions, provider: TriggerProvider): Promise<CallbackOutcome> {
	const req = ctx.getRequestObject() as unknown as CallbackRequest;
	if (!isJsonContentType(req)) return { verdict: refuse(415, 'Unsupported content type'), duplicate: false };
	const rawBody = await readRawBody(req);
	if (rawBody === undefined || rawBody.length === 0) return { verdict: refuse(400, 'Empty body'), duplicate: false };

	const credentials = await credentialsOf(ctx, provider);
	const apiKey = text(credentials?.apiKey);
	if (credentials === undefined || apiKey === '') {
		return { verdict: refuse(500, 'Trigger credential is not set up'), duplicate: false };
	}

	let verdict: CallbackVerdict;
	if (provider === 'oxapay') {
		verdict = verifyOxaPayCallback(rawBody, headerValue(req, 'hmac'), apiKey);
	} else {
		const projectId = text(credentials.projectId).trim();
		if (projectId === '') return { verdict: refuse(500, 'Trigger credential is not set up'), duplicate: false };
		verdict = verifyCregisCallback(rawBody, { apiKey, projectId, now: Date.now(), maxAgeMs: replayWindowMs(ctx) });
	}
	if (!verdict.accepted) return { verdict, duplicate: false };

	// "Listen for test event" runs are never de-duplicated: n8n keeps no static data for them, and a
	// test delivery must not hide the production one.
	if (ctx.getMode() === 'manual') return { verdict, duplicate: false };
	// The same key execute() records, computed from the item it will receive.
	const key = deliveryKeyOfPayout(verdict.payout) ?? deliveryKey(verdict.provider, verdict.payoutId, verdict.status);
	const duplicate = isRememberedDelivery(ctx.getWorkflowStaticData('node'), key, Date.now());
	return { verdict, duplicate };
}

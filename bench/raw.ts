/**
 * The baseline: a minimal hand-written client that builds, signs and sends the same Create
 * requests as the node, one after another, on the same HTTP stack.
 *
 * Same stack: `Container.get(OutboundHttp).requests().request(options)` from @n8n/backend-network,
 * the exact call n8n-core's `helpers.httpRequest` / `httpRequestWithAuthentication` make (axios
 * underneath, same agents, same SSRF pre-flight and connect-time checks, same DI container the
 * harness configured). Same per-request work: the body is built with the package's own
 * stringifyJson + JsonNumberLiteral, the credential's own `authenticate` adds the key (OxaPay) or
 * pid/nonce/timestamp/md5 sign (Cregis, via signCregisRequest), the request options have the
 * node's shape, and the reply is parsed with the package's lossless JSON parser. Everything is
 * loaded from dist/, the code the node runs. What the raw loop does NOT do is the node's and the
 * engine's own work: expressions, validation, processed-data claims, the OxaPay history read,
 * normalization, n8n's execution bookkeeping. That difference is what the ratio measures.
 */
import { OutboundHttp } from '@n8n/backend-network';
import { SsrfProtectionConfig } from '@n8n/config';
import { Container } from '@n8n/di';
import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';
import path from 'node:path';

import { amount, ASSET, reference, REPO_ROOT, TRON_ADDRESS, type Provider } from './common';

type CregisModule = typeof import('../credentials/CregisApi.credentials');
type OxaPayModule = typeof import('../credentials/OxaPayApi.credentials');
type JsonModule = typeof import('../nodes/CryptoPayout/shared/json');

function fromDist<T>(relative: string): T {
	return require(path.join(REPO_ROOT, 'dist', relative)) as T;
}

export interface RawSendResult {
	/** Payouts the provider accepted (OxaPay track_id / Cregis code 00000 with a cid). */
	accepted: number;
	failed: number;
	firstFailure?: string;
}

export interface RawClient {
	/** The options one payout's request is sent with, after the credential's authenticate. */
	buildRequest(run: string, index: number): Promise<IHttpRequestOptions>;
	/** Builds, signs and sends payout `index` of `run`; true when the provider accepted it. */
	sendOne(run: string, index: number): Promise<boolean>;
	/** Builds, signs and sends payouts 0..count-1 of `run` sequentially. */
	sendAll(run: string, count: number): Promise<RawSendResult>;
}

/**
 * Call after the node has run once in this process: the harness configures n8n's DI container
 * (logger, SSRF policy allowing loopback) on its first run, and OutboundHttp must be built after.
 */
export function rawClient(
	provider: Provider,
	credentials: Record<string, ICredentialDataDecryptedObject>,
	timeoutMs = 30_000,
): RawClient {
	if (!Container.get(SsrfProtectionConfig).allowedIpRanges.includes('127.0.0.0/8')) {
		throw new Error(
			"rawClient: run the node once first, so the harness has configured n8n's outbound HTTP (SSRF policy) as for the node",
		);
	}
	const { JsonNumberLiteral, stringifyJson, parseJsonLossless } = fromDist<JsonModule>(
		'nodes/CryptoPayout/shared/json.js',
	);
	const http = Container.get(OutboundHttp).requests();

	const common = {
		encoding: 'text',
		json: false,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: timeoutMs,
	} as const;
	let buildRequest: (run: string, index: number) => Promise<IHttpRequestOptions>;
	let accepted: (reply: Record<string, unknown> | undefined, statusCode: number) => boolean;

	if (provider === 'oxapay') {
		const credential = new (fromDist<OxaPayModule>(
			'credentials/OxaPayApi.credentials.js',
		).OxaPayApi)();
		const data = credentials.oxaPayApi;
		buildRequest = async (run, index) =>
			await credential.authenticate(data, {
				method: 'POST',
				url: '/payout',
				body: stringifyJson({
					address: TRON_ADDRESS,
					currency: ASSET.oxapayCurrency,
					amount: new JsonNumberLiteral(amount(index)),
					network: ASSET.oxapayNetwork,
					description: `[ref:${reference(provider, run, index)}]`,
				}),
				headers: { 'content-type': 'application/json', accept: 'application/json' },
				...common,
			});
		accepted = (reply, statusCode) =>
			statusCode === 200 &&
			reply?.status === 200 &&
			(reply.data as { track_id?: unknown } | undefined)?.track_id !== undefined;
	} else {
		const credential = new (fromDist<CregisModule>(
			'credentials/CregisApi.credentials.js',
		).CregisApi)();
		const data = credentials.cregisApi;
		buildRequest = async (run, index) =>
			await credential.authenticate(data, {
				method: 'POST',
				url: '/api/v1/payout',
				body: {
					currency: ASSET.cregisCurrency,
					address: TRON_ADDRESS,
					amount: amount(index),
					// As the node sends it: in capitals, so that a reference is one business id at
					// Cregis whatever its letter case (providers/cregis/index.ts).
					third_party_id: reference(provider, run, index).toUpperCase(),
				},
				headers: { accept: 'application/json' },
				...common,
			});
		accepted = (reply, statusCode) =>
			statusCode === 200 &&
			reply?.code === '00000' &&
			(reply.data as { cid?: unknown } | undefined)?.cid !== undefined;
	}

	let lastFailure: string | undefined;
	const sendOne = async (run: string, index: number): Promise<boolean> => {
		const options = await buildRequest(run, index);
		const response = (await http.request(
			options as IHttpRequestOptions & { returnFullResponse: true },
		)) as { statusCode: number; body: unknown };
		const text = typeof response.body === 'string' ? response.body : String(response.body);
		const reply = parseJsonLossless(text) as Record<string, unknown> | undefined;
		if (accepted(reply, response.statusCode)) return true;
		lastFailure = `HTTP ${response.statusCode}: ${text.slice(0, 300)}`;
		return false;
	};

	return {
		buildRequest,
		sendOne,
		async sendAll(run, count) {
			const result: RawSendResult = { accepted: 0, failed: 0 };
			for (let index = 0; index < count; index++) {
				if (await sendOne(run, index)) {
					result.accepted++;
				} else {
					result.failed++;
					result.firstFailure ??= lastFailure;
				}
			}
			return result;
		},
	};
}

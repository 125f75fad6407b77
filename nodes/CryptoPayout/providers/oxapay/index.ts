import type { IDataObject } from 'n8n-workflow';

import { payoutAccount, secretFingerprint } from '../../shared/account';
import { findAsset } from '../../shared/assets';
import { resolveSymbolAndNetwork } from '../../shared/asset-resolution';
import { PayoutFailure } from '../../shared/errors';
import { sendProviderRequest } from '../../shared/http';
import { JsonNumberLiteral, stringifyJson, type JsonValue } from '../../shared/json';
import {
	createFields,
	idText,
	normalizedPayout,
	UNKNOWN_OUTCOME_MESSAGE,
} from '../../shared/output';
import { outcomeOfUnclearReply, parseReplyObject } from '../../shared/reply';
import type {
	NormalizedPayout,
	PayoutProvider,
	ProviderCallContext,
	ResolvedAsset,
	ValidatedPayout,
} from '../types';
import { REFERENCE_OPERATIONS } from '../types';
import { checkOxaPayPayout } from './amount';
import { oxaPayCallbacks } from './callback';
import { OXAPAY_CREDENTIAL } from './credential';
import { oxaPayFailure } from './errors';
import { findOxaPayPayoutByReference } from './history';
import { oxaPayListFilterOptions } from './list-filters';
import {
	oxaPayCreateOptions,
	oxaPayCreateWarnings,
	oxaPayCurrencyOptions,
	oxaPayNetworkOptions,
} from './options';
import { getOxaPayPayout, listOxaPayPayouts } from './reads';
import { OXAPAY_DEFAULT_DECIMALS, OXAPAY_NETWORK_KEYS } from './networks';
import { normalizeOxaPayStatus } from './status';

/** OxaPay has no idempotency key: the reference rides in the description, where history shows it. */
export function descriptionWithReference(reference: string, description?: string): string {
	return description ? `[ref:${reference}] ${description}` : `[ref:${reference}]`;
}

function createBody(payout: ValidatedPayout): Record<string, JsonValue | undefined> {
	return {
		address: payout.address,
		currency: payout.asset.providerCurrency,
		// The amount is a JSON number (OxaPay's schema) written from the validated digits.
		amount: new JsonNumberLiteral(payout.amount.text),
		network: payout.asset.providerNetwork,
		callback_url: payout.callbackUrl,
		memo: payout.memo,
		description: descriptionWithReference(payout.reference, payout.description),
	};
}

export const oxaPayProvider: PayoutProvider = {
	id: 'oxapay',
	displayName: 'OxaPay',
	credentialType: OXAPAY_CREDENTIAL.type,
	secretCredentialFields: OXAPAY_CREDENTIAL.secretFields,

	account(credentials) {
		return payoutAccount(credentials.baseUrl, secretFingerprint(credentials.apiKey));
	},

	operations: ['create', 'get', 'getMany', 'checkAddress', ...REFERENCE_OPERATIONS],
	findPayoutByReference: findOxaPayPayoutByReference,
	createOptions: oxaPayCreateOptions,
	checkPayout: checkOxaPayPayout,
	createWarnings: oxaPayCreateWarnings,
	getPayout: getOxaPayPayout,
	listPayouts: listOxaPayPayouts,
	listFilterOptions: oxaPayListFilterOptions,
	currencyOptions: oxaPayCurrencyOptions,
	networkOptions: oxaPayNetworkOptions,
	callbacks: oxaPayCallbacks,

	resolveAsset(currency: string, network: string): ResolvedAsset {
		const { symbol, network: info } = resolveSymbolAndNetwork(currency, network);
		const networkKey = OXAPAY_NETWORK_KEYS[info.id];
		if (!networkKey) {
			throw new PayoutFailure('UNSUPPORTED_NETWORK', `OxaPay does not pay out on ${info.label}.`, {
				field: 'network',
				description: `OxaPay pays out on: ${Object.values(OXAPAY_NETWORK_KEYS).join(', ')}.`,
			});
		}
		return {
			symbol,
			network: info,
			decimals: findAsset(symbol, info.id)?.decimals ?? OXAPAY_DEFAULT_DECIMALS,
			providerCurrency: symbol,
			providerNetwork: networkKey,
			label: `${symbol} on ${info.label}`,
		};
	},

	previewCreate(payout) {
		// For reading: the amount is shown as the exact text the JSON number is written from.
		const body: IDataObject = {};
		for (const [key, value] of Object.entries(createBody(payout))) {
			if (value !== undefined)
				body[key] =
					value instanceof JsonNumberLiteral ? value.literal : (value as IDataObject[string]);
		}
		return { method: 'POST', path: '/payout', body };
	},

	async createPayout(
		call: ProviderCallContext,
		payout: ValidatedPayout,
	): Promise<NormalizedPayout> {
		const response = await sendProviderRequest(call, OXAPAY_CREDENTIAL, {
			method: 'POST',
			url: '/payout',
			body: stringifyJson(createBody(payout)),
		});
		const base = createFields('oxapay', payout);
		const envelope = parseReplyObject(response);
		if (!envelope) {
			const outcome = outcomeOfUnclearReply(response, 'OxaPay');
			if (outcome !== 'unknown') throw outcome;
			return normalizedPayout({ ...base, status: 'unknown', message: UNKNOWN_OUTCOME_MESSAGE });
		}
		const envelopeStatus =
			typeof envelope.status === 'number' ? envelope.status : response.statusCode;
		const data = (envelope.data ?? {}) as IDataObject;
		const trackId = idText(data.track_id);
		if (response.statusCode === 200 && envelopeStatus === 200 && trackId) {
			const providerStatus = typeof data.status === 'string' ? data.status : null;
			return normalizedPayout({
				...base,
				payoutId: trackId,
				status: providerStatus ? normalizeOxaPayStatus(providerStatus) : 'processing',
				providerStatus,
				raw: data,
			});
		}
		if (
			response.statusCode >= 500 ||
			envelopeStatus >= 500 ||
			(response.statusCode < 300 && envelopeStatus < 300)
		) {
			// A server error, or "success" without a track id: the payout may exist.
			return normalizedPayout({
				...base,
				status: 'unknown',
				message: UNKNOWN_OUTCOME_MESSAGE,
				raw: data,
			});
		}
		if (response.statusCode === 429 || envelopeStatus === 429) {
			const outcome = outcomeOfUnclearReply({ ...response, statusCode: 429 }, 'OxaPay');
			if (outcome !== 'unknown') throw outcome;
		}
		throw oxaPayFailure(response.statusCode, envelope);
	},
};

import type { IDataObject } from 'n8n-workflow';

import { payoutAccount } from '../../shared/account';
import { findAsset } from '../../shared/assets';
import { resolveSymbolAndNetwork } from '../../shared/asset-resolution';
import { PayoutFailure } from '../../shared/errors';
import { getNetwork } from '../../shared/networks';
import { sendProviderRequest } from '../../shared/http';
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
import { cregisCallbacks } from './callback';
import { CREGIS_CREDENTIAL } from './credential';
import {
	CREGIS_CURRENCIES,
	cregisCurrencyId,
	findCregisCurrency,
	findCregisCurrencyByOwnForm,
	type CregisCurrency,
} from './currencies';
import { cregisFailure } from './errors';
import { checkCregisAddress, getCregisPayout, readCregisPayoutCoins } from './reads';

export const CREGIS_DUPLICATE_CODE = 'E0009';

/** The create body; `pid`, `nonce`, `timestamp` and `sign` are added by the credential. */
function createBody(payout: ValidatedPayout): IDataObject {
	const body: IDataObject = {
		currency: payout.asset.providerCurrency,
		address: payout.address,
		amount: payout.amount.text,
		// In capitals: references are compared case-insensitively, so Cregis's own refusal of a
		// repeated third_party_id (E0009) must not tell INV-1 from inv-1 either.
		third_party_id: payout.reference.toUpperCase(),
	};
	if (payout.description) body.remark = payout.description;
	if (payout.memo) body.memo = payout.memo;
	if (payout.callbackUrl) body.callback_url = payout.callbackUrl;
	return body;
}

function assetFromCurrency(entry: CregisCurrency): ResolvedAsset {
	const decimals = findAsset(entry.symbol, entry.network)?.decimals;
	if (decimals === undefined) throw new Error(`No precision known for ${entry.name}`);
	const network = getNetwork(entry.network);
	return {
		symbol: entry.symbol,
		network,
		decimals,
		providerCurrency: cregisCurrencyId(entry),
		label: `${entry.symbol} on ${network.label}`,
	};
}

export const cregisProvider: PayoutProvider = {
	id: 'cregis',
	displayName: 'Cregis',
	credentialType: CREGIS_CREDENTIAL.type,
	secretCredentialFields: CREGIS_CREDENTIAL.secretFields,

	operations: ['create', 'get', 'checkAddress', ...REFERENCE_OPERATIONS],
	refusesRepeatedReference: true,

	account(credentials) {
		return payoutAccount(credentials.baseUrl, String(credentials.projectId ?? '').trim());
	},

	getPayout: getCregisPayout,
	callbacks: cregisCallbacks,

	async checkAddressRemotely(call, address, network) {
		const chainId = CREGIS_CURRENCIES.find((entry) => entry.network === network.id)?.chainId;
		if (chainId === undefined)
			throw new PayoutFailure(
				'UNSUPPORTED_NETWORK',
				`Cregis does not pay out on ${network.label}.`,
				{ field: 'network' },
			);
		return await checkCregisAddress(call, address, chainId);
	},

	async currencyOptions(call) {
		const coins = await readCregisPayoutCoins(call);
		// Only coins the node can validate (address family and precision known).
		return coins
			.map((coin) => ({
				coin,
				known: findCregisCurrencyByOwnForm(`${coin.chainId}@${coin.tokenId}`),
			}))
			.filter(({ known }) => known !== undefined)
			.map(({ coin, known }) => ({
				name: coin.coinName,
				value: `${coin.chainId}@${coin.tokenId}`,
				description: `${known!.symbol} on ${getNetwork(known!.network).label}`,
			}));
	},

	async networkOptions(_call, currency) {
		const known = findCregisCurrencyByOwnForm(currency);
		return [
			{
				name: known
					? `${getNetwork(known.network).label} (set by the currency)`
					: 'Set by the currency',
				value: '',
			},
		];
	},

	resolveAsset(currency: string, network: string): ResolvedAsset {
		const ownForm = findCregisCurrencyByOwnForm(currency);
		if (ownForm) {
			if (network.trim()) {
				const given = resolveSymbolAndNetwork(ownForm.symbol, network).network;
				if (given.id !== ownForm.network) {
					throw new PayoutFailure(
						'CURRENCY_NETWORK_CONFLICT',
						`Currency "${currency.trim()}" is on ${ownForm.network}, but Network says ${given.label}.`,
						{ field: 'network' },
					);
				}
			}
			return assetFromCurrency(ownForm);
		}
		if (currency.includes('@')) {
			throw new PayoutFailure(
				'UNKNOWN_CURRENCY',
				`Cregis currency "${currency.trim()}" is not in the node's currency table.`,
				{
					field: 'currency',
					description:
						'Use chain_id@token_id from the Cregis currency list, or a symbol with a network (USDT + TRC20).',
				},
			);
		}
		const { symbol, network: info } = resolveSymbolAndNetwork(currency, network);
		const entry = findCregisCurrency(symbol, info.id);
		if (!entry) {
			const onNetwork = CREGIS_CURRENCIES.filter((candidate) => candidate.network === info.id).map(
				(candidate) => candidate.symbol,
			);
			throw new PayoutFailure('UNSUPPORTED_CURRENCY', `Cregis has no ${symbol} on ${info.label}.`, {
				field: 'currency',
				description: onNetwork.length
					? `On ${info.label} Cregis pays out: ${onNetwork.join(', ')}.`
					: `Cregis does not pay out on ${info.label}.`,
			});
		}
		return assetFromCurrency(entry);
	},

	previewCreate(payout) {
		return { method: 'POST', path: '/api/v1/payout', body: createBody(payout) };
	},

	async createPayout(
		call: ProviderCallContext,
		payout: ValidatedPayout,
	): Promise<NormalizedPayout> {
		const response = await sendProviderRequest(call, CREGIS_CREDENTIAL, {
			method: 'POST',
			url: '/api/v1/payout',
			body: createBody(payout),
		});
		const base = createFields('cregis', payout);
		const envelope = response.statusCode < 300 ? parseReplyObject(response) : undefined;
		if (!envelope || typeof envelope.code !== 'string') {
			const outcome = outcomeOfUnclearReply(response, 'Cregis');
			if (outcome !== 'unknown') throw outcome;
			return normalizedPayout({ ...base, status: 'unknown', message: UNKNOWN_OUTCOME_MESSAGE });
		}
		const data = (envelope.data ?? {}) as IDataObject;
		if (envelope.code === '00000') {
			const cid = idText(data.cid);
			if (!cid)
				return normalizedPayout({
					...base,
					status: 'unknown',
					message: UNKNOWN_OUTCOME_MESSAGE,
					raw: data,
				});
			// Accepted: the payout now waits for approval and signing in the Cregis client (status 0).
			return normalizedPayout({
				...base,
				payoutId: cid,
				status: 'pending',
				providerStatus: null,
				raw: data,
			});
		}
		if (envelope.code === CREGIS_DUPLICATE_CODE) {
			return normalizedPayout({
				...base,
				status: 'duplicate',
				providerStatus: CREGIS_DUPLICATE_CODE,
				message:
					'Cregis already has a payout with this reference (third_party_id); nothing was sent now.',
				raw: data,
			});
		}
		throw cregisFailure(envelope.code, String(envelope.msg ?? ''), response.statusCode);
	},
};

import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import {
	checkProviderBaseUrl,
	credentialTestStatusRules,
} from '../nodes/CryptoPayout/shared/base-url';
import { LEDGER_CREDENTIAL_PROPERTIES } from '../nodes/CryptoPayout/shared/ledger-fields';

export class OxaPayApi implements ICredentialType {
	name = 'oxaPayApi';

	displayName = 'OxaPay API';

	documentationUrl =
		'https://github.com/n8n-nodes-crypto-payout/n8n-nodes-crypto-payout#oxapay-credential';

	icon = 'file:oxapay.svg' as const;

	properties: INodeProperties[] = [
		{
			displayName:
				'Use the Payout API key: OxaPay dashboard → Payout Service → API key (the Merchant and General keys cannot send payouts). If the key has "Allowed IPs" set, add this n8n server\'s outbound IP there.',
			name: 'keyNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Payout API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			hint: 'From OxaPay → Payout Service, not the Merchant or General key',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.oxapay.com/v1',
			hint: 'Leave as is for OxaPay. The sandbox gateway (http://127.0.0.1:PORT/oxapay/v1) tries the node without moving money.',
		},
		...LEDGER_CREDENTIAL_PROPERTIES,
	];

	// A function rather than the declarative form so that an insecure Base URL is refused before
	// the key is attached to anything.
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const baseURL = checkProviderBaseUrl(credentials.baseUrl, 'OxaPay API');
		return {
			...requestOptions,
			baseURL,
			headers: { ...requestOptions.headers, payout_api_key: String(credentials.apiKey ?? '') },
		};
	}

	// A read of the payout history: it needs the Payout API key, and the allowed IPs apply to it.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/payout',
			method: 'GET',
			qs: { size: 1 },
			disableFollowRedirect: true,
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'OxaPay refused the key (HTTP 401). Use the Payout API key from OxaPay → Payout Service, not the Merchant or General key, and check it was copied whole.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'OxaPay refused the request (HTTP 403). If the key has "Allowed IPs", add this n8n server\'s outbound IP; otherwise check that it is the Payout API key.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'The Base URL does not lead to the OxaPay API (HTTP 404). For OxaPay it is https://api.oxapay.com/v1.',
				},
			},
			...credentialTestStatusRules('OxaPay'),
		],
	};
}

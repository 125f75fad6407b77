import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { checkProviderBaseUrl } from '../nodes/CryptoPayout/shared/base-url';

export class OxaPayApi implements ICredentialType {
	name = 'oxaPayApi';

	displayName = 'OxaPay API';

	documentationUrl =
		'https://github.com/n8n-nodes-crypto-payout/n8n-nodes-crypto-payout#oxapay-credential';

	icon = 'file:oxapay.svg' as const;

	properties: INodeProperties[] = [
		{
			displayName: 'Payout API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The Payout API key from OxaPay → Payout Service (not the Merchant or General key). If the key has "Allowed IPs" set, add this n8n server\'s outbound IP.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.oxapay.com/v1',
			description:
				'Leave as is for OxaPay. Point it at the sandbox gateway (http://127.0.0.1:PORT/oxapay/v1) to try the node without moving money.',
		},
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

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/payout',
			method: 'GET',
			qs: { size: 1 },
		},
	};
}

import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { signCregisRequest } from '../nodes/CryptoPayout/providers/cregis/request';

export class CregisApi implements ICredentialType {
	name = 'cregisApi';

	displayName = 'Cregis API';

	documentationUrl =
		'https://github.com/n8n-nodes-crypto-payout/n8n-nodes-crypto-payout#cregis-credential';

	icon = 'file:cregis.svg' as const;

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://t-xxxxxxx.cregis.io',
			description:
				"Your project's gateway server, shown in the Cregis client next to the API key (each project has its own host). The sandbox gateway is http://127.0.0.1:PORT/cregis.",
		},
		{
			displayName: 'Project ID',
			name: 'projectId',
			type: 'string',
			default: '',
			required: true,
			placeholder: '1382528827416576',
			description:
				'The WaaS project ID (pid): Cregis → WaaS → your project → Settings → Developer. Digits only.',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				"The project API key. It never leaves n8n: it only signs each request. Add this n8n server's outbound IP to the project's IP whitelist.",
		},
	];

	// Cregis has no auth header: pid, nonce, timestamp and an md5 signature go into every body.
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return signCregisRequest(credentials, requestOptions);
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/api/v1/coins',
			method: 'POST',
			body: {},
		},
	};
}

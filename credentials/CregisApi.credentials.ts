import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { signCregisRequest } from '../nodes/CryptoPayout/providers/cregis/request';
import { LEDGER_CREDENTIAL_PROPERTIES } from '../nodes/CryptoPayout/shared/ledger-fields';

export class CregisApi implements ICredentialType {
	name = 'cregisApi';

	displayName = 'Cregis API';

	documentationUrl =
		'https://github.com/n8n-nodes-crypto-payout/n8n-nodes-crypto-payout#cregis-credential';

	icon = 'file:cregis.svg' as const;

	properties: INodeProperties[] = [
		{
			displayName:
				"All three values are in the Cregis client: WaaS → your project → Settings → Developer (the WaaS project, not a Payment Engine one). Add this n8n server's outbound IP to that project's IP whitelist, or Cregis refuses every request.",
			name: 'projectNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://t-xxxxxxx.cregis.io',
			hint: "The project's gateway server, shown next to the API key (each project has its own host). The sandbox gateway is http://127.0.0.1:PORT/cregis.",
		},
		{
			displayName: 'Project ID',
			name: 'projectId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 1234567890123456',
			hint: 'The project ID (pid), digits only',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			hint: 'It never leaves n8n: it only signs each request',
		},
		...LEDGER_CREDENTIAL_PROPERTIES,
	];

	// Cregis has no auth header: pid, nonce, timestamp and an md5 signature go into every body.
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return signCregisRequest(credentials, requestOptions);
	}

	// The project's coin list: one signed read checks the Base URL, Project ID, key and IP whitelist.
	// Cregis answers refusals with HTTP 200 and a code, so the rules read the code.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/api/v1/coins',
			method: 'POST',
			body: {},
			// The key only signs and never travels, but the signed body goes nowhere else either.
			disableFollowRedirect: true,
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'code',
					value: 'B0001',
					message:
						'Cregis says the signature is wrong (B0001): the API Key does not belong to this Project ID. Copy both from the same WaaS project.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'code',
					value: 'E0001',
					message:
						"Cregis refused this n8n server's IP (E0001): add its outbound IP to the project's IP whitelist in the Cregis client.",
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'code',
					value: 'E0003',
					message:
						"Cregis does not know this project (E0003): check the Project ID, and that the Base URL is this project's gateway server.",
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'code',
					value: 'E0004',
					message: 'The project has not enabled this API (E0004): enable it in the Cregis client.',
				},
			},
		],
	};
}

import type { ProviderCredential } from '../../shared/http';

/** The OxaPay API credential (credentials/OxaPayApi.credentials.ts); `apiKey` is its secret. */
export const OXAPAY_CREDENTIAL: ProviderCredential = {
	type: 'oxaPayApi',
	secretFields: ['apiKey'],
};

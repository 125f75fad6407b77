import type { ProviderCredential } from '../../shared/http';
import { LEDGER_SECRET_FIELDS } from '../../shared/ledger-fields';

/** The OxaPay API credential (credentials/OxaPayApi.credentials.ts); `apiKey` is its secret. */
export const OXAPAY_CREDENTIAL: ProviderCredential = {
	type: 'oxaPayApi',
	secretFields: ['apiKey', ...LEDGER_SECRET_FIELDS],
};

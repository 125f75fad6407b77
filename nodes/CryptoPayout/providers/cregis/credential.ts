import type { ProviderCredential } from '../../shared/http';
import { LEDGER_SECRET_FIELDS } from '../../shared/ledger-fields';

/**
 * The Cregis API credential (credentials/CregisApi.credentials.ts). `apiKey` is its secret: it
 * only signs, it is never sent, but a reply must not show it even so. The project id is no secret.
 */
export const CREGIS_CREDENTIAL: ProviderCredential = {
	type: 'cregisApi',
	secretFields: ['apiKey', ...LEDGER_SECRET_FIELDS],
};

/**
 * The payout ledger, for the node and the trigger: the contract and the PostgreSQL backend.
 * Importing this module loads `pg`; code that only reads credentials uses shared/ledger-fields.
 */
export * from './types';
export { DEFAULT_LEDGER_SCHEMA } from './connection';
export { openLedger } from './postgres';

import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { ledgerConfigOf } from '../shared/ledger-fields';
import { openLedger as open } from './postgres';
import type { PayoutLedger } from './types';

/** The ledger a provider credential configures (opened and migrated once per process), if any. */
export async function ledgerOf(
	credentials: ICredentialDataDecryptedObject,
): Promise<PayoutLedger | undefined> {
	const config = ledgerConfigOf(credentials);
	return config ? await open(config) : undefined;
}

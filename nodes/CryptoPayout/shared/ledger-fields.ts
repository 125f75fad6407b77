/**
 * The payout ledger's settings, part of every provider credential: the ledger is configured once
 * per paying setup, so no workflow that uses the credential can forget it. Declared here once;
 * each credential spreads LEDGER_CREDENTIAL_PROPERTIES into its properties, and the node and the
 * trigger read the settings back with ledgerConfigOf.
 *
 * Imports no driver: loading a credential never loads `pg`.
 */
import type { ICredentialDataDecryptedObject, INodeProperties } from 'n8n-workflow';

import { DEFAULT_LEDGER_SCHEMA, ledgerSchemaName, parseLedgerUrl } from '../ledger/connection';
import type { LedgerConfig } from '../ledger/types';

/** The ledger's secret credential fields (the URL carries the database password). */
export const LEDGER_SECRET_FIELDS = ['ledgerUrl'] as const;

export const LEDGER_CREDENTIAL_PROPERTIES: INodeProperties[] = [
	{
		displayName: 'Payout Ledger Database URL',
		name: 'ledgerUrl',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		placeholder: 'postgres://user:password@host:5432/database?sslmode=verify-full',
		description:
			"Optional. A PostgreSQL database that records every payout before it is sent, so one reference is paid at most once across all workflows, providers, accounts and queue-mode workers, and daily limits hold across executions. Leave empty to use n8n's own records. Give every credential that pays the same references the same URL and schema.",
		hint: 'TLS: add ?sslmode=verify-full (or no-verify to skip the certificate check). Percent-encode @ : / ? # in the password.',
	},
	{
		displayName: 'Payout Ledger Schema',
		name: 'ledgerSchema',
		type: 'string',
		default: DEFAULT_LEDGER_SCHEMA,
		placeholder: DEFAULT_LEDGER_SCHEMA,
		description:
			'The database schema for the ledger tables, created on first use if missing. Letters, digits and underscores.',
		hint: 'Used only with a Payout Ledger Database URL. Created on first use; keep it the same in every credential that pays the same references',
	},
];

/**
 * The ledger a credential configures, or undefined when its Payout Ledger Database URL is empty.
 * Throws a PayoutFailure (kind configuration, no part of the URL but the host in it) when the
 * URL or the schema is invalid.
 */
export function ledgerConfigOf(
	credentials: ICredentialDataDecryptedObject,
): LedgerConfig | undefined {
	const url = typeof credentials.ledgerUrl === 'string' ? credentials.ledgerUrl.trim() : '';
	if (!url) return undefined;
	parseLedgerUrl(url);
	return { url, schema: ledgerSchemaName(credentials.ledgerSchema) };
}

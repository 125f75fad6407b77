/**
 * The ledger's connection settings, read from the credential's Ledger Database URL and Ledger
 * Schema. Pure code (no `pg`): the credential, the node and the backend all use it.
 *
 * The URL says everything about the connection and nothing else is consulted: no PG* environment
 * variable, no ~/.pgpass. A credential must not borrow the n8n process's own database password
 * (a URL without a password pointing at a hostile server that asks for a clear-text password
 * would otherwise receive it).
 */
import { PayoutFailure } from '../shared/errors';

export type LedgerSslMode = 'disable' | 'no-verify' | 'verify-full';

export interface LedgerConnection {
	host: string;
	port: number;
	user: string;
	/** Empty when the URL has none (trust or certificate authentication). */
	password: string;
	database: string;
	/**
	 * `disable` (no sslmode, or sslmode=disable): plain TCP, like n8n's own database connection by
	 * default. `verify-full` (sslmode=require, verify-ca or verify-full, as node-postgres 8 reads
	 * them): TLS, the server certificate checked against the system's CAs and the host name.
	 * `no-verify`: TLS without checking the certificate, only when the URL says so.
	 */
	ssl: LedgerSslMode;
}

const SSL_MODES: Record<string, LedgerSslMode> = {
	disable: 'disable',
	'no-verify': 'no-verify',
	require: 'verify-full',
	'verify-ca': 'verify-full',
	'verify-full': 'verify-full',
};
/** The schema the ledger uses when the credential names none. */
export const DEFAULT_LEDGER_SCHEMA = 'crypto_payout';

const ALLOWED_PARAMETERS = new Set(['sslmode']);
const DEFAULT_PORT = 5432;

/** A schema name, as PostgreSQL folds an unquoted identifier: lower case, at most 63 bytes. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function invalidUrl(message: string, description: string): PayoutFailure {
	return new PayoutFailure('INVALID_LEDGER_URL', message, {
		kind: 'configuration',
		field: 'ledgerUrl',
		description,
	});
}

const URL_SHAPE =
	'Use postgres://USER:PASSWORD@HOST:5432/DATABASE (add ?sslmode=verify-full for TLS); percent-encode @ : / ? # in the password.';

/**
 * Reads a Ledger Database URL. Its messages never repeat the URL or any part of it but the host,
 * port and parameter names: the password is in it.
 */
export function parseLedgerUrl(text: string): LedgerConnection {
	const trimmed = text.trim();
	const url = URL.canParse(trimmed) ? new URL(trimmed) : undefined;
	if (!url) throw invalidUrl('The Ledger Database URL is not a valid URL.', URL_SHAPE);
	if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
		throw invalidUrl('The Ledger Database URL must start with postgres://.', URL_SHAPE);
	}
	const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
	if (!host || host.includes(',')) {
		throw invalidUrl('The Ledger Database URL names no host, or several.', URL_SHAPE);
	}
	const user = decodePart(url.username, 'user name');
	const database = decodePart(url.pathname.replace(/^\//, ''), 'database name');
	if (!user) throw invalidUrl('The Ledger Database URL names no user.', URL_SHAPE);
	if (!database || database.includes('/')) {
		throw invalidUrl('The Ledger Database URL names no database (…:5432/DATABASE).', URL_SHAPE);
	}
	const unknown = [...url.searchParams.keys()].filter((name) => !ALLOWED_PARAMETERS.has(name));
	if (unknown.length > 0) {
		throw invalidUrl(
			`The Ledger Database URL has parameters the ledger does not read: ${unknown.map((name) => name.slice(0, 40)).join(', ')}.`,
			'Only sslmode is read (disable, require, verify-ca, verify-full or no-verify). Put the user and password before the host.',
		);
	}
	const sslParameter = url.searchParams.get('sslmode') ?? 'disable';
	const ssl = SSL_MODES[sslParameter];
	if (!ssl) {
		throw invalidUrl(
			'The Ledger Database URL has an sslmode the ledger does not know.',
			'Use sslmode=verify-full (TLS, certificate checked; require and verify-ca mean the same here), sslmode=no-verify (TLS, certificate not checked) or sslmode=disable.',
		);
	}
	return {
		host,
		port: url.port ? Number(url.port) : DEFAULT_PORT,
		user,
		password: decodePart(url.password, 'password'),
		database,
		ssl,
	};
}

function decodePart(encoded: string, what: string): string {
	try {
		return decodeURIComponent(encoded);
	} catch {
		throw invalidUrl(`The Ledger Database URL's ${what} is not valid percent-encoding.`, URL_SHAPE);
	}
}

/** The schema name the ledger uses: the operator's text folded to lower case, or the default. */
export function ledgerSchemaName(raw: unknown, fallback = DEFAULT_LEDGER_SCHEMA): string {
	const text = (typeof raw === 'string' ? raw.trim() : '') || fallback;
	const folded = text.toLowerCase();
	if (!SCHEMA_NAME.test(folded) || folded.startsWith('pg_')) {
		throw new PayoutFailure(
			'INVALID_LEDGER_SCHEMA',
			`The Ledger Schema "${text.slice(0, 80)}" is not a plain schema name.`,
			{
				kind: 'configuration',
				field: 'ledgerSchema',
				description:
					'Use letters, digits and underscores, starting with a letter, at most 63 characters, not starting with pg_ (e.g. crypto_payout).',
			},
		);
	}
	return folded;
}

/** An identifier for SQL text, quoted. Only ever given a name that passed ledgerSchemaName. */
export function quoteIdentifier(name: string): string {
	return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Removes every form of the password (and any postgres:// URL) from a text that is about to be
 * shown: driver and server messages are not written for an operator's screen.
 */
export function scrubSecrets(text: string, secrets: string[]): string {
	let out = text.replace(/postgres(?:ql)?:\/\/\S*/gi, 'postgres://…');
	for (const secret of secrets) {
		if (!secret) continue;
		for (const form of new Set([secret, encodeURIComponent(secret)])) {
			out = out.split(form).join('…');
		}
	}
	return out;
}

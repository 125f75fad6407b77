/**
 * Turns what the PostgreSQL driver throws into a PayoutFailure an operator can act on. The
 * message is built from the error's codes and the parts of the URL that are not secret (host,
 * port, database, user); a server message is added only after scrubbing, and the driver's error
 * is never attached (its fields can hold values and connection details).
 */
import { PayoutFailure } from '../shared/errors';
import { scrubSecrets, type LedgerConnection } from './connection';

interface DriverError {
	code?: unknown;
	message?: unknown;
}

const UNREACHABLE = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'ETIMEDOUT',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'ECONNRESET',
	'EPIPE',
]);
const TLS_CODE = /CERT|SELF_SIGNED|SSL|TLS|UNABLE_TO_(GET|VERIFY)/;
const MAX_SERVER_TEXT = 240;

function fieldsOf(error: unknown): { code: string; message: string } {
	const driver = (typeof error === 'object' && error !== null ? error : {}) as DriverError;
	return {
		code: typeof driver.code === 'string' ? driver.code : '',
		message: typeof driver.message === 'string' ? driver.message : '',
	};
}

/** Whether a failed statement may simply be run again (the transaction was rolled back whole). */
export function isRetryableConflict(error: unknown): boolean {
	const { code } = fieldsOf(error);
	return code === '40P01' || code === '40001';
}

/** Whether the ledger's tables are gone (an operator dropped the schema): migrate again. */
export function isMissingTable(error: unknown): boolean {
	const { code } = fieldsOf(error);
	return code === '42P01' || code === '3F000';
}

export function ledgerFailure(
	error: unknown,
	connection: Pick<LedgerConnection, 'host' | 'port' | 'database' | 'user' | 'password'>,
	doing: string,
): PayoutFailure {
	if (error instanceof PayoutFailure) return error;
	const { code, message } = fieldsOf(error);
	const where = `${connection.host}:${connection.port}`;
	const fail = (failureCode: string, text: string, description: string) =>
		new PayoutFailure(failureCode, `Payout ledger: ${text} (while ${doing}).`, {
			kind: 'configuration',
			description,
			providerCode: code || undefined,
		});
	const checkUrl = 'Check the Ledger Database URL in the provider credential.';

	if (code === '28P01' || code === '28000') {
		return fail(
			'LEDGER_LOGIN_REFUSED',
			`the database at ${where} refused the login of user "${connection.user}"`,
			`${checkUrl} The user name or password is wrong, or pg_hba.conf does not let this n8n server in.`,
		);
	}
	if (code === '3D000') {
		return fail(
			'LEDGER_DATABASE_MISSING',
			`the database "${connection.database}" does not exist at ${where}`,
			`${checkUrl} Create the database first (CREATE DATABASE), or name an existing one.`,
		);
	}
	if (code === '42501') {
		return fail(
			'LEDGER_PERMISSION_DENIED',
			`user "${connection.user}" may not create or use the ledger's schema or tables`,
			'Grant the user CREATE on the database (to create the schema), or create the schema for it: CREATE SCHEMA crypto_payout AUTHORIZATION <user>.',
		);
	}
	if (code === '57014') {
		return fail(
			'LEDGER_TIMEOUT',
			'the database did not answer in time',
			'The database is overloaded or a lock is held for long. Run the items again once it is healthy: a reference this run claimed is never paid twice.',
		);
	}
	if (UNREACHABLE.has(code) || /connection timeout|Connection terminated/i.test(message)) {
		return fail(
			'LEDGER_UNREACHABLE',
			`cannot reach the database at ${where}`,
			`${checkUrl} Is the host and port right, is PostgreSQL running, and may this n8n server connect to it?`,
		);
	}
	if (TLS_CODE.test(code) || /\bSSL\b|certificate/i.test(message)) {
		return fail(
			'LEDGER_TLS_FAILED',
			`the TLS connection to ${where} failed (${code || 'TLS'})`,
			'With sslmode=verify-full (and require, verify-ca) the server certificate must be valid for the host name. Use sslmode=no-verify to accept any certificate, or sslmode=disable on a private network.',
		);
	}
	if (/^(53|57P|08)/.test(code)) {
		return fail(
			'LEDGER_UNAVAILABLE',
			`the database at ${where} is not accepting work right now (SQLSTATE ${code})`,
			'The database is restarting, shutting down or out of connections. Run the items again later.',
		);
	}
	const serverText = scrubSecrets(message, [connection.password]).slice(0, MAX_SERVER_TEXT);
	return fail(
		'LEDGER_ERROR',
		`the database refused a statement${code ? ` (SQLSTATE ${code})` : ''}${serverText ? `: ${serverText}` : ''}`,
		'If it repeats, check the ledger schema and the database log.',
	);
}

/**
 * The payout ledger, for the node and the trigger: the contract and the PostgreSQL backend.
 * Importing this module loads `pg`; code that only reads credentials uses shared/ledger-fields.
 */
export * from './types';
export { DEFAULT_LEDGER_SCHEMA } from './connection';
export { openLedger } from './postgres';

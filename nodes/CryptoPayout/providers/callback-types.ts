/**
 * The status-callback half of a provider plug-in, which the Crypto Payout Trigger receives through.
 * The trigger does the provider-neutral part (content type, exact body bytes, credential lookup,
 * de-duplication, replies); everything that differs per provider sits behind `PayoutCallbacks`:
 * the signature check, parsing, normalization, what identifies a delivery, the reply text and any
 * option of its own. A provider without `callbacks` is simply not offered by the trigger.
 */
import type { ICredentialDataDecryptedObject, INodeProperties } from 'n8n-workflow';

import type { RefusedCallback } from '../shared/callback';
import type { NormalizedPayout } from './types';

export type { RefusedCallback } from '../shared/callback';

/** One received callback, as the trigger hands it to the provider. */
export interface CallbackDelivery {
	/** The request's exact bytes: signatures are checked over these, never over a re-serialized body. */
	readonly rawBody: Buffer;
	/** A request header's single value, matched case-insensitively; undefined when absent or repeated. */
	header(name: string): string | undefined;
	/** The provider's credential (the one the Crypto Payout node uses), decrypted. */
	readonly credentials: ICredentialDataDecryptedObject;
	/** When the callback arrived, ms since the epoch. */
	readonly now: number;
	/** One of the provider's `triggerOptions` as set on the node, or `fallback` when it is not set. */
	option(name: string, fallback: unknown): unknown;
}

/** A callback that passed every check: what to emit and what identifies the delivery. */
export interface AcceptedCallback {
	accepted: true;
	/** With `status`, the delivery's identity: each (payout, status) runs the workflow once. */
	payoutId: string;
	/** The provider's status text, as received. */
	status: string;
	/**
	 * Further identities of this delivery, each accepted at most once besides (payout, status):
	 * e.g. its signature, when another body can carry the same one (Cregis signs the fields joined
	 * without separators, so shifted field boundaries keep the signature valid). Plain text; the
	 * trigger prefixes them with the provider id.
	 */
	replayKeys?: readonly string[];
	/** `operation: "callback"`. */
	payout: NormalizedPayout;
}

export type CallbackVerdict = AcceptedCallback | RefusedCallback;

export interface PayoutCallbacks {
	/** The exact reply body the provider takes as "delivered"; anything else makes it retry. */
	readonly ackText: string;
	/**
	 * Entries of the trigger's Options collection that only this provider reads; the trigger shows
	 * them only while this provider is selected. Their names must not clash with other providers'.
	 */
	readonly triggerOptions?: INodeProperties[];
	/**
	 * Signature (and any freshness or account check) first, then parsing and normalization. Never
	 * throws for a bad request: every refusal is a verdict, so no execution starts for it.
	 */
	verify(delivery: CallbackDelivery): CallbackVerdict;
}

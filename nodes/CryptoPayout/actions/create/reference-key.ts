/**
 * How a reference is compared. A reference is a business id (an invoice number, a sheet row id):
 * paid once whichever provider or account pays it, and typed by people for whom `INV-1` and
 * `inv-1` are the same invoice. So the key is the namespace plus the reference upper-cased; the
 * item keeps the reference as typed.
 */
import type { ReferenceNamespace } from '../../shared/account';

export interface ReferenceKey {
	namespace: ReferenceNamespace;
	/** The reference trimmed and upper-cased. */
	referenceKey: string;
	/** `namespace:REFERENCE`: what holds, memory and n8n's processed-data record are keyed by. */
	id: string;
}

export function referenceKeyOf(namespace: ReferenceNamespace, reference: string): ReferenceKey {
	const referenceKey = reference.trim().toUpperCase();
	return { namespace, referenceKey, id: `${namespace}:${referenceKey}` };
}

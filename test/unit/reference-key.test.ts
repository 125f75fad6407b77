/**
 * The reference namespace: a reference paid through the sandbox (a loopback Base URL) never
 * blocks the same reference on a real provider host, and references compare without case.
 */
import { payoutAccount } from '../../nodes/CryptoPayout/shared/account';
import { referenceKeyOf } from '../../nodes/CryptoPayout/actions/create/reference-key';

describe('reference keys', () => {
	it.each([
		['http://127.0.0.1:8787/oxapay/v1', 'test'],
		['http://localhost:8787/cregis', 'test'],
		['http://[::1]:8787/cregis', 'test'],
		['https://api.oxapay.com/v1', 'live'],
		['https://t-abcdef.cregis.io', 'live'],
		['https://127.0.0.1.example.com', 'live'],
	])('%s pays in the %s namespace', (baseUrl, namespace) => {
		expect(payoutAccount(baseUrl, 'fingerprint').namespace).toBe(namespace);
	});

	it('compares a reference without letter case or surrounding spaces, within its namespace only', () => {
		expect(referenceKeyOf('live', ' inv-1 ').id).toBe(referenceKeyOf('live', 'INV-1').id);
		expect(referenceKeyOf('test', 'INV-1').id).not.toBe(referenceKeyOf('live', 'INV-1').id);
	});
});

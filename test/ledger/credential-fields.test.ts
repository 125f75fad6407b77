/**
 * The ledger's settings in the provider credentials: declared once (shared/ledger-fields), present
 * in every provider credential, optional, the URL a password field; ledgerConfigOf reads them.
 */
import { CregisApi } from '../../credentials/CregisApi.credentials';
import { OxaPayApi } from '../../credentials/OxaPayApi.credentials';
import { ledgerConfigOf } from '../../nodes/CryptoPayout/shared/ledger-fields';
import { exposeAll, journal } from '../harness/leak-journal';
import { LEDGER_TEST_PASSWORD } from '../harness/postgres-cluster';

/** Everything an operator could see of an error: every own property, the cause chain. */
function visible(error: unknown): string {
	journal('ledger-error', error);
	return JSON.stringify(exposeAll(error));
}

describe('credential fields', () => {
	it.each([new OxaPayApi(), new CregisApi()])(
		'$name has an optional ledger URL (a password field) and schema',
		(credential) => {
			const url = credential.properties.find((property) => property.name === 'ledgerUrl');
			const schema = credential.properties.find((property) => property.name === 'ledgerSchema');
			expect(url).toMatchObject({ type: 'string', typeOptions: { password: true }, default: '' });
			expect(url?.required).toBeFalsy();
			expect(schema).toMatchObject({ type: 'string', default: 'crypto_payout' });
		},
	);

	it('ledgerConfigOf: no URL → no ledger; a URL → its config with the folded schema; a bad URL → a failure without the password', () => {
		expect(ledgerConfigOf({ apiKey: 'k' })).toBeUndefined();
		expect(ledgerConfigOf({ ledgerUrl: '   ', ledgerSchema: 'x' })).toBeUndefined();
		expect(ledgerConfigOf({ ledgerUrl: ' postgres://u:p@h/d ', ledgerSchema: 'Payouts' })).toEqual({
			url: 'postgres://u:p@h/d',
			schema: 'payouts',
		});
		expect(ledgerConfigOf({ ledgerUrl: 'postgres://u:p@h/d' })).toEqual({
			url: 'postgres://u:p@h/d',
			schema: 'crypto_payout',
		});
		let caught: unknown;
		try {
			ledgerConfigOf({ ledgerUrl: `http://u:${LEDGER_TEST_PASSWORD}@h/d` });
		} catch (error) {
			caught = error;
		}
		expect(caught).toMatchObject({ code: 'INVALID_LEDGER_URL' });
		expect(visible(caught)).not.toContain(LEDGER_TEST_PASSWORD);
	});
});

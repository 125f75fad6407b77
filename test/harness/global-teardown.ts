/** jest globalTeardown: stops the ledger tests' PostgreSQL cluster, then runs the secret scan. */
import leakScanTeardown from './leak-scan.teardown';

export default function teardown(): void {
	globalThis.payoutTestPostgres?.stop();
	globalThis.payoutTestPostgres = undefined;
	leakScanTeardown();
}

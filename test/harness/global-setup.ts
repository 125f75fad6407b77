/**
 * jest globalSetup: the suite-wide secret journal (leak-scan.setup) and one throw-away PostgreSQL
 * cluster for the ledger tests (postgres-cluster), shared by every test file of the run through
 * PAYOUT_TEST_PG. A cluster that cannot start does not stop the rest of the suite: the reason is
 * handed to the ledger tests (PAYOUT_TEST_PG_ERROR), which fail with it; nothing is skipped.
 */
import leakScanSetup from './leak-scan.setup';
import {
	startPostgresCluster,
	TEST_PG_ENV,
	TEST_PG_ERROR_ENV,
	type PostgresCluster,
} from './postgres-cluster';

declare global {
	var payoutTestPostgres: PostgresCluster | undefined;
}

export default async function setup(): Promise<void> {
	leakScanSetup();
	try {
		const cluster = await startPostgresCluster();
		globalThis.payoutTestPostgres = cluster;
		process.env[TEST_PG_ENV] = JSON.stringify({
			host: cluster.host,
			port: cluster.port,
			dir: cluster.dir,
		});
	} catch (error) {
		process.env[TEST_PG_ERROR_ENV] = error instanceof Error ? error.message : String(error);
	}
}

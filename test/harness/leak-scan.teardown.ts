import { readdirSync, readFileSync, rmSync } from 'fs';
import path from 'path';

import { findSecrets, JOURNAL_DIR_ENV } from './leak-journal';

/** Fails the test run if any output item, error or log line of the whole suite carries a test key. */
export default function teardown(): void {
	const dir = process.env[JOURNAL_DIR_ENV];
	if (!dir) return;
	let records = 0;
	const leaks: string[] = [];
	for (const file of readdirSync(dir)) {
		for (const line of readFileSync(path.join(dir, file), 'utf8').split('\n')) {
			if (!line) continue;
			records++;
			const found = findSecrets(line);
			if (found.length) leaks.push(`${found.join(', ')} in ${line.slice(0, 300)}`);
		}
	}
	rmSync(dir, { recursive: true, force: true });
	if (leaks.length) {
		throw new Error(
			`Secret scan: ${leaks.length} of ${records} journal records contain a test key:\n${leaks.slice(0, 5).join('\n')}`,
		);
	}
	process.stdout.write(
		`\nSecret scan: ${records} output/error/log records from the whole suite, no test key found.\n`,
	);
}

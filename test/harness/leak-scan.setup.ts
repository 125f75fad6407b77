import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';

import { JOURNAL_DIR_ENV } from './leak-journal';

export default function setup(): void {
	process.env[JOURNAL_DIR_ENV] = mkdtempSync(path.join(tmpdir(), 'payout-leak-journal-'));
}

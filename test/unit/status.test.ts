import { normalizeCregisStatus } from '../../nodes/CryptoPayout/providers/cregis/status';
import { normalizeOxaPayStatus } from '../../nodes/CryptoPayout/providers/oxapay/status';

describe('status mapping', () => {
	it('keeps anything new as unknown, case-insensitively for OxaPay', () => {
		expect(normalizeCregisStatus(9)).toBe('unknown');
		expect(normalizeCregisStatus('6')).toBe('completed');
		expect(normalizeOxaPayStatus('Confirmed')).toBe('completed');
		expect(normalizeOxaPayStatus('FAILED')).toBe('failed');
		expect(normalizeOxaPayStatus('teleported')).toBe('unknown');
	});
});

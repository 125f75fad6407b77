import {
	detectAddressFamilies,
	validateAddress,
} from '../../../nodes/CryptoPayout/validation/address';
import { decodeXrpAddress, encodeClassicAddress } from '../../../nodes/CryptoPayout/validation/xrp';

function reasonOf(result: ReturnType<typeof validateAddress>): string {
	return result.valid ? '' : result.reason;
}

// XLS-5d X-address vectors from XRPLF/xrpl.js packages/ripple-address-codec/test/index.test.ts
// (the same table backs the ripple-address-codec README examples):
// [classic address, tag or false, mainnet X-address, testnet X-address].
// Note: XVLhHMPHU98es4dbozjVtdWzVrDjtV18pX8yuPT7y4xaEHi carries tag 4294967295, not 12345.
const X_ADDRESS_VECTORS: Array<[string, number | false, string, string]> = [
	[
		'r9cZA1mLK5R5Am25ArfXFmqgNwjZgnfk59',
		false,
		'X7AcgcsBL6XDcUb289X4mJ8djcdyKaB5hJDWMArnXr61cqZ',
		'T719a5UwUCnEs54UsxG9CJYYDhwmFCqkr7wxCcNcfZ6p5GZ',
	],
	[
		'r9cZA1mLK5R5Am25ArfXFmqgNwjZgnfk59',
		1,
		'X7AcgcsBL6XDcUb289X4mJ8djcdyKaGZMhc9YTE92ehJ2Fu',
		'T719a5UwUCnEs54UsxG9CJYYDhwmFCvbJNZbi37gBGkRkbE',
	],
	[
		'r9cZA1mLK5R5Am25ArfXFmqgNwjZgnfk59',
		14,
		'X7AcgcsBL6XDcUb289X4mJ8djcdyKaGo2K5VpXpmCqbV2gS',
		'T719a5UwUCnEs54UsxG9CJYYDhwmFCvqXVCALUGJGSbNV3x',
	],
	[
		'r9cZA1mLK5R5Am25ArfXFmqgNwjZgnfk59',
		11747,
		'X7AcgcsBL6XDcUb289X4mJ8djcdyKaLFuhLRuNXPrDeJd9A',
		'T719a5UwUCnEs54UsxG9CJYYDhwmFCziiNHtUukubF2Mg6t',
	],
	[
		'rLczgQHxPhWtjkaQqn3Q6UM8AbRbbRvs5K',
		false,
		'XVZVpQj8YSVpNyiwXYSqvQoQqgBttTxAZwMcuJd4xteQHyt',
		'TVVrSWtmQQssgVcmoMBcFQZKKf56QscyWLKnUyiuZW8ALU4',
	],
	[
		'rpZc4mVfWUif9CRoHRKKcmhu1nx2xktxBo',
		false,
		'X7YenJqxv3L66CwhBSfd3N8RzGXxYqPopMGMsCcpho79rex',
		'T77wVQzA8ntj9wvCTNiQpNYLT5hmhRsFyXDoMLqYC4BzQtV',
	],
	[
		'rpZc4mVfWUif9CRoHRKKcmhu1nx2xktxBo',
		58,
		'X7YenJqxv3L66CwhBSfd3N8RzGXxYqV56ZkTCa9UCzgaao1',
		'T77wVQzA8ntj9wvCTNiQpNYLT5hmhR9kej6uxm4jGcQD7rZ',
	],
	[
		'rsA2LpzuawewSBQXkiju3YQTMzW13pAAdW',
		23480,
		'X7d3eHCXzwBeWrZec1yT24iZerQjYL8m8zCJ16ACxu1BrBY',
		'T7YChPFWifjCAXLEtg5N74c7fSAYsvSokwcmBPBUZWhxH5P',
	],
	[
		'rsA2LpzuawewSBQXkiju3YQTMzW13pAAdW',
		11747,
		'X7d3eHCXzwBeWrZec1yT24iZerQjYLo2CJf8oVC5CMWey5m',
		'T7YChPFWifjCAXLEtg5N74c7fSAYsvTcc7nEfwuEEvn5Q4w',
	],
	[
		'rGWrZyQqhTp9Xu7G5Pkayo7bXjH4k4QYpf',
		false,
		'XVLhHMPHU98es4dbozjVtdWzVrDjtV5fdx1mHp98tDMoQXb',
		'TVE26TYGhfLC7tQDno7G8dGtxSkYQn49b3qD26PK7FcGSKE',
	],
	[
		'rGWrZyQqhTp9Xu7G5Pkayo7bXjH4k4QYpf',
		0,
		'XVLhHMPHU98es4dbozjVtdWzVrDjtV8AqEL4xcZj5whKbmc',
		'TVE26TYGhfLC7tQDno7G8dGtxSkYQnSy8RHqGHoGJ59spi2',
	],
	[
		'rGWrZyQqhTp9Xu7G5Pkayo7bXjH4k4QYpf',
		1,
		'XVLhHMPHU98es4dbozjVtdWzVrDjtV8xvjGQTYPiAx6gwDC',
		'TVE26TYGhfLC7tQDno7G8dGtxSkYQnSz1uDimDdPYXzSpyw',
	],
	[
		'rGWrZyQqhTp9Xu7G5Pkayo7bXjH4k4QYpf',
		2,
		'XVLhHMPHU98es4dbozjVtdWzVrDjtV8zpDURx7DzBCkrQE7',
		'TVE26TYGhfLC7tQDno7G8dGtxSkYQnTryP9tG9TW8GeMBmd',
	],
	[
		'rGWrZyQqhTp9Xu7G5Pkayo7bXjH4k4QYpf',
		32,
		'XVLhHMPHU98es4dbozjVtdWzVrDjtVoYiC9UvKfjKar4LJe',
		'TVE26TYGhfLC7tQDno7G8dGtxSkYQnT2oqaCDzMEuCDAj1j',
	],
	[
		'rGWrZyQqhTp9Xu7G5Pkayo7bXjH4k4QYpf',
		276,
		'XVLhHMPHU98es4dbozjVtdWzVrDjtVoKj3MnFGMXEFMnvJV',
		'TVE26TYGhfLC7tQDno7G8dGtxSkYQnTMgJJYfAbsiPsc6Zg',
	],
	[
		'rGWrZyQqhTp9Xu7G5Pkayo7bXjH4k4QYpf',
		65591,
		'XVLhHMPHU98es4dbozjVtdWzVrDjtVozpjdhPQVdt3ghaWw',
		'TVE26TYGhfLC7tQDno7G8dGtxSkYQn7ryu2W6njw7mT1jmS',
	],
	[
		'rGWrZyQqhTp9Xu7G5Pkayo7bXjH4k4QYpf',
		16781933,
		'XVLhHMPHU98es4dbozjVtdWzVrDjtVqrDUk2vDpkTjPsY73',
		'TVE26TYGhfLC7tQDno7G8dGtxSkYQnVsw45sDtGHhLi27Qa',
	],
	[
		'rGWrZyQqhTp9Xu7G5Pkayo7bXjH4k4QYpf',
		4294967294,
		'XVLhHMPHU98es4dbozjVtdWzVrDjtV1kAsixQTdMjbWi39u',
		'TVE26TYGhfLC7tQDno7G8dGtxSkYQnX8tDFQ53itLNqs6vU',
	],
	[
		'rGWrZyQqhTp9Xu7G5Pkayo7bXjH4k4QYpf',
		4294967295,
		'XVLhHMPHU98es4dbozjVtdWzVrDjtV18pX8yuPT7y4xaEHi',
		'TVE26TYGhfLC7tQDno7G8dGtxSkYQnXoy6kSDh6rZzApc69',
	],
	[
		'rPEPPER7kfTD9w2To4CQk6UCfuHM9c6GDY',
		false,
		'XV5sbjUmgPpvXv4ixFWZ5ptAYZ6PD2gYsjNFQLKYW33DzBm',
		'TVd2rqMkYL2AyS97NdELcpeiprNBjwLZzuUG5rZnaewsahi',
	],
	[
		'rPEPPER7kfTD9w2To4CQk6UCfuHM9c6GDY',
		0,
		'XV5sbjUmgPpvXv4ixFWZ5ptAYZ6PD2m4Er6SnvjVLpMWPjR',
		'TVd2rqMkYL2AyS97NdELcpeiprNBjwRQUBetPbyrvXSTuxU',
	],
	[
		'rPEPPER7kfTD9w2To4CQk6UCfuHM9c6GDY',
		13371337,
		'XV5sbjUmgPpvXv4ixFWZ5ptAYZ6PD2qwGkhgc48zzcx6Gkr',
		'TVd2rqMkYL2AyS97NdELcpeiprNBjwVUDvp3vhpXbNhLwJi',
	],
];

describe('XRP X-addresses (XLS-5d)', () => {
	it.each(X_ADDRESS_VECTORS)('%s with tag %s ↔ %s / %s', (classic, tag, mainnet, testnet) => {
		const expectedTag = tag === false ? undefined : String(tag);
		for (const [xAddress, isTestnet] of [
			[mainnet, false],
			[testnet, true],
		] as const) {
			const decoded = decodeXrpAddress(xAddress);
			if (!decoded.ok || decoded.kind !== 'x-address')
				throw new Error(`did not decode ${xAddress}`);
			expect(encodeClassicAddress(decoded.accountId)).toBe(classic);
			expect(decoded.tag).toBe(expectedTag);
			expect(decoded.testnet).toBe(isTestnet);
		}
		const main = validateAddress('xrp', mainnet);
		expect(main.valid).toBe(true);
		if (main.valid) expect(main.embeddedTag).toBe(expectedTag);
		expect(reasonOf(validateAddress('xrp', testnet))).toMatch(/XRP testnet X-address/);
		expect(validateAddress('xrp', testnet, { testnet: true }).valid).toBe(true);
		expect(validateAddress('xrp', classic)).toEqual({
			valid: true,
			address: classic,
			warnings: [],
		});
	});

	it('has no embeddedTag key at all for an X-address without tag', () => {
		expect(validateAddress('xrp', 'XVLhHMPHU98es4dbozjVtdWzVrDjtV5fdx1mHp98tDMoQXb')).toEqual({
			valid: true,
			address: 'XVLhHMPHU98es4dbozjVtdWzVrDjtV5fdx1mHp98tDMoQXb',
			warnings: [],
		});
	});

	// Invalid vectors from the same ripple-address-codec test file.
	it('refuses a bad checksum, a bad prefix and a 64-bit tag', () => {
		expect(
			reasonOf(validateAddress('xrp', 'XVLhHMPHU98es4dbozjVtdWzVrDjtV5fdx1mHp98tDMoQXa')),
		).toMatch(/checksum does not match/);
		expect(validateAddress('xrp', 'dGzKGt8CVpWoa8aWL1k18tAdy9Won3PxynvbbpkAqp3V47g').valid).toBe(
			false,
		);
		expect(
			reasonOf(validateAddress('xrp', 'XVLhHMPHU98es4dbozjVtdWzVrDjtV18pX8zeUygYrCgrPh')),
		).toMatch(/not supported/);
	});

	it('does not confuse XRP testnet "T…" X-addresses with TRON "T…" addresses', () => {
		const xrpTestnet = 'T7oKJ3q7s94kDH6tpkBowhetT1JKfcfdSCmAXbS75iATyLD'; // ripple-address-codec README
		expect(detectAddressFamilies(xrpTestnet)).toEqual([]);
		expect(detectAddressFamilies(xrpTestnet, { testnet: true })).toEqual(['xrp']);
		expect(detectAddressFamilies('TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t', { testnet: true })).toEqual([
			'tron',
		]);
		expect(validateAddress('tron', xrpTestnet).valid).toBe(false);
	});
});

describe('XRP classic addresses', () => {
	it('accepts the genesis account and refuses its master seed as a secret', () => {
		// XRPL docs: the genesis account rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh, derived from the
		// well-known seed of "masterpassphrase".
		expect(validateAddress('xrp', 'rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh').valid).toBe(true);
		expect(reasonOf(validateAddress('xrp', 'snoPBrXtMeMyMHUVTgbuqAfg1SUTb'))).toMatch(/SECRET KEY/);
	});

	it('refuses the ACCOUNT_ZERO and ACCOUNT_ONE black holes (XRPL docs "Special Addresses")', () => {
		expect(reasonOf(validateAddress('xrp', 'rrrrrrrrrrrrrrrrrrrrrhoLvTp'))).toMatch(/black hole/);
		expect(reasonOf(validateAddress('xrp', 'rrrrrrrrrrrrrrrrrrrrBZbvji'))).toMatch(/black hole/);
	});

	it('refuses a one-character typo with a checksum reason', () => {
		expect(reasonOf(validateAddress('xrp', 'rGWrZyQqhTp9Xu7G5Pkayo7bXjH4k4QYpg'))).toMatch(
			/checksum does not match/,
		);
	});
});

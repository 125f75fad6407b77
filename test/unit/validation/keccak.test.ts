import { createHash } from 'crypto';

import { keccak256, keccakSponge256 } from '../../../nodes/CryptoPayout/validation/keccak';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const ascii = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'ascii'));

describe('keccak256', () => {
	// Keccak team / Ethereum Yellow Paper reference values (original Keccak padding 0x01).
	it.each([
		['', 'c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470'],
		['abc', '4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45'],
		[
			'The quick brown fox jumps over the lazy dog',
			'4d741b6f1eb29cb2a9b9911c82f56fa8d73b04959d3d9d222895df6c0b28aa15',
		],
		// The ERC-20 Transfer event topic, visible in every token transfer log on Ethereum.
		[
			'Transfer(address,address,uint256)',
			'ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef',
		],
	])('hashes %j', (input, digest) => {
		expect(hex(keccak256(ascii(input)))).toBe(digest);
	});

	it('gives the ERC-20 transfer selector a9059cbb', () => {
		expect(hex(keccak256(ascii('transfer(address,uint256)'))).slice(0, 8)).toBe('a9059cbb');
	});

	it('is not NIST SHA3-256 (which Node provides)', () => {
		expect(hex(keccak256(new Uint8Array(0)))).not.toBe(
			createHash('sha3-256').update('').digest('hex'),
		);
	});

	// The sponge with NIST's 0x06 padding must equal Node's sha3-256 for every length around
	// the 136-byte rate, which exercises the permutation, absorption and padding edges.
	it('matches Node sha3-256 with NIST padding for lengths 0..420', () => {
		for (let length = 0; length <= 420; length++) {
			const data = new Uint8Array(length);
			for (let index = 0; index < length; index++) data[index] = (index * 31 + 7) & 0xff;
			expect(hex(keccakSponge256(data, 0x06))).toBe(
				createHash('sha3-256').update(data).digest('hex'),
			);
		}
	});

	it('hashes 5,000 EVM-address-sized inputs quickly', () => {
		const started = process.hrtime.bigint();
		const data = new Uint8Array(40).fill(0x61);
		for (let round = 0; round < 5000; round++) {
			data[0] = round & 0xff;
			keccak256(data);
		}
		const elapsedMs = (process.hrtime.bigint() - started) / 1_000_000n;
		expect(elapsedMs).toBeLessThan(3000n);
	});
});

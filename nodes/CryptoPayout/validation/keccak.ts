/**
 * Keccak-256 as Ethereum uses it: the original submission's padding byte 0x01. Node's
 * `sha3-256` is the NIST variant (padding 0x06) and gives different digests, so it cannot be
 * used for EIP-55.
 *
 * Each 64-bit lane is held as two 32-bit halves in a Uint32Array (lane i: low word at 2i, high
 * word at 2i+1), which keeps the permutation on exact integer operations without BigInt cost.
 */

const RATE_BYTES = 136;
const ROUNDS = 24;
const KECCAK_PADDING = 0x01;

// Round constants, rotation offsets and the pi lane permutation are derived once from the
// specification's definitions instead of being typed in, so a transcription slip is impossible.
const ROUND_CONSTANT_LOW = new Uint32Array(ROUNDS);
const ROUND_CONSTANT_HIGH = new Uint32Array(ROUNDS);
const ROTATION = new Uint8Array(25);
const PI_TARGET = new Uint8Array(25);

(function deriveTables(): void {
	let lfsr = 1;
	for (let round = 0; round < ROUNDS; round++) {
		let low = 0;
		let high = 0;
		for (let j = 0; j < 7; j++) {
			if (lfsr & 1) {
				const bit = (1 << j) - 1;
				if (bit < 32) low ^= 1 << bit;
				else high ^= 1 << (bit - 32);
			}
			lfsr = lfsr & 0x80 ? ((lfsr << 1) ^ 0x71) & 0xff : (lfsr << 1) & 0xff;
		}
		ROUND_CONSTANT_LOW[round] = low;
		ROUND_CONSTANT_HIGH[round] = high;
	}

	let x = 1;
	let y = 0;
	for (let t = 0; t < 24; t++) {
		ROTATION[x + 5 * y] = (((t + 1) * (t + 2)) >>> 1) & 63;
		const nextY = (2 * x + 3 * y) % 5;
		x = y;
		y = nextY;
	}
	for (let lx = 0; lx < 5; lx++) {
		for (let ly = 0; ly < 5; ly++) PI_TARGET[lx + 5 * ly] = ly + 5 * ((2 * lx + 3 * ly) % 5);
	}
})();

function permute(state: Uint32Array, scratch: Uint32Array): void {
	const parityLow = new Uint32Array(5);
	const parityHigh = new Uint32Array(5);
	for (let round = 0; round < ROUNDS; round++) {
		// theta
		for (let x = 0; x < 5; x++) {
			parityLow[x] =
				state[2 * x] ^
				state[2 * x + 10] ^
				state[2 * x + 20] ^
				state[2 * x + 30] ^
				state[2 * x + 40];
			parityHigh[x] =
				state[2 * x + 1] ^
				state[2 * x + 11] ^
				state[2 * x + 21] ^
				state[2 * x + 31] ^
				state[2 * x + 41];
		}
		for (let x = 0; x < 5; x++) {
			const left = (x + 4) % 5;
			const right = (x + 1) % 5;
			const dLow = parityLow[left] ^ ((parityLow[right] << 1) | (parityHigh[right] >>> 31));
			const dHigh = parityHigh[left] ^ ((parityHigh[right] << 1) | (parityLow[right] >>> 31));
			for (let y = 0; y < 25; y += 5) {
				state[2 * (x + y)] ^= dLow;
				state[2 * (x + y) + 1] ^= dHigh;
			}
		}
		// rho and pi
		for (let lane = 0; lane < 25; lane++) {
			const low = state[2 * lane];
			const high = state[2 * lane + 1];
			const shift = ROTATION[lane];
			const target = 2 * PI_TARGET[lane];
			if (shift === 0) {
				scratch[target] = low;
				scratch[target + 1] = high;
			} else if (shift < 32) {
				scratch[target] = (low << shift) | (high >>> (32 - shift));
				scratch[target + 1] = (high << shift) | (low >>> (32 - shift));
			} else if (shift === 32) {
				scratch[target] = high;
				scratch[target + 1] = low;
			} else {
				const over = shift - 32;
				scratch[target] = (high << over) | (low >>> (32 - over));
				scratch[target + 1] = (low << over) | (high >>> (32 - over));
			}
		}
		// chi
		for (let y = 0; y < 25; y += 5) {
			for (let x = 0; x < 5; x++) {
				const here = 2 * (x + y);
				const next = 2 * (((x + 1) % 5) + y);
				const nextNext = 2 * (((x + 2) % 5) + y);
				state[here] = scratch[here] ^ (~scratch[next] & scratch[nextNext]);
				state[here + 1] = scratch[here + 1] ^ (~scratch[next + 1] & scratch[nextNext + 1]);
			}
		}
		// iota
		state[0] ^= ROUND_CONSTANT_LOW[round];
		state[1] ^= ROUND_CONSTANT_HIGH[round];
	}
}

function absorbBlock(state: Uint32Array, block: Uint8Array, offset: number): void {
	for (let word = 0; word < RATE_BYTES / 4; word++) {
		const at = offset + 4 * word;
		state[word] ^= block[at] | (block[at + 1] << 8) | (block[at + 2] << 16) | (block[at + 3] << 24);
	}
}

/**
 * The 256-bit sponge with a chosen domain padding byte: 0x01 is Keccak-256, 0x06 is NIST
 * SHA3-256. Exposed so tests can cross-check the permutation against Node's `sha3-256`.
 */
export function keccakSponge256(data: Uint8Array, paddingByte: number): Uint8Array {
	const state = new Uint32Array(50);
	const scratch = new Uint32Array(50);
	let offset = 0;
	for (; offset + RATE_BYTES <= data.length; offset += RATE_BYTES) {
		absorbBlock(state, data, offset);
		permute(state, scratch);
	}
	const last = new Uint8Array(RATE_BYTES);
	last.set(data.subarray(offset));
	last[data.length - offset] ^= paddingByte;
	last[RATE_BYTES - 1] ^= 0x80;
	absorbBlock(state, last, 0);
	permute(state, scratch);

	const digest = new Uint8Array(32);
	for (let index = 0; index < 32; index++)
		digest[index] = (state[index >>> 2] >>> (8 * (index & 3))) & 0xff;
	return digest;
}

export function keccak256(data: Uint8Array): Uint8Array {
	return keccakSponge256(data, KECCAK_PADDING);
}

import { AddressFamily, validateAddress } from '../../../nodes/CryptoPayout/validation/address';
import { base58CheckEncode } from '../../../nodes/CryptoPayout/validation/base58';
import { bech32Encode, convertBits } from '../../../nodes/CryptoPayout/validation/bech32';
import {
	checkBitcoinCashAddress,
	encodeCashAddress,
} from '../../../nodes/CryptoPayout/validation/cashaddr';
import { checkEvmAddress } from '../../../nodes/CryptoPayout/validation/evm';
import type { FamilyCheck } from '../../../nodes/CryptoPayout/validation/family-check';
import { checkSolanaAddress } from '../../../nodes/CryptoPayout/validation/solana';
import { NAMED_SYSTEM_ADDRESSES } from '../../../nodes/CryptoPayout/validation/system-addresses';
import { checkTonAddress } from '../../../nodes/CryptoPayout/validation/ton';
import { checkTronAddress } from '../../../nodes/CryptoPayout/validation/tron';
import { checkUtxoAddress } from '../../../nodes/CryptoPayout/validation/utxo';
import { checkXrpAddress } from '../../../nodes/CryptoPayout/validation/xrp';

function reasonOf(result: ReturnType<typeof validateAddress>): string {
	return result.valid ? '' : result.reason;
}

const LOST = 'nobody holds its key, so funds sent there are lost.';
const zeros = (length: number) => new Uint8Array(length);
const withPrefix = (prefix: number[], body: Uint8Array) => Uint8Array.from([...prefix, ...body]);
const segwit = (hrp: string, version: number, program: Uint8Array) =>
	bech32Encode(
		hrp,
		[version, ...convertBits(program, 8, 5, true)!],
		version === 0 ? 'bech32' : 'bech32m',
	);

/** The address as a person would write it, and the format codec alone (no system-address rule). */
function spelled(family: AddressFamily, key: string): { text: string; format: FamilyCheck } {
	const options = { testnet: false };
	switch (family) {
		case 'evm':
			return { text: `0x${key}`, format: checkEvmAddress(`0x${key}`) };
		case 'tron':
			return { text: key, format: checkTronAddress(key) };
		case 'bitcoin':
			return { text: key, format: checkUtxoAddress('bitcoin', key, options) };
		case 'bitcoin-cash':
			return { text: key, format: checkBitcoinCashAddress(key, options) };
		case 'xrp':
			return { text: key, format: checkXrpAddress(key, options) };
		case 'ton':
			return { text: key, format: checkTonAddress(key, options) };
		case 'solana':
			return { text: key, format: checkSolanaAddress(key) };
		default:
			throw new Error(`no named entries expected for ${family}`);
	}
}

describe('named burn and system addresses', () => {
	it.each(NAMED_SYSTEM_ADDRESSES.map(({ family, key }) => [family, key]))(
		'%s %s is a well-formed address (no typo in the table) that validateAddress refuses',
		(family, key) => {
			const { text, format } = spelled(family as AddressFamily, key);
			expect(format.ok).toBe(true);
			expect(reasonOf(validateAddress(family as AddressFamily, text))).toMatch(
				new RegExp(`: it is .+, not a wallet: ${LOST.replace('.', '\\.')}$`),
			);
		},
	);

	it.each<[AddressFamily, string, string]>([
		['evm', '0x000000000000000000000000000000000000dEaD', 'the common burn address 0x…dEaD'],
		[
			'evm',
			'0xEeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE',
			'the placeholder apps use for the native coin (EIP-7528), not a wallet',
		],
		[
			'tron',
			'TLsV52sRDL79HXGGm9yzwKibb6BeruhUzy',
			'the TRON "Blackhole" account, where burned TRX goes',
		],
		['bitcoin', '1BitcoinEaterAddressDontSendf59kuE', 'the "Bitcoin Eater" burn address'],
		['bitcoin-cash', '1BitcoinEaterAddressDontSendf59kuE', 'the "Bitcoin Eater" burn address'],
		['ton', 'EQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAM9c', 'the TON zero (burn) address'],
		['ton', 'Ef8zMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzM0vF', 'the TON elector contract'],
		['ton', 'Ef9VVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVbxn', 'the TON config contract'],
		['solana', '11111111111111111111111111111111', 'the Solana System Program'],
	])('%s %s is refused as %s', (family, address, what) => {
		expect(reasonOf(validateAddress(family, address))).toMatch(
			`: it is ${what}, not a wallet: ${LOST}`,
		);
	});
});

describe('all-zero and system-range addresses', () => {
	it.each<[AddressFamily, string]>([
		['bitcoin', base58CheckEncode(withPrefix([0x00], zeros(20)))], // 1111111111111111111114oLvT2
		['bitcoin', base58CheckEncode(withPrefix([0x05], zeros(20)))],
		['bitcoin', segwit('bc', 0, zeros(20))],
		['bitcoin', segwit('bc', 0, zeros(32))],
		['bitcoin', segwit('bc', 1, zeros(32))],
		['litecoin', base58CheckEncode(withPrefix([0x30], zeros(20)))],
		['litecoin', segwit('ltc', 0, zeros(20))],
		['dogecoin', base58CheckEncode(withPrefix([0x1e], zeros(20)))],
		['bitcoin-cash', encodeCashAddress('bitcoincash', 'p2pkh', zeros(20))],
		['bitcoin-cash', base58CheckEncode(withPrefix([0x00], zeros(20)))],
		['tron', base58CheckEncode(withPrefix([0x41], zeros(20)))], // T9yD14Nj9j7xAB4dbGeiX9h8unkKHxuWwb
	])('%s %s pays to an all-zero hash: a burn address', (family, address) => {
		expect(reasonOf(validateAddress(family, address))).toMatch(
			`: it is the all-zero address, a burn address: ${LOST}`,
		);
	});

	it.each([
		['0x0000000000000000000000000000000000000001', '0001'], // ecrecover precompile
		['0x0000000000000000000000000000000000000100', '0100'], // P-256 verify (RIP-7212)
		['0x0000000000000000000000000000000000000064', '0064'], // Arbitrum ArbSys
		['0x0000000000000000000000000000000000001000', '1000'], // BSC validator set
		['0x000000000000000000000000000000000000ffff', 'ffff'],
	])('EVM %s is a precompile or system contract', (address, tail) => {
		expect(reasonOf(validateAddress('evm', address))).toMatch(
			`: it is a system address (a precompile or protocol contract, 0x0000…${tail}): ${LOST}`,
		);
	});

	it('TRON shares the system range', () => {
		const ecrecover = base58CheckEncode(withPrefix([0x41, ...zeros(19)], Uint8Array.of(1)));
		expect(reasonOf(validateAddress('tron', ecrecover))).toMatch(/system address .*0x0000…0001/);
	});

	it('stops at the range: 17 zero bytes then a non-zero one is an ordinary address', () => {
		const address = '0x0000000000000000000000000000000000010000';
		expect(validateAddress('evm', address)).toEqual({ valid: true, address, warnings: [] });
	});
});

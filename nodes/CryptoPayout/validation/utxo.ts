/**
 * Bitcoin, Litecoin and Dogecoin addresses: Base58Check with a one-byte version (P2PKH / P2SH)
 * and, for BTC and LTC, native segwit (Bech32 / Bech32m). These chains share one codec and
 * differ only in the version bytes and segwit prefixes below.
 */

import { base58CheckDecode, base58CheckProblem } from './base58';
import { decodeSegwitAddress } from './bech32';
import { accept, FamilyCheck, hexOfByte, NetworkOptions, reject } from './family-check';

export type UtxoChainName = 'bitcoin' | 'litecoin' | 'dogecoin';

interface VersionRule {
	version: number;
	testnet: boolean;
	warning?: string;
}

interface UtxoChain {
	coin: string;
	versions: VersionRule[];
	segwitPrefixes: { hrp: string; testnet: boolean }[];
	privateKeyVersions: number[];
}

const LITECOIN_LEGACY_P2SH_WARNING =
	'this is the old "3…" Litecoin script address format, which is shared with Bitcoin; ' +
	'make sure the recipient really expects Litecoin (the current form starts with "M")';

const CHAINS: Record<UtxoChainName, UtxoChain> = {
	bitcoin: {
		coin: 'Bitcoin',
		versions: [
			{ version: 0x00, testnet: false },
			{ version: 0x05, testnet: false },
			{ version: 0x6f, testnet: true },
			{ version: 0xc4, testnet: true },
		],
		segwitPrefixes: [
			{ hrp: 'bc', testnet: false },
			{ hrp: 'tb', testnet: true },
		],
		privateKeyVersions: [0x80, 0xef],
	},
	litecoin: {
		coin: 'Litecoin',
		versions: [
			{ version: 0x30, testnet: false },
			{ version: 0x32, testnet: false },
			{ version: 0x05, testnet: false, warning: LITECOIN_LEGACY_P2SH_WARNING },
			{ version: 0x6f, testnet: true },
			{ version: 0x3a, testnet: true },
			{ version: 0xc4, testnet: true },
		],
		segwitPrefixes: [
			{ hrp: 'ltc', testnet: false },
			{ hrp: 'tltc', testnet: true },
		],
		privateKeyVersions: [0xb0, 0xef],
	},
	dogecoin: {
		coin: 'Dogecoin',
		versions: [
			{ version: 0x1e, testnet: false },
			{ version: 0x16, testnet: false },
			{ version: 0x71, testnet: true },
			{ version: 0xc4, testnet: true },
		],
		segwitPrefixes: [],
		privateKeyVersions: [0x9e, 0xf1],
	},
};

// Every segwit prefix we know of, so an "ltc1…" given for Bitcoin is reported as another
// network's prefix instead of as a Base58 character error or a checksum mismatch.
const KNOWN_SEGWIT_PREFIXES: Record<string, string> = {
	bc: 'Bitcoin',
	tb: 'Bitcoin testnet',
	bcrt: 'Bitcoin regtest',
	ltc: 'Litecoin',
	tltc: 'Litecoin testnet',
	rltc: 'Litecoin regtest',
};

function knownSegwitPrefix(lower: string): string | undefined {
	return Object.keys(KNOWN_SEGWIT_PREFIXES).find((hrp) => lower.startsWith(`${hrp}1`));
}

function testnetProblem(coin: string): string {
	return `it is a ${coin} testnet address (test coins have no value); use a mainnet address`;
}

function checkSegwit(chain: UtxoChain, text: string, options: NetworkOptions): FamilyCheck {
	const lower = text.toLowerCase();
	const own = chain.segwitPrefixes.find((prefix) => lower.startsWith(`${prefix.hrp}1`));
	if (!own) {
		const hrp = knownSegwitPrefix(lower) ?? '';
		return reject(
			`it starts with "${hrp}1", which is a ${KNOWN_SEGWIT_PREFIXES[hrp]} address prefix, not ${chain.coin}`,
		);
	}
	if (own.testnet && !options.testnet) return reject(testnetProblem(chain.coin));
	const allowed = chain.segwitPrefixes
		.filter((prefix) => options.testnet || !prefix.testnet)
		.map((prefix) => prefix.hrp);
	const decoded = decodeSegwitAddress(text, allowed);
	if (!decoded.ok) return reject(decoded.problem);
	if (!isStandardWitnessProgram(decoded.version, decoded.program.length)) {
		// Valid per BIP-350, but no wallet spends such outputs and no consensus rule protects them yet:
		// whoever first spends one (a miner, a bot) takes the funds.
		return reject(
			`it uses segwit version ${decoded.version} with a ${decoded.program.length}-byte program, which no wallet uses yet; ` +
				'funds sent there could be taken by anyone, so ask the recipient for a standard address',
		);
	}
	return accept();
}

/**
 * The witness programs wallets receive at: v0 P2WPKH (20 bytes) and P2WSH (32), v1 taproot (32).
 * Every other version or length (v1 with 40 bytes, v2-v16, BIP-350's test vectors, the v1
 * 2-byte "pay to anchor") is spendable by anyone until a future soft fork gives it a meaning.
 */
export function isStandardWitnessProgram(version: number, programLength: number): boolean {
	if (version === 0) return programLength === 20 || programLength === 32;
	return version === 1 && programLength === 32;
}

export function checkUtxoAddress(
	chainName: UtxoChainName,
	text: string,
	options: NetworkOptions,
): FamilyCheck {
	const chain = CHAINS[chainName];
	const lower = text.toLowerCase();
	if (knownSegwitPrefix(lower) !== undefined) return checkSegwit(chain, text, options);

	const decoded = base58CheckDecode(text);
	if (!decoded.ok) return reject(base58CheckProblem(decoded));
	const { payload } = decoded;
	const version = payload[0];
	if (
		(payload.length === 33 || payload.length === 34) &&
		chain.privateKeyVersions.includes(version)
	) {
		return reject(
			'this looks like a PRIVATE KEY, not an address: never share it; ask the recipient for their receiving address',
		);
	}
	if (payload.length !== 21) {
		return reject(
			`it decodes to ${payload.length} bytes, but a ${chain.coin} address has 21 (a version byte and a 20-byte hash)`,
		);
	}
	const rule = chain.versions.find((candidate) => candidate.version === version);
	if (!rule)
		return reject(`its version byte ${hexOfByte(version)} is not used by ${chain.coin} addresses`);
	if (rule.testnet && !options.testnet) return reject(testnetProblem(chain.coin));
	return accept(rule.warning ? [rule.warning] : []);
}

/**
 * Addresses that are well formed but that nobody can spend from: burn addresses, protocol
 * accounts, programs and precompiles. A payout sent there is lost for good, and no wallet ever
 * shows one as a receiving address, so the codecs refuse them (address.ts calls this after a
 * codec accepted the text). Token contracts, which are lost the same way but are a different
 * mistake, are in token-contracts.ts.
 */
import type { AddressFamily } from './address';
import { base58CheckDecode, base58Decode, RIPPLE_ALPHABET } from './base58';
import { bech32Decode, convertBits } from './bech32';
import { decodeCashAddress } from './cashaddr';
import { bytesToHex, hexToBytes } from './family-check';
import { decodeTonAddress, tonAccountKey } from './ton';

const LOST = 'nobody holds its key, so funds sent there are lost';

// Bitcoin Wiki, "Proof of burn": a chosen text with a valid checksum; no key exists for it.
const BITCOIN_EATER = '1BitcoinEaterAddressDontSendf59kuE';

/**
 * By family, the canonical form (lower-case hex for EVM, workchain:hash for TON, the exact text
 * elsewhere) and what the address is.
 */
const NAMED: Partial<Record<AddressFamily, Record<string, string>>> = {
	evm: {
		// The burn address most tokens and bridges use (Etherscan labels it "Null: 0x000…dEaD").
		'000000000000000000000000000000000000dead': 'the common burn address 0x…dEaD',
		// EIP-7528: the address apps use to stand for the native coin in token lists; not an account.
		eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee:
			'the placeholder apps use for the native coin (EIP-7528), not a wallet',
	},
	tron: {
		// java-tron genesis block (framework/src/main/resources/config.conf, account "Blackhole").
		TLsV52sRDL79HXGGm9yzwKibb6BeruhUzy: 'the TRON "Blackhole" account, where burned TRX goes',
	},
	bitcoin: { [BITCOIN_EATER]: 'the "Bitcoin Eater" burn address' },
	// The same legacy address is a Bitcoin Cash address too.
	'bitcoin-cash': { [BITCOIN_EATER]: 'the "Bitcoin Eater" burn address' },
	xrp: {
		// xrpl.org, "Accounts → Special Addresses" (ACCOUNT_ZERO and ACCOUNT_ONE are refused in xrp.ts).
		rrrrrrrrrrrrrrrrrNAMEtxvNvQ: 'the XRP Ledger name-reservation black hole',
		rrrrrrrrrrrrrrrrrrrn5RM1rHd: 'the XRP Ledger "NaN" black hole',
	},
	ton: {
		// TON docs and explorers: the zero account is the burn address; -1:00…, -1:33… and -1:55…
		// are the masterchain's system, elector and config contracts.
		[`0:${'0'.repeat(64)}`]: 'the TON zero (burn) address',
		[`-1:${'0'.repeat(64)}`]: 'the TON system account',
		[`-1:${'3'.repeat(64)}`]: 'the TON elector contract',
		[`-1:${'5'.repeat(64)}`]: 'the TON config contract',
	},
	solana: {
		// Program and sysvar ids of the Solana runtime (solana.com/docs/core/programs, the agave
		// sdk's *_ids crates) and the SPL programs (spl.solana.com). Programs hold no funds for
		// anyone; SOL sent to one is stuck there.
		'11111111111111111111111111111111': 'the Solana System Program',
		Vote111111111111111111111111111111111111111: 'the Solana Vote Program',
		Stake11111111111111111111111111111111111111: 'the Solana Stake Program',
		Config1111111111111111111111111111111111111: 'the Solana Config Program',
		ComputeBudget111111111111111111111111111111: 'the Solana Compute Budget Program',
		AddressLookupTab1e1111111111111111111111111: 'the Solana Address Lookup Table Program',
		Feature111111111111111111111111111111111111: 'the Solana Feature Gate Program',
		NativeLoader1111111111111111111111111111111: 'the Solana Native Loader',
		BPFLoader1111111111111111111111111111111111: 'a Solana BPF Loader',
		BPFLoader2111111111111111111111111111111111: 'a Solana BPF Loader',
		BPFLoaderUpgradeab1e11111111111111111111111: 'the Solana Upgradeable BPF Loader',
		Sysvar1111111111111111111111111111111111111: 'the Solana Sysvar owner',
		SysvarC1ock11111111111111111111111111111111: 'a Solana sysvar (Clock)',
		SysvarRent111111111111111111111111111111111: 'a Solana sysvar (Rent)',
		SysvarRecentB1ockHashes11111111111111111111: 'a Solana sysvar (Recent Blockhashes)',
		SysvarEpochSchedu1e111111111111111111111111: 'a Solana sysvar (Epoch Schedule)',
		SysvarFees111111111111111111111111111111111: 'a Solana sysvar (Fees)',
		Sysvar1nstructions1111111111111111111111111: 'a Solana sysvar (Instructions)',
		SysvarRewards111111111111111111111111111111: 'a Solana sysvar (Rewards)',
		SysvarS1otHashes111111111111111111111111111: 'a Solana sysvar (Slot Hashes)',
		SysvarS1otHistory11111111111111111111111111: 'a Solana sysvar (Slot History)',
		SysvarStakeHistory1111111111111111111111111: 'a Solana sysvar (Stake History)',
		TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA: 'the SPL Token Program',
		TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb: 'the SPL Token-2022 Program',
		ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL: 'the SPL Associated Token Account Program',
		MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr: 'the SPL Memo Program',
		Memo1UhkJRfHyvLMcVucJwxXeuD728EqVDDwQDxFMNo: 'the SPL Memo Program (v1)',
	},
};

/** Every named entry, for tests that check each is a well-formed address of its family. */
export const NAMED_SYSTEM_ADDRESSES: ReadonlyArray<{ family: AddressFamily; key: string }> =
	Object.entries(NAMED).flatMap(([family, entries]) =>
		Object.keys(entries ?? {}).map((key) => ({ family: family as AddressFamily, key })),
	);

/** EVM and TRON share the 20-byte account space, and its system range. */
const SYSTEM_RANGE_ZERO_BYTES = 18;

/**
 * Why an address the codec accepted cannot receive a payout, as a clause that reads after
 * "This is not a valid X address: "; undefined for an ordinary address.
 */
export function systemAddressProblem(family: AddressFamily, text: string): string | undefined {
	const named = NAMED[family]?.[canonicalForm(family, text)];
	if (named) return `it is ${named}, not a wallet: ${LOST}`;
	const body = accountBytes(family, text);
	if (!body) return undefined;
	if (body.every((byte) => byte === 0))
		return `it is the all-zero address, a burn address: ${LOST}`;
	if (
		(family === 'evm' || family === 'tron') &&
		body.subarray(0, SYSTEM_RANGE_ZERO_BYTES).every((byte) => byte === 0)
	) {
		// Precompiles (Ethereum 0x01-0x11, P-256 at 0x100), BSC's system contracts (0x1000-0x2005)
		// and Arbitrum's (0x64-0xff) all sit here; no key is known for any of the 65,536 addresses.
		return `it is a system address (a precompile or protocol contract, 0x0000…${bytesToHex(body.subarray(SYSTEM_RANGE_ZERO_BYTES))}): ${LOST}`;
	}
	return undefined;
}

function canonicalForm(family: AddressFamily, text: string): string {
	if (family === 'evm') return text.slice(2).toLowerCase();
	if (family === 'ton') return tonAccountKey(text) ?? text;
	return text;
}

/** The account id, key hash or program the address pays to; undefined when it does not decode. */
function accountBytes(family: AddressFamily, text: string): Uint8Array | undefined {
	switch (family) {
		case 'evm':
			return hexToBytes(text.slice(2));
		case 'tron':
		case 'dogecoin':
			return base58Body(text);
		case 'bitcoin':
		case 'litecoin':
			return segwitProgram(text) ?? base58Body(text);
		case 'bitcoin-cash': {
			const cash = decodeCashAddress(text, { testnet: true });
			return cash.ok ? cash.hash : base58Body(text);
		}
		case 'xrp': {
			const decoded = base58CheckDecode(text, RIPPLE_ALPHABET);
			return decoded.ok
				? decoded.payload.subarray(decoded.payload.length === 21 ? 1 : 2, 22)
				: undefined;
		}
		case 'ton': {
			const decoded = decodeTonAddress(text);
			return decoded.ok ? decoded.hash : undefined;
		}
		case 'solana': {
			const decoded = base58Decode(text);
			return decoded.ok ? decoded.bytes : undefined;
		}
	}
}

function base58Body(text: string): Uint8Array | undefined {
	const decoded = base58CheckDecode(text);
	return decoded.ok ? decoded.payload.subarray(1) : undefined;
}

function segwitProgram(text: string): Uint8Array | undefined {
	const decoded = bech32Decode(text);
	if (!decoded.ok) return undefined;
	const program = convertBits(decoded.words.slice(1), 5, 8, false);
	return program ? Uint8Array.from(program) : undefined;
}

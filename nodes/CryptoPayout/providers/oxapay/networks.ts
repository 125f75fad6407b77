/**
 * OxaPay's network names for payouts. `/common/currencies` lists each network under a key
 * (`Tron`, `Ethereum`, `BSC`, …) with aliases (`TRC20`, `ERC20`, `BEP20`); the request takes
 * any of them, and the key is the unambiguous one. Networks OxaPay does not pay out on are absent.
 */
import type { NetworkId } from '../../shared/networks';

export const OXAPAY_NETWORK_KEYS: Partial<Record<NetworkId, string>> = {
	bitcoin: 'Bitcoin',
	litecoin: 'Litecoin',
	dogecoin: 'Dogecoin',
	'bitcoin-cash': 'Bitcoin Cash',
	ethereum: 'Ethereum',
	bsc: 'BSC',
	polygon: 'Polygon',
	base: 'Base',
	tron: 'Tron',
	ton: 'TON',
	solana: 'Solana',
};

/** Display names OxaPay echoes in payout info, history and callbacks ("Tron Network"). */
export const OXAPAY_NETWORK_DISPLAY_NAMES: Partial<Record<NetworkId, string>> = {
	bitcoin: 'Bitcoin Network',
	litecoin: 'Litecoin Network',
	dogecoin: 'Dogecoin Network',
	'bitcoin-cash': 'Bitcoin Cash Network',
	ethereum: 'Ethereum Network',
	bsc: 'Binance Smart Chain',
	polygon: 'Polygon Network',
	base: 'Base',
	tron: 'Tron Network',
	ton: 'TON Network',
	solana: 'Solana Network',
};

/** Default precision for an OxaPay asset absent from the asset table (payout-pitfalls: 8). */
export const OXAPAY_DEFAULT_DECIMALS = 8;

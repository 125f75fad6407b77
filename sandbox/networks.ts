/**
 * The chains the sandbox pays out on, each with its address family. The family decides the
 * address shape the Cregis endpoints accept and the form of the fake transaction hashes.
 *
 * The ids are spelled like the node's network ids (`tron`, `bsc`) because tests read them back from
 * the ledger, but the table is the sandbox's own: a wrong family in the node cannot make the
 * sandbox accept the wrong addresses with it.
 */

export type AddressFamily =
	'bitcoin' | 'litecoin' | 'dogecoin' | 'bitcoin-cash' | 'evm' | 'tron' | 'xrp' | 'ton' | 'solana';

/** Every chain of the Cregis currency table (cregis-api.md §7) that the sandbox supports. */
const ADDRESS_FAMILIES = {
	bitcoin: 'bitcoin',
	litecoin: 'litecoin',
	dogecoin: 'dogecoin',
	'bitcoin-cash': 'bitcoin-cash',
	ethereum: 'evm',
	'ethereum-classic': 'evm',
	polygon: 'evm',
	arbitrum: 'evm',
	optimism: 'evm',
	avalanche: 'evm',
	base: 'evm',
	bsc: 'evm',
	xrp: 'xrp',
	tron: 'tron',
	solana: 'solana',
	ton: 'ton',
} as const satisfies Record<string, AddressFamily>;

export type NetworkId = keyof typeof ADDRESS_FAMILIES;

export function addressFamily(network: NetworkId): AddressFamily {
	return ADDRESS_FAMILIES[network];
}

/**
 * The sandbox's record of created payouts. Public {@link LedgerEntry} objects are what tests see;
 * each sits in a {@link PayoutRecord} with the provider-side details the sandbox needs later
 * (which key created it, for scoping and for signing callbacks; the chain ids; block data).
 */
import { createHash } from 'crypto';
import { addressFamily, type NetworkId } from './networks';
import type { LedgerEntry } from './types';

export interface PayoutRecord {
	entry: LedgerEntry;
	networkId: NetworkId;
	/** Asset symbol (`USDT`), for both providers. */
	symbol: string;
	/** OxaPay: the payout API key that created it (HMAC secret for its callbacks). */
	apiKey?: string;
	/** OxaPay: network key (`Tron`). */
	oxapayNetworkKey?: string;
	/** Cregis: project id and chain/token ids. */
	pid?: string;
	chainId?: string;
	tokenId?: string;
	blockHeight?: string;
	blockTime?: number;
	/** Unix seconds the payout was confirmed (OxaPay history `pay_date`). */
	payDate?: number;
}

export const OXAPAY_STATUSES = [
	'processing',
	'pending',
	'confirming',
	'confirmed',
	'canceled',
	'rejected',
	'failed',
] as const;
/** Cregis payout statuses: 0 awaiting audit, 1 sign pass, 2 sign reject, 3 audit cancel, 4 audit reject, 5 awaiting sign, 6 success, 7 fail. */
export const CREGIS_STATUSES = [0, 1, 2, 3, 4, 5, 6, 7] as const;

const CREGIS_TX_STATUSES = new Set<number>([1, 6, 7]);
const OXAPAY_TX_STATUSES = new Set<string>(['confirming', 'confirmed']);

export class Ledger {
	private readonly oxapay = new Map<string, PayoutRecord>();
	private readonly cregis = new Map<string, PayoutRecord>();
	/** `${pid}\n${third_party_id}` → cid; Cregis refuses a reused business number per project. */
	private readonly references = new Map<string, string>();
	private nextTrackId: number;
	private nextCid: bigint;
	private nextBlock = 61_000_000;

	constructor(
		private readonly trackIdStart: number,
		private readonly cidStart: bigint,
	) {
		this.nextTrackId = trackIdStart;
		this.nextCid = cidStart;
	}

	newTrackId(): string {
		return String(this.nextTrackId++);
	}

	newCid(): string {
		const cid = this.nextCid;
		this.nextCid += 1n;
		return cid.toString();
	}

	addOxapay(record: PayoutRecord): void {
		this.oxapay.set(record.entry.id, record);
	}

	addCregis(record: PayoutRecord): void {
		this.cregis.set(record.entry.id, record);
		this.references.set(`${record.pid}\n${record.entry.reference}`, record.entry.id);
	}

	hasReference(pid: string, reference: string): boolean {
		return this.references.has(`${pid}\n${reference}`);
	}

	getOxapay(trackId: string): PayoutRecord | undefined {
		return this.oxapay.get(trackId);
	}

	getCregis(cid: string): PayoutRecord | undefined {
		return this.cregis.get(cid);
	}

	oxapayRecords(): IterableIterator<PayoutRecord> {
		return this.oxapay.values();
	}

	/** Finds a payout by id in either provider; refuses an id both providers use (possible only with custom starts). */
	find(id: string): PayoutRecord {
		const oxapay = this.oxapay.get(id);
		const cregis = this.cregis.get(id);
		if (oxapay && cregis) throw new Error(`Payout id ${id} exists for both providers`);
		const record = oxapay ?? cregis;
		if (!record) throw new Error(`Unknown payout ${id}`);
		return record;
	}

	entries(): LedgerEntry[] {
		const out: LedgerEntry[] = [];
		for (const record of this.oxapay.values()) out.push({ ...record.entry });
		for (const record of this.cregis.values()) out.push({ ...record.entry });
		return out.sort((a, b) => a.createdAt - b.createdAt);
	}

	setStatus(id: string, status: string | number, txHash?: string): PayoutRecord {
		const record = this.find(id);
		const entry = record.entry;
		if (entry.provider === 'oxapay') {
			const wanted = String(status).toLowerCase();
			if (!(OXAPAY_STATUSES as readonly string[]).includes(wanted)) {
				throw new Error(
					`Invalid OxaPay status ${JSON.stringify(status)}; use one of ${OXAPAY_STATUSES.join(', ')}`,
				);
			}
			entry.status = wanted;
			if (wanted === 'confirmed') record.payDate = Math.floor(Date.now() / 1000);
			if (txHash !== undefined) entry.txHash = txHash;
			else if (OXAPAY_TX_STATUSES.has(wanted) && !entry.txHash) entry.txHash = fakeTxHash(record);
			return record;
		}
		const wanted =
			typeof status === 'number' ? status : /^\d+$/.test(status) ? Number(status) : NaN;
		if (!(CREGIS_STATUSES as readonly number[]).includes(wanted)) {
			throw new Error(`Invalid Cregis status ${JSON.stringify(status)}; use an integer 0-7`);
		}
		entry.status = wanted;
		if (txHash !== undefined) entry.txHash = txHash;
		else if (CREGIS_TX_STATUSES.has(wanted) && !entry.txHash) entry.txHash = fakeTxHash(record);
		if ((wanted === 6 || wanted === 7) && record.blockHeight === undefined) {
			record.blockHeight = String(this.nextBlock++);
			record.blockTime = Date.now();
		}
		return record;
	}

	/** Back to a fresh start, ids included, so every test after reset() sees the same ids. */
	clear(): void {
		this.oxapay.clear();
		this.cregis.clear();
		this.references.clear();
		this.nextTrackId = this.trackIdStart;
		this.nextCid = this.cidStart;
		this.nextBlock = 61_000_000;
	}
}

/** A deterministic, obviously fake transaction hash in the network's usual form. */
function fakeTxHash(record: PayoutRecord): string {
	const hex = createHash('sha256')
		.update(`sandbox:${record.entry.provider}:${record.entry.id}`)
		.digest('hex');
	return addressFamily(record.networkId) === 'evm' ? `0x${hex}` : hex;
}

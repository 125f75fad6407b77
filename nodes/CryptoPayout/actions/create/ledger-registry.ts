/**
 * Claims recorded in the operator's payout ledger (PostgreSQL): one row per reference and
 * namespace, whatever workflow, provider, account or worker claims it. The database's unique key
 * decides, with no timing assumption, so there is no settle wait; limits over a period are
 * checked in the same transaction. Dry Run reads the rows and the totals without writing.
 */
import { formatScaled, toScaled } from '../../shared/decimal';
import type { LedgerClaim, LedgerLimit, LedgerRow, PayoutLedger } from '../../ledger';
import type {
	ClaimRegistry,
	EarlierPayout,
	RegistryClaim,
	RegistryVerdict,
	SettledClaim,
} from './claim-registry';
import type { ReferenceKey } from './reference-key';

/** Totals are compared at 18 decimals, the most any supported asset has. */
const SCALE = 18;

export interface LedgerContext {
	providerId: string;
	account: string;
	workflowId: string;
	executionId: string;
	/** Limits the ledger enforces over a period (empty: the execution's own cap applies). */
	limits: LedgerLimit[];
}

const earlierOf = (row: LedgerRow): EarlierPayout => ({
	provider: row.provider,
	account: row.account,
	payoutId: row.payoutId,
	status: row.status,
	workflowId: row.workflowId,
});

function periodText(limit: LedgerLimit): string {
	return limit.period === 'rolling24h' ? 'the last 24 hours' : `today (${limit.timeZone})`;
}

export function limitMessage(claim: RegistryClaim, total: string, limit: LedgerLimit): string {
	const { symbol } = claim.payout.asset;
	const amount = claim.payout.amount.text;
	const after = formatScaled(toScaled(total, SCALE) + toScaled(amount, SCALE), SCALE);
	return `Not sent: ${amount} ${symbol} would bring this workflow's ${symbol} payouts over ${periodText(limit)} to ${after}, above Max Total Per Currency (${limit.maxTotal}). Already sent or pending in that period: ${total} ${symbol} (counted in the payout ledger, across executions and workers).`;
}

export class LedgerRegistry implements ClaimRegistry {
	readonly name = 'the payout ledger';

	constructor(
		private readonly ledger: PayoutLedger,
		private readonly context: LedgerContext,
	) {}

	get countsLimits(): boolean {
		return this.context.limits.length > 0;
	}

	async claim(claims: RegistryClaim[]): Promise<RegistryVerdict[]> {
		if (claims.length === 0) return [];
		const verdicts = await this.ledger.claim(
			claims.map((claim) => this.rowOf(claim)),
			this.context.limits,
		);
		return verdicts.map((verdict, index) => {
			if (verdict.claimed) return { claimed: true };
			if (verdict.reason === 'duplicate')
				return { claimed: false, reason: 'recorded', earlier: earlierOf(verdict.earlier) };
			return {
				claimed: false,
				reason: 'limit',
				message: limitMessage(claims[index], verdict.total, verdict.limit),
			};
		});
	}

	/** What Dry Run's earlier chunks would have added to the limits' totals (nothing is written). */
	private readonly inspected = new Map<string, bigint>();

	/** What claim() would say, from the rows and totals as they are now plus earlier chunks'. */
	async inspect(claims: RegistryClaim[]): Promise<RegistryVerdict[]> {
		if (claims.length === 0) return [];
		const namespace = claims[0].key.namespace;
		const rows = await this.ledger.find(
			namespace,
			claims.map((claim) => claim.key.referenceKey),
		);
		const totals = this.countsLimits ? await this.ledger.totals(this.context.limits) : new Map();
		const running = new Map(
			[...totals].map(([currency, total]) => [currency, toScaled(total, SCALE)]),
		);
		for (const [currency, added] of this.inspected)
			running.set(currency, (running.get(currency) ?? 0n) + added);
		return claims.map((claim) => {
			const row = rows.get(claim.key.referenceKey);
			if (row) return { claimed: false, reason: 'recorded', earlier: earlierOf(row) };
			const { symbol } = claim.payout.asset;
			const limit = this.context.limits.find((entry) => entry.currency === symbol);
			if (!limit) return { claimed: true };
			const total = running.get(symbol) ?? 0n;
			const after = total + toScaled(claim.payout.amount.text, SCALE);
			if (after > toScaled(limit.maxTotal, SCALE))
				return {
					claimed: false,
					reason: 'limit',
					message: limitMessage(claim, formatScaled(total, SCALE), limit),
				};
			running.set(symbol, after);
			this.inspected.set(symbol, (this.inspected.get(symbol) ?? 0n) + (after - total));
			return { claimed: true };
		});
	}

	async settle(key: ReferenceKey, outcome: SettledClaim): Promise<void> {
		await this.ledger.settle(key.namespace, key.referenceKey, outcome);
	}

	async release(keys: ReferenceKey[]): Promise<void> {
		if (keys.length === 0) return;
		await this.ledger.release(
			keys[0].namespace,
			keys.map((key) => key.referenceKey),
			this.context.executionId,
		);
	}

	async finish(): Promise<void> {}

	private rowOf({ key, payout }: RegistryClaim): LedgerClaim {
		return {
			namespace: key.namespace,
			referenceKey: key.referenceKey,
			reference: payout.reference,
			provider: this.context.providerId,
			account: this.context.account,
			workflowId: this.context.workflowId,
			executionId: this.context.executionId,
			currency: payout.asset.symbol,
			network: payout.asset.network.id,
			amount: payout.amount.text,
			address: payout.address,
		};
	}
}

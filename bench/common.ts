/** What every part of the benchmark shares: paths, the sandbox credentials, the payout rows. */
import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';
import path from 'node:path';

import { SANDBOX_CREGIS, SANDBOX_OXAPAY_KEY } from '../sandbox';
import { createParameters, row, TRON_ADDRESS } from '../test/engine/fixtures';

export type Provider = 'oxapay' | 'cregis';
export const PROVIDERS: readonly Provider[] = ['oxapay', 'cregis'];

/** The repository root, from either bench/ (ts) or .build/bench/ (js). */
export const REPO_ROOT =
	path.basename(path.resolve(__dirname, '..')) === '.build'
		? path.resolve(__dirname, '../..')
		: path.resolve(__dirname, '..');

export { TRON_ADDRESS };
/** What the rows ask for and what each provider's request carries for it. */
export const ASSET = {
	currency: 'USDT',
	network: 'TRC20',
	oxapayCurrency: 'USDT',
	oxapayNetwork: 'Tron',
	cregisCurrency: '195@TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t',
};

export interface SandboxUrls {
	url: string;
	oxapayBaseUrl: string;
	cregisBaseUrl: string;
}

export function credentials(urls: SandboxUrls): Record<string, ICredentialDataDecryptedObject> {
	return {
		oxaPayApi: { apiKey: SANDBOX_OXAPAY_KEY, baseUrl: urls.oxapayBaseUrl },
		cregisApi: {
			baseUrl: urls.cregisBaseUrl,
			projectId: SANDBOX_CREGIS.pid,
			apiKey: SANDBOX_CREGIS.apiKey,
		},
	};
}

/** Unique per provider, run and item, so neither n8n's processed-data store nor Cregis's third_party_id check refuses one. */
export function reference(provider: Provider, run: string, index: number): string {
	return `BENCH-${provider}-${run}-${index}`;
}

/** 1.01 … 9.99 USDT: varied digits, always above OxaPay's minimum, never a float. */
export function amount(index: number): string {
	return `${1 + (index % 9)}.${String(1 + (index % 99)).padStart(2, '0')}`;
}

export function rows(provider: Provider, run: string, count: number): IDataObject[] {
	const out: IDataObject[] = new Array(count);
	for (let i = 0; i < count; i++) {
		out[i] = row({
			reference: reference(provider, run, i),
			address: TRON_ADDRESS,
			amount: amount(i),
			currency: ASSET.currency,
			network: ASSET.network,
		});
	}
	return out;
}

/** Every Create field mapped from the item with an expression, as an operator maps a sheet. */
export function nodeParameters(provider: Provider, options: INodeParameters = {}): INodeParameters {
	return createParameters(provider, Object.keys(options).length ? { options } : {});
}

let runCounter = 0;
/** A run id that no earlier run of this or another bench process used. */
export function runId(label: string): string {
	return `${label}${++runCounter}-${process.pid}-${Date.now().toString(36)}`;
}

export function gc(): void {
	const collect = (globalThis as { gc?: () => void }).gc;
	if (collect) {
		collect();
		collect();
	}
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface CpuWall {
	wallMs: number;
	cpuUs: number;
}

export async function measure<T>(work: () => Promise<T>): Promise<CpuWall & { value: T }> {
	const cpu = process.cpuUsage();
	const start = process.hrtime.bigint();
	const value = await work();
	const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
	const used = process.cpuUsage(cpu);
	return { value, wallMs, cpuUs: used.user + used.system };
}

/** Table text: numbers, left/right padding, and a provider's request counts. */
export const fmt = (value: number | null | undefined, digits = 2) =>
	value === null || value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(digits);
export const pad = (text: string, width: number) =>
	text.length >= width ? text : text + ' '.repeat(width - text.length);
export const lpad = (text: string, width: number) =>
	text.length >= width ? text : ' '.repeat(width - text.length) + text;
export const requestsText = (requests: Record<string, number>, provider: Provider) =>
	Object.entries(requests)
		.filter(([key]) => key.startsWith(provider))
		.map(([key, n]) => `${n} ${key.slice(provider.length + 1)}`)
		.join(' + ');

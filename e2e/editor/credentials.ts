/**
 * Providers and their credentials in the editor: switching the node's provider (the Provider field,
 * or where n8n shows it when the panel has none), and creating a sandbox credential from the node.
 */
import { SANDBOX_CREGIS, SANDBOX_OXAPAY_KEY } from '../../sandbox';
import { sleep } from '../kit';
import { expect } from '../runner';
import type { NodePanel } from './panel';

export interface EditorProvider {
	id: 'oxapay' | 'cregis';
	name: string;
	/** The credential type's display name. */
	credentialType: string;
	/** The status a created payout has. */
	createdStatus: string;
	/**
	 * The pinned rows' column of references this provider pays, and the provider the node was
	 * switched from (which paid the rows' `reference` already).
	 */
	ownReferences?: { column: string; switchedFrom: string };
}

export const EDITOR_PROVIDERS: Record<'oxapay' | 'cregis', EditorProvider> = {
	oxapay: {
		id: 'oxapay',
		name: 'OxaPay',
		credentialType: 'OxaPay API',
		createdStatus: 'processing',
	},
	cregis: {
		id: 'cregis',
		name: 'Cregis',
		credentialType: 'Cregis API',
		createdStatus: 'pending',
		ownReferences: { column: 'cregisReference', switchedFrom: 'OxaPay' },
	},
};

export class Credentials {
	constructor(
		private readonly panel: NodePanel,
		private readonly sandboxUrl: string,
	) {}

	private get page() {
		return this.panel.page;
	}

	/** The open credential modal. */
	modal() {
		return this.page.getByTestId('editCredential-modal');
	}

	/** Opens "Create new credential" from the node's credential slot. */
	async openNewFromNode(): Promise<void> {
		const slot = this.panel.ndv().getByTestId('node-credentials-slot');
		await slot.waitFor();
		const manual = slot.getByTestId('setup-manually-link');
		if ((await manual.count()) > 0 && (await manual.first().isVisible())) {
			await manual.first().click();
		} else {
			const select = slot.getByTestId('node-credentials-select');
			const empty = slot.getByTestId('node-credentials-empty-state');
			const trigger = (await select.count()) > 0 ? select.first() : empty.first();
			await trigger.click();
			const create = this.page
				.getByTestId('node-credentials-select-item-new')
				.or(this.panel.popper().getByText('Create new credential'))
				.first();
			await Promise.race([
				create.waitFor({ timeout: 10_000 }),
				this.modal().waitFor({ timeout: 10_000 }),
			]);
			if (!(await this.modal().isVisible())) await create.click();
		}
		await this.modal().waitFor();
	}

	/** The credential modal's type selector (n8n's home for a parameter the credentials depend on). */
	async modalChooseType(provider: EditorProvider): Promise<boolean> {
		const trigger = this.modal().getByTestId('credential-mode-dropdown-trigger');
		if ((await trigger.count()) === 0) return false;
		if ((await trigger.innerText()).trim() === provider.name) return true;
		await trigger.click();
		await this.page
			.locator(
				'[data-reka-popper-content-wrapper]:visible, .el-popper:visible, [role="menu"]:visible',
			)
			.getByText(provider.name, { exact: true })
			.first()
			.click();
		await sleep(500);
		expect(
			(await trigger.innerText()).trim() === provider.name,
			`the credential modal's type selector still says ${await trigger.innerText()}`,
		);
		return true;
	}

	async closeModal(): Promise<void> {
		const close = this.modal().locator('.el-dialog__headerbtn, .el-dialog__close').first();
		if (await this.modal().isVisible()) await close.click();
		await this.modal().waitFor({ state: 'hidden' });
	}

	/** Selects the node's credential of the provider's type in the credential picker. */
	async pickOfType(provider: EditorProvider, { onlyIfEmpty = false } = {}): Promise<void> {
		const select = this.panel.ndv().getByTestId('node-credentials-select');
		if (onlyIfEmpty) {
			await sleep(500);
			const shown =
				(await select.count()) > 0 ? await select.locator('input').first().inputValue() : '';
			if (shown) return;
		}
		await select.click();
		const item = this.panel
			.popper()
			.locator('.el-select-dropdown__item')
			.filter({ hasText: provider.credentialType })
			.first();
		await item.waitFor({ timeout: 5_000 });
		await item.click();
		await sleep(500);
	}

	/**
	 * Makes `provider` the node's provider: through the Provider field when the panel has it, else
	 * where n8n shows it (a credential of that type in the picker, or the credential modal's type
	 * selector). Returns how.
	 */
	async switchProvider(
		provider: EditorProvider,
		{ createCredential = false } = {},
	): Promise<string> {
		const { panel } = this;
		const field = await panel.providerField();
		if (field) {
			if ((await panel.selectValue('provider')) !== provider.name)
				await panel.chooseOption('provider', provider.name);
			expect(
				(await panel.selectValue('provider')) === provider.name,
				`Provider shows ${await panel.selectValue('provider')}`,
			);
			if (!createCredential) await this.pickOfType(provider, { onlyIfEmpty: true });
			return 'the Provider field';
		}
		if (!createCredential) {
			await this.pickOfType(provider);
			return `a ${provider.credentialType} credential in the credential picker (no Provider field in the panel)`;
		}
		await this.openNewFromNode();
		expect(
			await this.modalChooseType(provider),
			'no Provider field in the panel and no type selector in the credential modal',
		);
		return "the credential modal's type selector (no Provider field in the panel)";
	}

	/** Creates the provider's sandbox credential from the node and waits for its test. */
	async create(provider: EditorProvider): Promise<{ name: string; closedItself: boolean }> {
		if (!(await this.modal().isVisible())) {
			await this.openNewFromNode();
			await this.modalChooseType(provider);
		}
		const modal = this.modal();
		const fields: Record<string, string> =
			provider.id === 'oxapay'
				? { apiKey: SANDBOX_OXAPAY_KEY, baseUrl: `${this.sandboxUrl}/oxapay/v1` }
				: {
						baseUrl: `${this.sandboxUrl}/cregis`,
						projectId: SANDBOX_CREGIS.pid,
						apiKey: SANDBOX_CREGIS.apiKey,
					};
		for (const [key, value] of Object.entries(fields)) {
			const input = modal.getByTestId(`parameter-input-${key}`).locator('input, textarea').first();
			await input.waitFor();
			await input.fill(value);
		}
		const name = (await modal.getByTestId('credential-name').innerText()).trim();
		const tested = this.page.waitForResponse(
			(response) => new URL(response.url()).pathname === '/rest/credentials/test',
			{ timeout: 30_000 },
		);
		await modal.getByTestId('credential-save-button').click();
		const response = await tested.catch(() => undefined);
		const result = response
			? ((await response.json().catch(() => ({}))) as { data?: { status?: string } })?.data
			: undefined;
		// The modal shows the test's outcome, or closes itself once a credential made from a node passed.
		const banner = modal.getByText(/Connection tested successfully|Couldn.t connect/i).first();
		await Promise.race([
			banner.waitFor({ timeout: 20_000 }),
			modal.waitFor({ state: 'hidden', timeout: 20_000 }),
		]).catch(() => {});
		const bannerText = (await banner.innerText({ timeout: 1_000 }).catch(() => '')).trim();
		expect(
			result?.status === 'OK',
			`credential test: ${response ? JSON.stringify(result) : 'no POST /rest/credentials/test'}${bannerText ? `; the modal says ${JSON.stringify(bannerText)}` : ''}`,
		);
		expect(
			!bannerText || /successfully/i.test(bannerText),
			`the modal says ${JSON.stringify(bannerText)}`,
		);
		const closedItself = !(await modal.isVisible());
		if (!closedItself) await this.closeModal();
		await sleep(500);
		const picked = await this.panel
			.ndv()
			.getByTestId('node-credentials-select')
			.locator('input')
			.first()
			.inputValue();
		expect(
			picked === name,
			`the node's credential is ${JSON.stringify(picked)}, expected the new ${JSON.stringify(name)}`,
		);
		return { name, closedItself };
	}
}

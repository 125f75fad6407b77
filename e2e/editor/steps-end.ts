/**
 * The last steps in the editor: Dry Run on a paid and a fresh reference for each provider, then
 * the trigger's Provider field and Production URL in a new workflow.
 */
import { expect } from '../runner';
import { EDITOR_PROVIDERS, type Credentials } from './credentials';
import { describeRows, executeStep, outputRows } from './output';
import { escapeRegExp, type NodePanel } from './panel';
import type { EditorSession } from './session';

/**
 * Dry Run: UI-1 was paid by OxaPay's Execute step (for Cregis too: a reference is one payout
 * whichever provider paid it), UI-3 never was. `paid`: which providers' Execute steps paid.
 */
export async function dryRunSteps(
	session: EditorSession,
	panel: NodePanel,
	credentials: Credentials,
	paid: Record<string, boolean>,
): Promise<void> {
	for (const provider of [EDITOR_PROVIDERS.cregis, EDITOR_PROVIDERS.oxapay]) {
		const name = `${provider.name}: Dry Run says "duplicate" for a paid reference, "validated" for a fresh one`;
		if (!paid[provider.id] || !paid.oxapay) {
			session.skip(name, `needs the ${provider.name} and OxaPay payouts of "Execute step"`);
			continue;
		}
		await session.check(name, async () => {
			if (provider.id === 'oxapay') await credentials.switchProvider(provider);
			const dryRun = panel.params().getByTestId('parameter-input-dryRun');
			if ((await dryRun.count()) === 0) {
				await panel.params().getByTestId('collection-parameter-add').last().click();
				await panel.popper().getByText('Dry Run', { exact: true }).click();
				await dryRun.waitFor();
			}
			const toggle = dryRun.locator('input[role="switch"]');
			if ((await toggle.getAttribute('aria-checked')) !== 'true')
				await dryRun.locator('.el-switch').click();
			expect(
				(await toggle.getAttribute('aria-checked')) === 'true',
				'the Dry Run switch did not turn on',
			);
			await panel.setExpression('reference', '{{ $json.dryReference }}');
			const ledgerBefore = (await session.sandbox.ledger()).length;
			await executeStep(panel);
			const rows = await outputRows(
				panel,
				(list) =>
					list.length === 2 &&
					list.every((row) => row.provider === provider.id && row.status) &&
					list.map((row) => row.reference).join() === 'UI-1,UI-3',
			);
			const byRef = Object.fromEntries(rows.map((row) => [row.reference, row]));
			expect(
				byRef['UI-1'].status === 'duplicate' && byRef['UI-3'].status === 'validated',
				`UI-1 (paid before) → ${byRef['UI-1'].status} "${byRef['UI-1'].message}", UI-3 (fresh) → ${byRef['UI-3'].status}`,
			);
			expect(
				(await session.sandbox.ledger()).length === ledgerBefore,
				'the dry run added a payout to the ledger',
			);
			return describeRows(rows);
		});
	}
}

export async function triggerStep(session: EditorSession, panel: NodePanel): Promise<void> {
	const { page, base } = session;
	await session.check('trigger: Provider field and Production URL', async () => {
		await page.keyboard.press('ControlOrMeta+s').catch(() => {});
		await page.goto(`${base}/workflow/new`);
		await page.getByTestId('canvas-add-button').click({ timeout: 60_000 });
		await page.getByTestId('node-creator-search-bar').fill('Crypto Payout');
		await page
			.getByTestId('item-iterator-item')
			.filter({ hasText: 'Crypto Payout' })
			.first()
			.click();
		await (await panel.triggerItemOfNodeCreator()).click();
		await panel.ndv().waitFor();
		await panel.params().getByText('Webhook URLs').click();
		await panel.params().getByTestId('radio-button-production').click();
		const text = await panel.params().innerText();
		const url = new RegExp(`${escapeRegExp(base)}/webhook/[0-9a-f-]{36}/payout-status`).exec(
			text,
		)?.[0];
		const field = await panel.providerField();
		const options = field
			? (await panel.openOptions('provider')).items.map((item) => item.name)
			: [];
		if (field) await panel.closeDropdowns();
		const wrong = [];
		if (!url) wrong.push(`no Production URL ${base}/webhook/<id>/payout-status in the panel`);
		if (!field) wrong.push('no Provider field in the parameter panel');
		else if (options.join() !== 'OxaPay,Cregis')
			wrong.push(`Provider offers ${options.join(', ')}`);
		expect(wrong.length === 0, `${wrong.join('; ')}${url ? ` (Production URL ${url})` : ''}`);
		return `Provider offers ${options.join(', ')}; Production URL ${url}`;
	});
}

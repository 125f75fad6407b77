/**
 * The node's panel (NDV) as a person uses it: dropdowns, expressions, issue icons, the output
 * table, Execute step. Selectors are n8n 2.41's `data-test-id`s.
 */
import type { Locator, Page } from 'playwright-core';

import { sleep } from '../kit';
import { CheckFailure, expect } from '../runner';

export interface DropdownOption {
	name: string;
	text: string;
}

export interface OpenedOptions {
	items: DropdownOption[];
	popperText: string;
	placeholder: string;
	value: string;
	/** The editor disabled the select (e.g. "Set up credential to see options"). */
	disabled: boolean;
	popper?: Locator;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class NodePanel {
	constructor(readonly page: Page) {}

	ndv(): Locator {
		return this.page.getByTestId('ndv');
	}

	/** The node's parameters. */
	params(): Locator {
		return this.ndv().getByTestId('node-parameters');
	}

	popper(): Locator {
		return this.page.locator('.el-popper:visible').last();
	}

	paramItem(name: string): Locator {
		return this.params()
			.getByTestId('parameter-item')
			.filter({ has: this.page.getByTestId(`parameter-input-${name}`) })
			.last();
	}

	/** Clicks somewhere harmless in the NDV so an open dropdown closes without choosing anything. */
	async closeDropdowns(): Promise<void> {
		await this.ndv().getByTestId('tab-params').click();
		await sleep(200);
	}

	/**
	 * Opens a select's dropdown and waits for its options (or its error / empty text). A select the
	 * editor disabled (e.g. "Set up credential to see options") is not opened: `disabled` says so.
	 */
	async openOptions(name: string): Promise<OpenedOptions> {
		const field = this.params().getByTestId(`parameter-input-${name}`);
		const input = field.locator('input').first();
		const placeholder =
			(await input.getAttribute('placeholder', { timeout: 5_000 }).catch(() => '')) ?? '';
		const value = await input.inputValue({ timeout: 5_000 }).catch(() => '');
		if (await input.isDisabled().catch(() => false))
			return { items: [], popperText: '', placeholder, value, disabled: true };
		await field.click();
		// The select's own dropdown: its input names the listbox it controls.
		const listbox = await input.getAttribute('aria-controls').catch(() => null);
		const own = listbox
			? this.page
					.locator('.el-popper')
					.filter({ has: this.page.locator(`[id="${listbox}"]`) })
					.first()
			: this.popper();
		const deadline = Date.now() + 20_000;
		let popperText = '';
		while (Date.now() < deadline) {
			popperText = (await own.innerText({ timeout: 1_000 }).catch(() => '')).trim();
			if (popperText && !/^Loading/i.test(popperText)) break;
			await sleep(250);
		}
		const items = await own
			.locator('.el-select-dropdown__item')
			.evaluateAll((elements) =>
				elements.map((element) => ({
					name: (
						element.querySelector('.option-headline')?.textContent ??
						element.textContent ??
						''
					).trim(),
					text: (element.textContent ?? '').trim(),
				})),
			)
			.catch(() => [] as DropdownOption[]);
		return { items, popperText, placeholder, value, disabled: false, popper: own };
	}

	/** The open dropdown's option whose headline is exactly `optionName`. */
	optionItem(optionName: string, within: Locator = this.popper()): Locator {
		return within
			.locator('.el-select-dropdown__item')
			.filter({
				has: this.page.locator('.option-headline', {
					hasText: new RegExp(`^\\s*${escapeRegExp(optionName)}\\s*$`),
				}),
			})
			.first();
	}

	async chooseOption(name: string, optionName: string): Promise<OpenedOptions> {
		const options = await this.openOptions(name);
		if (options.disabled)
			throw new CheckFailure(
				`${name} dropdown is disabled: "${options.value || options.placeholder}"`,
			);
		const error = fetchError(options);
		if (error) {
			await this.closeDropdowns();
			throw new CheckFailure(`${name} dropdown: ${error}`);
		}
		const item = this.optionItem(optionName, options.popper);
		if ((await item.count()) === 0) {
			await this.closeDropdowns();
			throw new CheckFailure(
				`${name} dropdown has no "${optionName}" (options: ${options.items.map((option) => option.name).join(', ') || options.popperText || 'none'})`,
			);
		}
		await item.click();
		await sleep(300);
		return options;
	}

	async selectValue(name: string): Promise<string> {
		return await this.params()
			.getByTestId(`parameter-input-${name}`)
			.locator('input')
			.first()
			.inputValue();
	}

	/** A select's shown value once its options have loaded again. */
	async settledValue(name: string, timeoutMs = 20_000): Promise<string> {
		const deadline = Date.now() + timeoutMs;
		await sleep(500);
		let value = await this.selectValue(name);
		while (/^Loading/i.test(value) && Date.now() < deadline) {
			await sleep(250);
			value = await this.selectValue(name);
		}
		expect(!/^Loading/i.test(value), `${name} still says "${value}" after ${timeoutMs / 1000} s`);
		return value;
	}

	/** The texts of a parameter's issue icon (its tooltip), or [] when it has none. */
	async issuesOf(name: string): Promise<string[]> {
		const icon = this.paramItem(name).getByTestId('parameter-issues');
		if ((await icon.count()) === 0 || !(await icon.first().isVisible())) return [];
		await icon.first().locator('span').first().hover();
		let text = '';
		const deadline = Date.now() + 5_000;
		while (Date.now() < deadline && !text) {
			const tips = await this.page
				.locator('[data-reka-popper-content-wrapper], [role="tooltip"], .el-popper')
				.filter({ hasText: 'Issues:' })
				.allInnerTexts();
			text = tips.map((tip) => tip.trim()).find(Boolean) ?? '';
			if (!text) await sleep(200);
		}
		await this.page.mouse.move(5, 5);
		await sleep(300);
		return [text.replace(/^Issues:\s*/, '').replace(/\s+/g, ' ') || '(issue icon without text)'];
	}

	/** Sets a parameter to an expression (switching it to Expression first). */
	async setExpression(name: string, expression: string): Promise<void> {
		const item = this.paramItem(name);
		const editor = item.getByTestId('inline-expression-editor-input');
		if (!(await editor.isVisible())) {
			await item.hover();
			await item.getByTestId('radio-button-expression').click();
			await editor.waitFor();
		}
		await editor.click();
		await this.page.keyboard.press('ControlOrMeta+A');
		// insertText: no auto-closed braces.
		await this.page.keyboard.insertText(expression);
		await sleep(200);
		const text = (await editor.innerText()).trim();
		expect(text === expression, `${name}: the expression editor holds ${JSON.stringify(text)}`);
		await this.closeDropdowns();
	}

	/** Switches a parameter back to Fixed (from Expression). */
	async setFixed(name: string): Promise<void> {
		const item = this.paramItem(name);
		if (!(await item.getByTestId('inline-expression-editor-input').isVisible())) return;
		await item.hover();
		await item.getByTestId('radio-button-fixed').click();
		await this.params().getByTestId(`parameter-input-${name}`).locator('input').first().waitFor();
		await this.closeDropdowns();
	}

	/** Closes the node's panel and opens it again from the canvas, as a person coming back to it. */
	async reopenNode(nodeName: string): Promise<void> {
		await this.ndv().getByTestId('ndv-close-button').click();
		await this.ndv().waitFor({ state: 'hidden' });
		await this.page.getByTestId('canvas-node').filter({ hasText: nodeName }).first().dblclick();
		await this.ndv().waitFor();
		await this.params().getByTestId('parameter-input-operation').waitFor();
		await sleep(1_000);
	}

	/** The Provider field in the parameter panel, or undefined when the panel has none. */
	async providerField(): Promise<Locator | undefined> {
		const field = this.params().getByTestId('parameter-input-provider');
		return (await field.count()) > 0 && (await field.first().isVisible())
			? field.first()
			: undefined;
	}

	/** Operation names and option names the panel offers for the current provider. */
	async offeredFields(): Promise<{ operations: string[]; options: string[] }> {
		const current = await this.selectValue('operation');
		const operations = await this.openOptions('operation');
		await this.optionItem(current, operations.popper).click();
		await sleep(200);
		await this.params().getByTestId('collection-parameter-add').last().click();
		await this.popper().waitFor();
		// The list renders a moment after its popper shows (on a busy machine, after the first read).
		const items = this.popper().locator('.el-select-dropdown__item');
		await items
			.first()
			.waitFor({ timeout: 5_000 })
			.catch(() => {});
		const optionNames = (await items.allInnerTexts()).map((text) => text.trim());
		await this.closeDropdowns();
		return { operations: operations.items.map((item) => item.name), options: optionNames };
	}

	/**
	 * The first entry under "Triggers" in the node creator's panel of a node (its name is the
	 * package's wording, so the section is what finds it).
	 */
	async triggerItemOfNodeCreator(): Promise<Locator> {
		const creator = this.page.getByTestId('node-creator');
		await creator.getByTestId('node-creator-category-item').first().waitFor();
		const marked = await creator.evaluate((root) => {
			const entries = root.querySelectorAll(
				'[data-test-id="node-creator-category-item"], [data-test-id="item-iterator-item"]',
			);
			let inTriggers = false;
			for (const entry of entries) {
				if (entry.getAttribute('data-test-id') === 'node-creator-category-item') {
					inTriggers = /^\s*Triggers\b/.test(entry.textContent ?? '');
				} else if (inTriggers) {
					entry.setAttribute('data-e2e-trigger-item', '');
					return (entry.textContent ?? '').trim();
				}
			}
			return undefined;
		});
		expect(marked, 'the node creator shows no entry under "Triggers"');
		return creator.locator('[data-e2e-trigger-item]').first();
	}
}

/** The error a dropdown shows instead of options, if any. */
export function fetchError(options: OpenedOptions): string | undefined {
	const text = `${options.popperText} ${options.placeholder} ${options.value}`;
	return /error fetching options|could not load|EUNKNOWN/i.test(text)
		? text.trim().slice(0, 300)
		: undefined;
}

export { escapeRegExp };

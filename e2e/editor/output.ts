/** Running the node from its panel: Execute step, and the output panel's table. */
import { sleep } from '../kit';
import { CheckFailure, expect } from '../runner';
import type { NodePanel } from './panel';

/** An output table row: {column: text}. */
export type OutputRow = Record<string, string>;

export const describeRows = (rows: OutputRow[]) =>
	rows.map((row) => `${row.reference} ${row.status} ${row.payoutId}`).join(', ');

/** Clicks Execute step and waits for n8n to accept the run. */
export async function executeStep(panel: NodePanel): Promise<void> {
	const run = panel.page.waitForResponse(
		(response) => /\/rest\/workflows\/[^/]+\/run/.test(response.url()),
		{ timeout: 30_000 },
	);
	await panel.ndv().getByTestId('node-execute-button').click();
	const response = await run;
	expect(response.status() < 400, `POST …/run answered ${response.status()}`);
}

/** Reads the output panel's table once its rows satisfy `ready`. */
export async function outputRows(
	panel: NodePanel,
	ready: (rows: OutputRow[]) => boolean,
	timeoutMs = 60_000,
): Promise<OutputRow[]> {
	const output = panel.ndv().getByTestId('output-panel');
	const deadline = Date.now() + timeoutMs;
	let rows: OutputRow[] = [];
	while (Date.now() < deadline) {
		const table = output.getByTestId('radio-button-table');
		if ((await table.count()) > 0 && (await table.isVisible())) await table.click().catch(() => {});
		rows = await output
			.locator('table')
			.first()
			.evaluate(
				(element) => {
					const head = [...element.querySelectorAll('thead th')].map((th) =>
						(th as unknown as { innerText: string }).innerText.trim(),
					);
					return [...element.querySelectorAll('tbody tr')].map((tr) =>
						Object.fromEntries(
							[...tr.querySelectorAll('td')].map((td, i) => [
								head[i] ?? String(i),
								(td as unknown as { innerText: string }).innerText.trim(),
							]),
						),
					);
				},
				undefined,
				{ timeout: 2_000 },
			)
			.catch(() => [] as OutputRow[]);
		if (ready(rows)) return rows;
		await sleep(500);
	}
	const text = (await output.innerText().catch(() => '')).replace(/\s+/g, ' ').slice(0, 400);
	throw new CheckFailure(
		`the output table did not show the expected rows within ${timeoutMs / 1000} s: ${JSON.stringify(rows).slice(0, 400)} / panel: ${text}`,
	);
}

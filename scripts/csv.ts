/** A small RFC 4180 CSV reader (quoted fields, doubled quotes), enough for sample sheets. */
export function parseCsv(text: string): Array<Record<string, string>> {
	const rows: string[][] = [];
	let field = '';
	let row: string[] = [];
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') {
				field += '"';
				i++;
			} else if (c === '"') quoted = false;
			else field += c;
		} else if (c === '"') quoted = true;
		else if (c === ',') {
			row.push(field);
			field = '';
		} else if (c === '\n' || c === '\r') {
			if (c === '\r' && text[i + 1] === '\n') i++;
			row.push(field);
			rows.push(row);
			row = [];
			field = '';
		} else field += c;
	}
	if (field !== '' || row.length) {
		row.push(field);
		rows.push(row);
	}
	const [header, ...body] = rows.filter((cells) => cells.some((cell) => cell.trim() !== ''));
	return body.map((cells) =>
		Object.fromEntries(header.map((name, index) => [name.trim(), cells[index] ?? ''])),
	);
}

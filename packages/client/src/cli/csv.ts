/**
 * Rows of CSV text (RFC 4180: fields in double quotes may hold commas, line breaks and `""` for a
 * quote), each a record keyed by the header row's names. Empty fields are left out, so a column
 * a row does not use reads as not given. Rows in errors count from 1, the header included.
 */
export function parseCsv(text: string): Record<string, string>[] {
  const lines = csvRecords(text.replace(/^\uFEFF/, ''));
  const header = lines.shift()?.map((name) => name.trim());
  if (!header || header.every((name) => name === '')) throw new Error('the CSV has no header row');
  return lines
    .filter((fields) => fields.some((field) => field !== ''))
    .map((fields, i) => {
      if (fields.length > header.length)
        throw new Error(`CSV row ${i + 2} has ${fields.length} fields, the header ${header.length}`);
      return Object.fromEntries(fields.flatMap((field, j) => (field === '' ? [] : [[header[j]!, field]])));
    });
}

function csvRecords(text: string): string[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') field += text[++i];
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') (fields.push(field), (field = ''));
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      records.push(fields);
      fields = [];
      field = '';
    } else field += c;
  }
  if (quoted) throw new Error('the CSV ends inside a quoted field');
  if (field !== '' || fields.length > 0) records.push([...fields, field]);
  return records;
}

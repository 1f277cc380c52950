// Builders of real ZIP archives and XLSX workbooks for the import tests (recruiting, payroll).
// The archive is written by Python's zipfile (a real archive writer, deflate-compressed).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// entries: { 'name/in/zip': text or byte array }
export function makeZip(entries) {
  const dir = mkdtempSync(join(tmpdir(), 'hf-zip-'));
  const spec = join(dir, 'spec.json'), out = join(dir, 'out.zip');
  writeFileSync(spec, JSON.stringify(entries));
  execFileSync('python3', ['-c', `
import json, sys, zipfile
entries = json.load(open(sys.argv[1], encoding='utf-8'))
with zipfile.ZipFile(sys.argv[2], 'w', zipfile.ZIP_DEFLATED) as z:
    for name, text in entries.items():
        z.writestr(name, text.encode('utf-8') if isinstance(text, str) else bytes(text))
`, spec, out]);
  return readFileSync(out);
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

// A workbook whose first sheet (named through the workbook's relationships, as Excel does) holds `rows`.
// A cell is a string (a shared string), a JS number, null/undefined/'' (no cell), or
// { n: '30000.100000000002', style?: 'date' | 'percent' }: the number text exactly as Excel stores it,
// formatted as a date (built-in format 14) or a percentage (10). `firstRow` is the sheet row of rows[0].
export function makeXlsx(rows, { firstRow = 1 } = {}) {
  const shared = [];
  const idx = (s) => { let i = shared.indexOf(s); if (i < 0) { i = shared.length; shared.push(s); } return i; };
  const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const col = (i) => (i >= 26 ? String.fromCharCode(64 + Math.floor(i / 26)) : '') + String.fromCharCode(65 + (i % 26));
  const styleOf = { date: 1, percent: 2 };
  const cell = (v, ref) => {
    if (v === null || v === undefined || v === '') return '';
    if (typeof v === 'number') return `<c r="${ref}"><v>${v}</v></c>`;
    if (typeof v === 'object') return `<c r="${ref}"${v.style ? ` s="${styleOf[v.style]}"` : ''}><v>${v.n}</v></c>`;
    return `<c r="${ref}" t="s"><v>${idx(v)}</v></c>`;
  };
  const sheetRows = rows.map((r, ri) => {
    const rn = ri + firstRow;
    return `<row r="${rn}">${r.map((v, ci) => cell(v, `${col(ci)}${rn}`)).join('')}</row>`;
  }).join('');
  const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
  return makeZip({
    '[Content_Types].xml': '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    'xl/workbook.xml': `<?xml version="1.0"?><workbook ${ns} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet" sheetId="1" r:id="rId7"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/data.xml"/></Relationships>',
    'xl/styles.xml': `<?xml version="1.0"?><styleSheet ${ns}><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="10" applyNumberFormat="1"/></cellXfs></styleSheet>`,
    'xl/sharedStrings.xml': `<?xml version="1.0"?><sst ${ns}>${shared.map((s) => `<si><t>${esc(s)}</t></si>`).join('')}</sst>`,
    'xl/worksheets/data.xml': `<?xml version="1.0"?><worksheet ${ns}><sheetData>${sheetRows}</sheetData></worksheet>`,
  });
}

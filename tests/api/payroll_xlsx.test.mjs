// Payroll imports from XLSX workbooks against the real binary, on SQLite and on PostgreSQL: go-live
// opening balances read from a spreadsheet (numbers as Excel stores them, binary noise and exponents
// included) land exactly to the fen and the first run continues the cumulative withholding from them;
// a bad row is reported with the row number the spreadsheet shows; a damaged workbook is refused.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, adminClient, backends } from '../harness.mjs';
import { makeXlsx, XLSX_TYPE } from '../xlsx.mjs';

const AS_XLSX = { raw: true, headers: { 'content-type': XLSX_TYPE } };
const AS_CSV = { raw: true, headers: { 'content-type': 'text/csv' } };

const OPENING_HEADER = ['employee_no', 'tax_year', 'through_month', 'months_employed', 'income', 'tax_free_income',
  'special_deduction', 'special_additional_deduction', 'other_deduction', 'taxable_income', 'tax', 'withheld_tax'];

// 国家税务总局's example (30,000 a month, 专项扣除 4,500, 专项附加扣除 2,000) for January and February, as the
// previous system's withholding return states them, plus 0.50 of tax-free income on both sides of the
// sum: 60,000.50 − 0.50 − 10,000 basic − 9,000 − 4,000 = 37,000 taxable; the cumulative table gives
// 37,000 × 10% − 2,520 = 1,180.00. Cells are written as Excel writes such figures (noise, exponents).
const GOOD_ROW = ['XL01', 2025, 2, 2, { n: '60000.500000000007' }, { n: '0.50000000000000011' }, { n: '9.0E3' },
  { n: '3999.9999999999995' }, 0, 37000, { n: '1180.0000000000002' }, { n: '1.18E3' }];

for (const backend of backends()) {
  describe(`payroll XLSX imports on ${backend}`, () => {
    let server, admin, emp;
    before(async () => {
      server = await startServer({ db: backend });
      admin = await adminClient(server);
      emp = (await admin.post('/api/v1/employees', { employee_no: 'XL01', name: 'Excel Import', hire_date: '2020-01-01' })).json;
      assert.ok(emp.id);
      assert.equal((await admin.post('/api/v1/employees', { employee_no: 'XL02', name: 'Excel Two', hire_date: '2020-01-01' })).status, 201);
    });
    after(async () => { await server?.stop(); });

    test('the OpenAPI document offers XLSX beside CSV for every payroll import', async () => {
      const doc = (await admin.get('/api/v1/openapi.json')).json;
      for (const path of ['/api/v1/payroll/opening-balances/import', '/api/v1/payroll/inputs/import',
        '/api/v1/payroll/compensation/import', '/api/v1/payroll/bands/import', '/api/v1/payroll/market/import']) {
        const content = doc.paths[path].post.requestBody.content;
        assert.deepEqual(Object.keys(content).sort(), ['text/csv', XLSX_TYPE].sort(), path);
        assert.equal(content[XLSX_TYPE].schema.format, 'binary');
      }
    });

    test('compensation from XLSX reads a date-formatted effective_from and a percent-formatted rate', async () => {
      const book = makeXlsx([
        ['employee_no', 'effective_from', 'monthly_salary', 'city', 'social_insurance_base', 'housing_fund_base',
          'housing_fund_rate', 'special_additional_deduction'],
        // 45658 is 2025-01-01 in Excel's 1900 date system; 0.12 shown as 12%.
        ['XL01', { n: '45658', style: 'date' }, 30000, 'beijing', 20000, 19975, { n: '0.12', style: 'percent' }, 2000],
      ]);
      const r = await admin.post('/api/v1/payroll/compensation/import?dry_run=false', book, AS_XLSX);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.imported, 1);
      const comp = (await admin.get(`/api/v1/payroll/employees/${emp.id}/compensation`)).json.items[0];
      assert.equal(comp.effective_from, '2025-01-01');
      assert.equal(comp.monthly_salary, '30000.00');
      assert.equal(comp.housing_fund_rate, 12);
    });

    test('a bad row is reported with the row number and field the spreadsheet shows', async () => {
      // A title above the header: the first non-blank row must name the columns.
      const book = makeXlsx([
        ['Opening balances 2025'],
        [],
        OPENING_HEADER,
        GOOD_ROW,
        ['XL02', 2025, 2, 2, 60000, 0, 9000, 4000, 0, { n: '37000.010000000002' }, 1180, 1180],
      ]);
      const dry = await admin.post('/api/v1/payroll/opening-balances/import?dry_run=true', book, AS_XLSX);
      assert.equal(dry.status, 422, dry.text);
      assert.equal(dry.json.field, 'header');

      const clean = makeXlsx([OPENING_HEADER, GOOD_ROW, [],
        ['XL02', 2025, 2, 2, 60000, 0, 9000, 4000, 0, { n: '37000.010000000002' }, 1180, 1180]]);
      const report = await admin.post('/api/v1/payroll/opening-balances/import?dry_run=true', clean, AS_XLSX);
      assert.equal(report.status, 200, report.text);
      assert.equal(report.json.total_rows, 2);
      assert.equal(report.json.valid_rows, 1);
      assert.deepEqual(report.json.problems.map((p) => [p.row, p.field]), [[4, 'taxable_income']]);
      assert.match(report.json.problems[0].problem, /37000\.00/);
      const refused = await admin.post('/api/v1/payroll/opening-balances/import?dry_run=false', clean, AS_XLSX);
      assert.equal(refused.status, 422);
      assert.equal(refused.json.report.refused, true);
      assert.deepEqual(refused.json.report.problems.map((p) => [p.row, p.field]), [[4, 'taxable_income']]);
      assert.equal((await admin.get('/api/v1/payroll/opening-balances?tax_year=2025')).json.total, 0);
    });

    test('monthly inputs from XLSX: amounts to the fen, hours to the hundredth, bad rows skipped on request', async () => {
      const book = makeXlsx([
        ['employee_no', 'taxable_allowances', 'bonus', 'weekday_overtime_hours'],
        ['XL01', { n: '1234.0049999999999' }, { n: '1.5E3' }, { n: '7.4999999999999991' }],
        ['XL02', 0, 0, { n: '7.125' }],
      ]);
      const r = await admin.post('/api/v1/payroll/inputs/import?period=2025-06&dry_run=false&skip_invalid=true', book, AS_XLSX);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.imported, 1);
      assert.deepEqual(r.json.problems.map((p) => [p.row, p.field]), [[3, 'weekday_overtime_hours']]);
      const saved = (await admin.get('/api/v1/payroll/inputs?period=2025-06')).json.items;
      assert.equal(saved.length, 1);
      assert.deepEqual([saved[0].employee_no, saved[0].taxable_allowances, saved[0].bonus, saved[0].weekday_overtime_hours],
        ['XL01', '1234.01', '1500.00', 7.5]);
    });

    test('a damaged workbook answers 422 naming the file', async () => {
      const broken = Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.from('not really an archive')]);
      const r = await admin.post('/api/v1/payroll/opening-balances/import?dry_run=true', broken, AS_XLSX);
      assert.equal(r.status, 422, r.text);
      assert.equal(r.json.field, 'file');
      assert.match(r.json.detail, /damaged XLSX/);
      const csvAsXlsx = await admin.post('/api/v1/payroll/opening-balances/import?dry_run=true',
        `${OPENING_HEADER.join(',')}\n`, AS_XLSX);
      assert.equal(csvAsXlsx.status, 422);
      assert.equal(csvAsXlsx.json.field, 'file');
      assert.match(csvAsXlsx.json.detail, /not one/);
    });

    test('opening balances from XLSX land to the fen and the first run continues the withholding', async () => {
      const book = makeXlsx([OPENING_HEADER, GOOD_ROW]);
      // Recognised by its ZIP magic bytes even when the client calls it text/csv.
      const dry = await admin.post('/api/v1/payroll/opening-balances/import', book, AS_CSV);
      assert.equal(dry.status, 200, dry.text);
      assert.deepEqual([dry.json.dry_run, dry.json.valid_rows, dry.json.imported], [true, 1, 0]);
      assert.equal((await admin.get('/api/v1/payroll/opening-balances?tax_year=2025')).json.total, 0);
      const ok = await admin.post('/api/v1/payroll/opening-balances/import?dry_run=false', book, AS_XLSX);
      assert.equal(ok.status, 200, ok.text);
      assert.equal(ok.json.imported, 1);
      const row = (await admin.get('/api/v1/payroll/opening-balances?tax_year=2025')).json.items[0];
      assert.deepEqual(
        [row.employee_no, row.through_month, row.months_employed, row.income, row.tax_free_income, row.basic_deduction,
          row.special_deduction, row.special_additional_deduction, row.other_deduction, row.taxable_income, row.tax,
          row.withheld_tax],
        ['XL01', 2, 2, '60000.50', '0.50', '10000.00', '9000.00', '4000.00', '0.00', '37000.00', '1180.00', '1180.00']);

      // March: cumulative taxable 90,000.50 − 0.50 − 15,000 − 13,500 − 6,000 = 55,500; × 10% − 2,520 = 3,030.00
      // in all, of which 1,180.00 was withheld before go-live: 1,850.00 now.
      const run = await admin.post('/api/v1/payroll/runs', { period: '2025-03' });
      assert.equal(run.status, 201, run.text);
      assert.equal(run.json.notes.continued_from.opening_balances, 1);
      const slips = (await admin.get(`/api/v1/payroll/runs/${run.json.id}/payslips`)).json.items;
      const slip = slips.find((s) => s.employee_id === emp.id);
      assert.equal(slip.income_tax, '1850.00');
      const full = (await admin.get(`/api/v1/payroll/payslips/${slip.id}`)).json;
      assert.equal(full.ytd.income, '90000.50');
      assert.equal(full.ytd.taxable_income, '55500.00');
      assert.equal(full.ytd.withheld_tax, '3030.00');
    });
  });
}

// `hireflow resume parse` output validated against the JSON Resume schema with a real validator
// (ajv + @jsonresume/schema), on the fixtures in every text encoding we ship, and the exit code
// contract for unreadable input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

const require = createRequire(import.meta.url);
const schema = require('@jsonresume/schema/schema.json');
const BIN = process.env.HIREFLOW_BIN || new URL('../../build/hireflow', import.meta.url).pathname;
const FIXTURES = new URL('../fixtures/resumes/', import.meta.url).pathname;

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

for (const f of readdirSync(FIXTURES).filter((n) => n.endsWith('.txt'))) {
  test(`resume parse ${f} yields valid JSON Resume`, () => {
    const r = spawnSync(BIN, ['resume', 'parse', join(FIXTURES, f)], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.ok(validate(doc), JSON.stringify(validate.errors, null, 2));
    assert.ok(doc.basics?.name, 'a name is found');
    assert.ok((doc.work || []).length > 0, 'work entries are found');
  });
}

test('a JSON Resume round-trips through the parser and stays valid', () => {
  const sample = require('@jsonresume/schema/sample.resume.json');
  const dir = mkdtempSync('/tmp/hireflow-resume-');
  try {
    writeFileSync(join(dir, 'in.json'), JSON.stringify(sample));
    const r = spawnSync(BIN, ['resume', 'parse', join(dir, 'in.json')], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.ok(validate(doc), JSON.stringify(validate.errors, null, 2));
    assert.equal(doc.basics.name, sample.basics.name);
    assert.equal(doc.work.length, sample.work.length);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('unreadable input exits 2 with one message line', () => {
  const dir = mkdtempSync('/tmp/hireflow-resume-');
  try {
    writeFileSync(join(dir, 'empty.pdf'), '');
    writeFileSync(join(dir, 'broken.pdf'), '%PDF-1.4\n1 0 obj <<');
    writeFileSync(join(dir, 'random.bin'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    for (const f of ['empty.pdf', 'broken.pdf', 'random.bin', 'does-not-exist.pdf']) {
      const r = spawnSync(BIN, ['resume', 'parse', join(dir, f)], { encoding: 'utf8' });
      assert.equal(r.status, 2, `${f}: ${r.stdout.slice(0, 100)}`);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    }
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

// Golden tests: each fixture payload → Mermaid text and Markdown table, compared
// with the checked-in .mmd / .md files. Regenerate after an intended change with
//   UPDATE_GOLDEN=1 npx mocha 'test/unit/diagram/**/*.test.ts'
// and review the diff.

import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toMarkdownTable, toMermaid, type DiagramOptions, type GraphPayload } from '../../../src/diagram';

const dir = join(__dirname, 'fixtures');
const update = process.env.UPDATE_GOLDEN === '1';

function load(name: string): GraphPayload {
  return JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as GraphPayload;
}

function golden(file: string, actual: string): void {
  const path = join(dir, file);
  if (update || !existsSync(path)) {
    writeFileSync(path, actual);
    if (!update) assert.fail(`golden file ${file} was missing and has been written; review it and re-run`);
    return;
  }
  assert.equal(actual, readFileSync(path, 'utf8'), `${file} differs (UPDATE_GOLDEN=1 to accept)`);
}

const cases: { fixture: string; variant: string; options: DiagramOptions }[] = [
  { fixture: 'lecture-fxyz', variant: '', options: {} },
  { fixture: 'lecture-fxyz', variant: '.td-edges', options: { direction: 'TD', edgeLabels: true, highlight: 'n3' } },
  { fixture: 'lecture-fxyz', variant: '.values', options: { show: 'values' } },
  { fixture: 'sigmoid-gate', variant: '', options: { precision: 2 } },
  { fixture: 'sigmoid-gate', variant: '.collapsed', options: { collapseGates: true, edgeLabels: true, precision: 2 } },
  { fixture: 'forward-branches', variant: '', options: { edgeLabels: true } },
  { fixture: 'vector-chain', variant: '', options: {} },
  { fixture: 'hostile', variant: '', options: { edgeLabels: true } },
  { fixture: 'hostile', variant: '.collapsed', options: { collapseGates: true, edgeLabels: true } },
  // The Markdown export's text (issue 11 item 15): no <font>, no #160;, only the escapes a quoted label needs.
  { fixture: 'lecture-fxyz', variant: '.readable', options: { readable: true } },
  { fixture: 'vector-chain', variant: '.readable', options: { readable: true, edgeLabels: true } },
  { fixture: 'sigmoid-gate', variant: '.readable', options: { readable: true, precision: 2 } },
  { fixture: 'hostile', variant: '.readable', options: { readable: true, edgeLabels: true } },
];

describe('diagram golden fixtures', () => {
  for (const c of cases) {
    it(`${c.fixture}${c.variant}`, () => {
      const payload = load(c.fixture);
      golden(`${c.fixture}${c.variant}.mmd`, toMermaid(payload, c.options).text);
      golden(`${c.fixture}${c.variant}.md`, toMarkdownTable(payload, c.options));
    });
  }
});

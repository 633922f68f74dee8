// Live inputs in Restricted Mode (issue 12): the sliders compute in the
// renderer, not the kernel, so a student who opened a shared notebook without
// trusting it can still scrub a saved graph's leaves and see every number
// follow; nothing runs and the notebook stays as it was.
//
//   node esbuild.js && BPNB_SUITE=live BPNB_GREP=Restricted npx tsx test/vscode/runner/run-ui-tests.ts
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatTensor } from '../../../../src/diagram';
import { Session } from '../../../../src/lang';
import { cellOutputs } from '../../../../src/notebookFile/outputs';
import { startServer, type RunningServer } from '../../runner/vscode-server';
import { uiEnvironment, Workbench } from '../lib/harness';
import { graphFrame, outputOf } from './lib';

const LECTURE = ['x = -2; y = 5; z = -4', 'q = x + y', 'f = q * z', 'backward f'];

function makeSource(): string {
  const dir = path.join(uiEnvironment().tmpDir, `live-restricted-${process.pid}`);
  fs.mkdirSync(dir, { recursive: true });
  const nb = { bpnb: 1, metadata: {}, cells: [{ kind: 'code', source: LECTURE, outputs: cellOutputs(new Session().run(LECTURE.join('\n'))) }] };
  fs.writeFileSync(path.join(dir, 'shared.bpnb'), JSON.stringify(nb, null, 2) + '\n');
  return dir;
}

describe('UI live graphs: Restricted Mode', function () {
  let server: RunningServer;
  let wb: Workbench;
  let source: string;

  before(async () => {
    server = await startServer({ name: 'live-restricted', workspaceTrust: true });
    source = makeSource();
    wb = await Workbench.open({ source, origin: server.origin });
    const no = wb.page.getByRole('button', { name: /don.t trust/i });
    await no.waitFor({ timeout: 60_000 });
    await no.click();
    await wb.page.locator('.statusbar', { hasText: 'Restricted Mode' }).waitFor({ timeout: 30_000 });
  });

  after(async () => {
    await wb?.close();
    await server?.stop();
  });

  it('scrubs a saved graph\'s leaf with the keys: every number follows, nothing runs, the file is unchanged', async () => {
    await wb.openNotebook('shared.bpnb', 1);
    const frame = await graphFrame(wb, 'graph of f = -12');
    const out = frame.locator(outputOf('graph of f'));
    const z = out.getByRole('slider', { name: 'z', exact: true });
    await z.focus();
    for (let i = 0; i < 10; i++) await z.press('ArrowRight');
    await frame.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
    assert.equal(Number(await z.getAttribute('aria-valuenow')), -3);
    const expected = new Session().run(LECTURE.join('\n').replace('z = -4', 'z = -3')).graph!;
    const text = (await out.locator('svg').textContent()) ?? '';
    for (const n of expected.nodes) {
      assert.ok(text.includes(formatTensor(n.value, { precision: 4 })), `value of ${n.label} in ${text}`);
      assert.ok(text.includes(`∂ ${formatTensor(n.grad!, { precision: 4 })}`), `gradient of ${n.label} in ${text}`);
    }
    await wb.screenshot('live-restricted-mode');
    assert.ok(await wb.page.locator('.statusbar', { hasText: 'Restricted Mode' }).isVisible());
    assert.equal(await wb.codeCell(0).locator('.codicon-notebook-state-success, .codicon-notebook-state-error').count(), 0, 'nothing ran');
    const saved = fs.readFileSync(path.join(wb.workspace, 'shared.bpnb'), 'utf8');
    assert.ok(saved.includes('z = -4') && !saved.includes('z = -3'), 'the file still says z = -4');
  });
});

// The same extension-host suites in a desktop VS Code, through
// @vscode/test-electron (it downloads VS Code, so it needs a network and,
// on Linux, a display or xvfb-run). Not used by npm test, which runs the
// suites offline in the VS Code server (run-extension-tests.ts).
//
//   node esbuild.js && npx tsx test/vscode/runner/run-desktop.ts
//   BPNB_VSCODE_VERSION=stable npx tsx test/vscode/runner/run-desktop.ts
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { buildSuiteBundle, DEFAULT_BUNDLE, parseAreas, selectTests, SUITE_ROOT } from './build-suite';
import { REPO_ROOT, VSCODE_VERSION } from './vscode-server';
import { makeWorkspace } from './workspace';

async function main(): Promise<void> {
  const files = selectTests(SUITE_ROOT, parseAreas(process.env.BPNB_SUITE));
  await buildSuiteBundle({ root: SUITE_ROOT, files, outFile: DEFAULT_BUNDLE });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bpnb-desktop-'));
  try {
    const workspace = makeWorkspace(tmp);
    // With no bpnb-test-config.json next to the bundle, the suite index
    // reports to the console, which test-electron forwards to this terminal.
    await runTests({
      version: process.env.BPNB_VSCODE_VERSION ?? VSCODE_VERSION,
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: DEFAULT_BUNDLE,
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', `--user-data-dir=${path.join(tmp, 'user-data')}`],
    });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(`desktop tests failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
});

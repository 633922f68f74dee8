// Activation time as the extension measures it itself: activationMs on the
// API object activate() returns, from the first line of dist/extension.js's
// evaluation to the end of activate() (src/activationClock.ts).
//
//   node esbuild.js && BPNB_SUITE=activation npx tsx test/vscode/runner/run-extension-tests.ts
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { BpnbApi } from '../../../../src/extension';
import { EXTENSION_ID } from '../slice/helpers';

describe('activation', () => {
  it('package.json names the extension bpnb.bpnb (publisher.name)', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not installed in this extension host`);
    const pkg = ext.packageJSON as { publisher?: string; name?: string };
    assert.equal(`${pkg.publisher}.${pkg.name}`, EXTENSION_ID);
  });

  it('activate() returns activationMs: a positive, finite number of milliseconds', async function () {
    const ext = vscode.extensions.getExtension<BpnbApi>(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} missing`);
    const returned = await ext.activate();
    assert.ok(ext.isActive, 'the extension is not active after activate()');
    const api = ext.exports;
    assert.equal(api, returned, 'exports is not the object activate() returned');
    assert.equal(typeof api.activationMs, 'number', `activationMs is ${typeof api.activationMs}`);
    assert.ok(Number.isFinite(api.activationMs) && api.activationMs > 0, `activationMs = ${api.activationMs}`);
    assert.ok(api.loadMs > 0 && api.loadMs <= api.activationMs, `loadMs = ${api.loadMs} is part of activationMs`);
    // It is measured once: asking again gives the same figure, not a fresh clock reading.
    assert.equal((await ext.activate()).activationMs, api.activationMs);
    // The runner prints only the reporter's lines: the figure goes into the test's title.
    const figure = `activationMs = ${api.activationMs.toFixed(1)} ms, of which loading ${api.loadMs.toFixed(1)} ms`;
    if (this.test) this.test.title += ` [${figure}]`;
    console.log(`bpnb ${figure}`);
  });
});

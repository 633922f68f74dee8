// The Mermaid configuration the renderer uses, for every theme: strict security
// (no click handlers, no scripts in labels), no start-on-load scanning of the
// page, and Mermaid's own `secure` list left as it is, so a `%%{init}%%`
// directive could not lower the security level even if one reached Mermaid.
import assert from 'node:assert/strict';
import { mermaidConfig, type ThemeKind } from '../../../src/renderer/theme';

describe('renderer: Mermaid configuration', () => {
  for (const theme of ['light', 'dark', 'hc-dark', 'hc-light'] as ThemeKind[]) {
    it(`${theme}: securityLevel strict, startOnLoad off, secure keys not overridden`, () => {
      const c = mermaidConfig(theme);
      assert.equal(c.securityLevel, 'strict');
      assert.equal(c.startOnLoad, false);
      assert.equal(c.secure, undefined);
    });
  }
});

// Checks on exported images, shared by the CLI tests (Node) and the VS Code
// extension-host suite: a real XML parser for SVG files and a real PNG decoder.
import assert from 'node:assert/strict';
import { DOMParser, type Element as XmlElement } from '@xmldom/xmldom';
import { PNG } from 'pngjs';

export interface SvgFacts {
  width: number;
  height: number;
  /** The text of every <text> element (one label each; its rows joined by newlines). */
  labels: string[];
}

/** Parses an exported SVG as XML and checks the standalone-file rules; returns what it shows. */
export function checkSvg(text: string): SvgFacts {
  assert.match(text, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<svg /, 'starts with the XML declaration, then <svg');
  const errors: string[] = [];
  const doc = new DOMParser({ onError: (level, msg) => { if (level !== 'warning') errors.push(msg); } }).parseFromString(text, 'image/svg+xml');
  assert.deepEqual(errors, [], 'well-formed XML');
  const root = doc.documentElement as unknown as XmlElement | null;
  assert.ok(root, 'has a root element');
  assert.equal(root.localName, 'svg');
  assert.equal(root.namespaceURI, 'http://www.w3.org/2000/svg', 'the SVG namespace');
  assert.equal(root.getElementsByTagName('foreignObject').length, 0, 'no <foreignObject> (no HTML labels)');
  assert.equal(root.getElementsByTagNameNS('http://www.w3.org/1999/xhtml', '*').length, 0, 'no HTML elements');
  assert.ok(!/foreignObject/i.test(text), 'foreignObject is not mentioned at all');
  assert.ok(root.getElementsByTagName('style').length >= 1, 'styles inside the file');
  const width = Number(root.getAttribute('width'));
  const height = Number(root.getAttribute('height'));
  assert.ok(width > 0 && height > 0, `explicit size (${root.getAttribute('width')} × ${root.getAttribute('height')})`);
  const labels: string[] = [];
  const texts = root.getElementsByTagName('text');
  for (let i = 0; i < texts.length; i++) {
    const t = texts.item(i) as XmlElement;
    const rows = t.getElementsByTagName('tspan');
    const lines: string[] = [];
    for (let j = 0; j < rows.length; j++) {
      const r = rows.item(j) as XmlElement;
      if (r.parentNode === t) lines.push((r.textContent ?? '').replace(/[\u00a0\u2007\u200b]/g, ' ').trim());
    }
    const label = lines.length ? lines.join('\n') : (t.textContent ?? '').trim();
    if (label) labels.push(label);
  }
  return { width, height, labels };
}

export interface PngFacts {
  width: number;
  height: number;
  /** Distinct RGBA colours (a blank image has one). */
  colours: number;
  opaque: boolean;
}

export function checkPng(bytes: Uint8Array): PngFacts {
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'the PNG signature');
  const png = PNG.sync.read(Buffer.from(bytes));
  const seen = new Set<number>();
  let opaque = true;
  for (let i = 0; i < png.data.length; i += 4) {
    seen.add(png.data.readUInt32BE(i));
    if (png.data[i + 3] !== 255) opaque = false;
  }
  return { width: png.width, height: png.height, colours: seen.size, opaque };
}

// PNG export of very big graphs: the scale is lowered just enough to fit a canvas every browser draws.
import assert from 'node:assert/strict';
import { fittingScale } from '../../../src/renderer/image';

describe('fittingScale', () => {
  it('keeps the scale asked for when the image fits', () => {
    assert.equal(fittingScale(684, 488, 2), 2);
    assert.equal(fittingScale(684, 488, 3.5), 3.5);
  });
  it('lowers it for a graph wider than 16384 px at that scale, or over the area limit', () => {
    const s = fittingScale(10_079, 3_438, 2);
    assert.ok(s < 2 && Math.ceil(10_079 * s) <= 16_384, String(s));
    const a = fittingScale(9_000, 9_000, 2);
    assert.ok(Math.ceil(9_000 * a) ** 2 <= 16_384 * 16_384 / 2, String(a));
  });
  it('falls back to 2 for nonsense and caps at 8', () => {
    assert.equal(fittingScale(100, 100, Number.NaN), 2);
    assert.equal(fittingScale(100, 100, 50), 8);
  });
});

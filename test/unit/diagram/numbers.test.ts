import assert from 'node:assert/strict';
import { formatNumber, formatTensor } from '../../../src/diagram';

describe('formatNumber', () => {
  const cases: [Parameters<typeof formatNumber>[0], number, string][] = [
    [0.1 + 0.2, 4, '0.3'],
    [3, 4, '3'],
    [-12, 4, '-12'],
    [-0, 4, '0'],
    [0.7310585786300049, 4, '0.7311'],
    [0.7310585786300049, 2, '0.73'],
    [-0.19661193324148185, 2, '-0.2'],
    [0.39322386648296376, 2, '0.39'],
    [123456, 4, '123456'],
    [1234567.8, 4, '1235000'],
    [12345.678, 4, '12350'],
    [1e-7, 4, '1e-7'],
    [1.23456e-9, 3, '1.23e-9'],
    [6.02e23, 4, '6.02e23'],
    ['NaN', 4, 'NaN'],
    ['Infinity', 4, '∞'],
    ['-Infinity', 4, '-∞'],
    [NaN, 4, 'NaN'],
    [-Infinity, 4, '-∞'],
  ];
  for (const [x, p, expected] of cases) {
    it(`${String(x)} at ${p} digits → ${expected}`, () => assert.equal(formatNumber(x, p), expected));
  }
  it('defaults to 4 significant digits', () => assert.equal(formatNumber(Math.PI), '3.142'));
});

describe('formatTensor', () => {
  it('prints nested arrays', () => assert.equal(formatTensor([[1, 0.5], [-2, 'NaN']]), '[[1, 0.5], [-2, NaN]]'));
  it('elides long axes keeping the last element', () =>
    assert.equal(formatTensor([1, 2, 3, 4, 5, 6, 7, 8], { maxItems: 4 }), '[1, 2, 3, …, 8]'));
});

// Toy data sets for training, as scikit-learn's make_moons and make_circles
// draw them: n points in the plane, half in each class, Gaussian noise of the
// given standard deviation, shuffled. Drawn from the session's RNG, so `seed N`
// makes them reproducible. The points are a constant [n, 2] matrix, the labels
// (0 or 1) a constant [n] vector, read with labels(X).

import { Tensor, type Rng } from '../engine';

export type DatasetName = 'moons' | 'circles';

export interface Dataset { points: Tensor; labels: Tensor }

/** Scale of the inner circle in `circles` (scikit-learn's default factor). */
const CIRCLES_FACTOR = 0.8;

export function makeDataset(name: DatasetName, n: number, noise: number, rng: Rng): Dataset {
  const nOut = Math.floor(n / 2);
  const nIn = n - nOut;
  const xs = new Float64Array(2 * n);
  const ys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const outer = i < nOut;
    const k = outer ? i : i - nOut;
    let px: number, py: number;
    if (name === 'moons') {
      // Two interleaved half circles: the upper one around (0, 0), the lower around (1, 0.5).
      const t = Math.PI * (k / Math.max(1, (outer ? nOut : nIn) - 1));
      px = outer ? Math.cos(t) : 1 - Math.cos(t);
      py = outer ? Math.sin(t) : 0.5 - Math.sin(t);
    } else {
      // Two concentric circles, the inner one scaled down; no point repeated at 2π.
      const t = 2 * Math.PI * (k / (outer ? nOut : nIn));
      const r = outer ? 1 : CIRCLES_FACTOR;
      px = r * Math.cos(t);
      py = r * Math.sin(t);
    }
    xs[2 * i] = px;
    xs[2 * i + 1] = py;
    ys[i] = outer ? 0 : 1;
  }
  // Shuffled (Fisher–Yates), then the noise: the order of draws is fixed, so a seed fixes the set.
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [xs[2 * i], xs[2 * j]] = [xs[2 * j], xs[2 * i]];
    [xs[2 * i + 1], xs[2 * j + 1]] = [xs[2 * j + 1], xs[2 * i + 1]];
    [ys[i], ys[j]] = [ys[j], ys[i]];
  }
  if (noise > 0) for (let k = 0; k < xs.length; k++) xs[k] += noise * rng.normal();
  return { points: new Tensor([n, 2], xs), labels: new Tensor([n], ys) };
}

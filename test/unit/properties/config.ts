// Shared settings of the property tests: a fixed seed so `npm test` is
// reproducible, and a run count scaled by BPNB_FC_RUNS_SCALE (or BPNB_FC_RUNS,
// an absolute count for every property) for the larger run on demand:
// `npm run test:properties` runs 15× the default. A failing property prints its
// seed and counterexample path; replay it with BPNB_FC_SEED=<seed> (and the same scale).

import fc from 'fast-check';

export const SEED = Number(process.env.BPNB_FC_SEED ?? 20261126);
const SCALE = Number(process.env.BPNB_FC_RUNS_SCALE ?? 1);
const FIXED = process.env.BPNB_FC_RUNS === undefined ? undefined : Number(process.env.BPNB_FC_RUNS);

/** How many inputs a property runs: `base` in `npm test`, more in the larger run. */
export function runs(base: number): number {
  return FIXED ?? Math.max(1, Math.round(base * SCALE));
}

/** fc.assert with the project's seed and run count; fast-check's report (seed, path, counterexample) is kept. */
export function check<Ts>(property: fc.IProperty<Ts>, base: number): void {
  fc.assert(property, { seed: SEED, numRuns: runs(base) });
}

/** The same for asynchronous properties. */
export async function checkAsync<Ts>(property: fc.IAsyncProperty<Ts>, base: number): Promise<void> {
  await fc.assert(property, { seed: SEED, numRuns: runs(base) });
}

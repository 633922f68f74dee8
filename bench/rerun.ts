// Re-running a built graph (Graph.setLeaf + Graph.replay, then a sweep): the
// 1,000,000-node scalar chain against the flat tape building and
// differentiating it from nothing, and the tensor MLP against building and
// differentiating it directly. Timed interleaved, one run of each per round.

import * as chain from './chain';
import * as mlp from './mlp';
import { Samples, type Timing, gc } from './timing';

export interface RerunRow {
  name: string;
  /** What it is compared with. */
  baseline: string;
  base: Timing;
  replay: Timing;
}

function pairOf(runs: number, base: () => void, replay: () => void): [Timing, Timing] {
  const a = new Samples();
  const b = new Samples();
  base();
  replay();
  for (let r = 0; r < runs; r++) {
    if (r % 2 === 0) { a.run(base); b.run(replay); } else { b.run(replay); a.run(base); }
  }
  return [a.timing(), b.timing()];
}

export function rerunTable(nodes: number, runs: number, check: (what: string, ok: boolean) => void): RerunRow[] {
  gc();
  const replayChain = chain.oursReplay(nodes);
  for (let i = 0; i < 3; i++) { chain.flat(64); chain.oursReplay(64)(); }
  const expected = chain.expectedGrad(nodes);
  let flatGrad = NaN, replayGrad = NaN;
  const [flatT, chainT] = pairOf(runs, () => void (flatGrad = chain.flat(nodes)), () => void (replayGrad = replayChain()));
  check('chain: flat tape', Math.abs(flatGrad - expected) <= 1e-9 * expected);
  check('chain: replay', Math.abs(replayGrad - expected) <= 1e-9 * expected);
  gc();
  const data = mlp.makeData();
  const replayMlp = mlp.oursReplay(data);
  let direct: [number, number] = [NaN, NaN], again: [number, number] = [NaN, NaN];
  const [mlpT, mlpReplayT] = pairOf(Math.max(3, Math.round(runs / 2)), () => void (direct = mlp.ours(data)), () => void (again = replayMlp()));
  check('mlp: replay gives the direct loss and gradient', direct[0] === again[0] && direct[1] === again[1]);
  return [
    { name: `scalar chain, ${nodes.toLocaleString('en')} nodes: re-evaluate + backward`, baseline: 'flat tape, build + backward', base: flatT, replay: chainT },
    { name: `MLP ${mlp.BATCH} × ${mlp.IN} → ${mlp.HIDDEN} → ${mlp.OUT}: re-evaluate + backward`, baseline: 'ours, build + backward', base: mlpT, replay: mlpReplayT },
  ];
}

// The performance contract: a 100,000-line program parses, evaluates and
// differentiates in under a second, and parsing scales linearly. Times are CPU
// times of this process (less sensitive to other work on the machine than wall
// time), best of two runs. The default budget (1500 ms) leaves headroom for a
// loaded shared machine, where we measured 1.0–1.25 s with load average 16 on
// 2 cores; BPNB_LANG_PERF_BUDGET_MS=1000 checks the strict target.

import assert from 'node:assert/strict';
import { Session, parse } from '../../../src/lang';

const budgetMs = Number(process.env.BPNB_LANG_PERF_BUDGET_MS ?? 1500);

function chain(n: number): string {
  const lines = ['x0 = 0.5'];
  for (let i = 1; i < n; i++) lines.push(`x${i} = x${i - 1} * 0.999 + 0.001`);
  lines.push(`backward x${n - 1}`);
  return lines.join('\n');
}

function bestCpuMs(runs: number, f: () => void): number {
  let best = Infinity;
  for (let r = 0; r < runs; r++) {
    const start = process.cpuUsage();
    f();
    const d = process.cpuUsage(start);
    best = Math.min(best, (d.user + d.system) / 1000);
  }
  return best;
}

describe('lang: performance', function () {
  this.timeout(120_000);

  it(`runs a 100,000-line chain with backward within ${budgetMs} ms of CPU, with the right numbers`, () => {
    const source = chain(100_000);
    let result = new Session().run(source);
    const ms = bestCpuMs(2, () => { result = new Session().run(source); });
    assert.ok(result.ok, JSON.stringify(result.diagnostics.slice(0, 3)));
    // Oracle: the same recurrence in plain JS; d x_n / d x_0 = 0.999^(n-1).
    let x = 0.5;
    for (let i = 1; i < 100_000; i++) x = x * 0.999 + 0.001;
    assert.equal(result.variables.x99999.value, x);
    assert.ok(Math.abs((result.variables.x0.grad as number) - 0.999 ** 99_999) < 1e-15);
    assert.equal(result.graph!.nodes.length, 2000);
    console.log(`      100k-line chain: ${ms.toFixed(0)} ms CPU (parse, evaluate, backward, payload, 100k variables)`);
    assert.ok(ms < budgetMs, `took ${ms.toFixed(0)} ms of CPU, budget ${budgetMs} ms`);
  });

  it('parses in linear time (4x the lines takes well under 8x the time)', () => {
    const small = chain(25_000);
    const large = chain(100_000);
    parse(large); // warm up
    const ts = bestCpuMs(3, () => parse(small));
    const tl = bestCpuMs(2, () => parse(large));
    console.log(`      parse: 25k lines ${ts.toFixed(0)} ms, 100k lines ${tl.toFixed(0)} ms CPU`);
    assert.ok(tl < 8 * Math.max(ts, 1), `25k: ${ts} ms, 100k: ${tl} ms`);
  });
});

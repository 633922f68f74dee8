// The oracle for descend: PyTorch (CPU, float64) doing micrograd's demo from
// the same data and initial weights (bench/torchMlp.py) gives the same loss
// curve to ~1e-9. PyTorch is a prerequisite of npm test (test/prerequisites.mjs,
// .ci/run installs Debian's python3-torch): without it this test fails, saying why.

import assert from 'node:assert/strict';
import path from 'node:path';
import { modelSession, torchDescent, torchMissing } from '../../../bench/training';

describe('lang: descend against PyTorch', function () {
  this.timeout(60_000);

  it('micrograd\'s demo: the first 20 losses equal PyTorch float64\'s to 1e-9', () => {
    const missing = torchMissing();
    assert.equal(missing, undefined, `${missing}: install it with apt-get install -y python3-torch`);
    const s = modelSession(1337);
    const theirs = torchDescent(s, 20, [1, 0.1], 0, path.join(__dirname, '..', '..', '..', 'bench'));
    const ours = s.run('descend L lr 1.0 to 0.1 steps 20').descents![0].loss as number[];
    assert.equal(ours.length, 21);
    assert.equal(theirs.loss.length, 21);
    for (let k = 0; k < 21; k++) {
      const rel = Math.abs(ours[k] - theirs.loss[k]) / Math.abs(theirs.loss[k]);
      assert.ok(rel < 1e-9, `step ${k}: ours ${ours[k]}, PyTorch ${theirs.loss[k]} (relative difference ${rel})`);
    }
    assert.ok(ours[20] < ours[0] / 2, `the loss went down: ${ours[0]} → ${ours[20]}`);
  });
});

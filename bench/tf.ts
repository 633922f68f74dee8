// tfjs-core as the benchmarks use it: the CPU backend and the gradient
// registrations (tfjs-core alone has neither), imported once for every file.

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';

export { tf };

export async function useCpuBackend(): Promise<void> {
  // The CPU backend prints a banner suggesting tfjs-node on its first tensor; it is not our output.
  const warn = console.warn;
  const info = console.log;
  console.warn = () => undefined;
  console.log = () => undefined;
  try {
    await tf.setBackend('cpu');
    await tf.ready();
    tf.scalar(0).dispose();
  } finally {
    console.warn = warn;
    console.log = info;
  }
}

// Timing helpers. The machine these run on is shared, so wall-clock time
// includes waiting for a core; the primary figure is the process's CPU time
// (user + system, which also counts the garbage collector's helper threads),
// median of several runs. No forced collection before each run: after one the
// heap has shrunk, and the next run pays for growing it back (measured: a
// 0.7 ms run became 8-28 ms), which is not the engine's cost.

export interface Timing {
  /** Median CPU time of one run, ms. */
  medianMs: number;
  /** Fastest run (CPU), ms. */
  minMs: number;
  /** Median wall-clock time of one run, ms. */
  wallMs: number;
  runs: number;
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** The CPU and wall-clock times of one timed run, collected until summarized. */
export class Samples {
  readonly cpu: number[] = [];
  readonly wall: number[] = [];

  /** Times one call of `fn`. */
  run(fn: () => void): void {
    const c0 = cpuMs();
    const w0 = performance.now();
    fn();
    this.wall.push(performance.now() - w0);
    this.cpu.push(cpuMs() - c0);
  }

  get count(): number {
    return this.cpu.length;
  }

  timing(): Timing {
    return { medianMs: median(this.cpu), minMs: Math.min(...this.cpu), wallMs: median(this.wall), runs: this.cpu.length };
  }
}

/** Runs `fn` `warmup` times untimed, then `runs` times timed. */
export function time(fn: () => void, runs: number, warmup = 1): Timing {
  for (let i = 0; i < warmup; i++) fn();
  const samples = new Samples();
  for (let i = 0; i < runs; i++) samples.run(fn);
  return samples.timing();
}

export function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Collect garbage if node runs with --expose-gc. */
export function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Heap in use plus array buffers (where typed arrays live), in bytes. */
export function heapBytes(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

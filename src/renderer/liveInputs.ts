// Live inputs (spec §3): every scalar leaf of a drawn graph is a slider. The
// leaf's node in the drawing gets role `slider`, the leaf's name as its
// accessible name and its value as aria-valuenow; arrow keys step (Shift ×10,
// Alt ÷10), and a horizontal drag on the node scrubs the value (Alt for fine
// steps), as in Bret Victor's scrubbable numbers. A click without a drag still
// opens the node's details, and Enter/Space too.
//
// The controls only say what the person wants; the view re-evaluates and
// repaints, at most once per animation frame with the latest values
// (FrameCoalescer): a fast drag never queues work.
import type { LiveInput } from '../diagram/liveGraph';

/** Pixels of horizontal drag per step. */
const PX_PER_STEP = 4;
/** A pointer that moved less than this is a click (details), not a drag. */
const DRAG_THRESHOLD_PX = 3;

/**
 * The step of a leaf's slider: a tenth of its order of magnitude (at least
 * 0.1 for values under 1), so −2 moves by 0.1 and 50 by 1.
 */
export function stepFor(value: number): number {
  const magnitude = Math.max(1, Math.abs(value));
  return 10 ** (Math.floor(Math.log10(magnitude)) - 1);
}

/** `value + steps × step`, rounded to the step's decimals (no 0.30000000000000004 on screen or in the source). */
export function stepValue(value: number, step: number, steps: number): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  return Number((value + steps * step).toFixed(Math.min(decimals, 15)));
}

/** Runs the latest requested job once per animation frame; requests in between replace each other. */
export class FrameCoalescer {
  private job: (() => void) | undefined;
  private scheduled = false;

  constructor(private readonly schedule: (run: () => void) => void = (run) => requestAnimationFrame(run)) {}

  request(job: () => void): void {
    this.job = job;
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => {
      this.scheduled = false;
      const run = this.job;
      this.job = undefined;
      run?.();
    });
  }

  /** Runs a pending job now (tests; Apply wants the values on screen first). */
  flush(): void {
    const run = this.job;
    this.job = undefined;
    run?.();
  }
}

export interface LiveSliderHost {
  /** The person set a leaf to a value (payload node id). */
  change(id: string, value: number): void;
}

/**
 * Turns the leaf nodes of one drawing into sliders. `current` gives each
 * leaf's value now (the live value, or the cell's own).
 */
export function attachSliders(
  svg: SVGSVGElement,
  inputs: readonly LiveInput[],
  current: (id: string) => number,
  host: LiveSliderHost,
  signal: AbortSignal,
): Map<string, SVGGElement> {
  const sliders = new Map<string, SVGGElement>();
  for (const input of inputs) {
    const g = svg.querySelector<SVGGElement>(`g.node[data-payload-id="${CSS.escape(input.id)}"]`);
    if (!g) continue;
    sliders.set(input.id, g);
    g.setAttribute('role', 'slider');
    g.setAttribute('aria-label', input.name);
    g.setAttribute('aria-roledescription', 'input slider');
    g.setAttribute('aria-description', 'Arrow keys or drag to change; Shift for ×10, Alt for ÷10; Enter for details');
    g.classList.add('bpnb-live-input');
    setSliderValue(g, current(input.id));
    const step = stepFor(input.value);

    g.addEventListener('keydown', (e) => {
      const dir = e.key === 'ArrowRight' || e.key === 'ArrowUp' ? 1 : e.key === 'ArrowLeft' || e.key === 'ArrowDown' ? -1 : 0;
      if (dir === 0) return;
      e.preventDefault();
      e.stopPropagation(); // the viewport pans with the arrow keys otherwise
      const factor = e.shiftKey ? 10 : e.altKey ? 0.1 : 1;
      host.change(input.id, stepValue(current(input.id), step * factor, dir));
    }, { signal });

    // The click that ends a drag is not a click on the node (details).
    let dragged = false;
    g.addEventListener('click', (c) => {
      if (!dragged) return;
      dragged = false;
      c.stopPropagation();
      c.preventDefault();
    }, { capture: true, signal });
    g.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return;
      e.stopPropagation(); // not a pan of the viewport
      const startX = e.clientX;
      const startValue = current(input.id);
      dragged = false;
      const move = (m: PointerEvent) => {
        const dx = m.clientX - startX;
        if (!dragged && Math.abs(dx) < DRAG_THRESHOLD_PX) return;
        if (!dragged) {
          dragged = true;
          try {
            g.setPointerCapture(e.pointerId); // keep scrubbing when the pointer leaves the node
          } catch {
            // a synthetic pointer (tests) cannot be captured; the moves still arrive over the node
          }
          g.classList.add('bpnb-scrubbing');
        }
        const fine = m.altKey ? 0.1 : 1;
        host.change(input.id, stepValue(startValue, step * fine, Math.round(dx / PX_PER_STEP)));
      };
      const end = () => {
        g.removeEventListener('pointermove', move);
        g.removeEventListener('pointerup', end);
        g.removeEventListener('pointercancel', end);
        g.classList.remove('bpnb-scrubbing');
      };
      g.addEventListener('pointermove', move, { signal });
      g.addEventListener('pointerup', end, { signal });
      g.addEventListener('pointercancel', end, { signal });
    }, { signal });
  }
  return sliders;
}

/** The slider's ARIA value (its text on the node is painted with the rest). */
export function setSliderValue(g: Element, value: number): void {
  g.setAttribute('aria-valuenow', String(value));
  g.setAttribute('aria-valuetext', `${g.getAttribute('aria-label') ?? ''} = ${value}`);
}

// Zoom and pan for graphs bigger than the output: a viewport that clips, a
// canvas inside it moved with a CSS transform. Drag pans, ctrl/⌘ + wheel zooms
// around the pointer, the toolbar zooms in/out/fits.

const MAX_HEIGHT = 640;
const MIN_SCALE = 0.01;
const MAX_SCALE = 8;
/** The first view of a wide graph is fitted, but never smaller than this (text stays readable; pan for the rest). */
const FIRST_VIEW_MIN_SCALE = 0.5;

export class ZoomPan {
  scale = 1;
  private x = 0;
  private y = 0;
  private width = 0;
  private height = 0;
  private dragged = false;
  private readonly abort = new AbortController();

  constructor(readonly viewport: HTMLElement, readonly canvas: HTMLElement) {
    const signal = this.abort.signal;
    viewport.addEventListener('wheel', (e) => {
      if (!e.ctrlKey && !e.metaKey) return;
      e.preventDefault();
      const r = viewport.getBoundingClientRect();
      this.zoomBy(Math.exp(-e.deltaY * 0.002), e.clientX - r.left, e.clientY - r.top);
    }, { passive: false, signal });
    viewport.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return;
      const start = { px: e.clientX, py: e.clientY, x: this.x, y: this.y };
      this.dragged = false;
      const move = (m: PointerEvent) => {
        const dx = m.clientX - start.px;
        const dy = m.clientY - start.py;
        if (!this.dragged && Math.hypot(dx, dy) < 4) return;
        if (!this.dragged) viewport.setPointerCapture?.(e.pointerId);
        this.dragged = true;
        viewport.classList.add('bpnb-panning');
        this.x = start.x + dx;
        this.y = start.y + dy;
        this.apply();
      };
      const up = () => {
        viewport.removeEventListener('pointermove', move);
        viewport.removeEventListener('pointerup', up);
        viewport.removeEventListener('pointercancel', up);
        viewport.classList.remove('bpnb-panning');
      };
      viewport.addEventListener('pointermove', move, { signal });
      viewport.addEventListener('pointerup', up, { signal });
      viewport.addEventListener('pointercancel', up, { signal });
    }, { signal });
    // A drag must not end as a click on the node under the pointer.
    viewport.addEventListener('click', (e) => {
      if (this.dragged) {
        e.stopPropagation();
        e.preventDefault();
        this.dragged = false;
      }
    }, { capture: true, signal });
    viewport.addEventListener('keydown', (e) => {
      const step = 40;
      const keys: Record<string, () => void> = {
        '+': () => this.zoomBy(1.25), '=': () => this.zoomBy(1.25), '-': () => this.zoomBy(0.8), '0': () => this.fit(),
        ArrowLeft: () => this.panBy(step, 0), ArrowRight: () => this.panBy(-step, 0),
        ArrowUp: () => this.panBy(0, step), ArrowDown: () => this.panBy(0, -step),
      };
      const act = keys[e.key];
      if (act && !e.altKey && !e.ctrlKey && !e.metaKey) {
        e.preventDefault();
        act();
      }
    }, { signal });
  }

  /** A new drawing of `width` × `height` CSS pixels. keepView keeps the current zoom (re-render of the same graph). */
  setContent(width: number, height: number, keepView: boolean): void {
    this.width = width;
    this.height = height;
    if (!keepView) {
      this.x = 0;
      this.y = 0;
      this.scale = Math.max(Math.min(1, this.fitScale()), Math.min(1, FIRST_VIEW_MIN_SCALE));
    }
    this.apply();
  }

  get overflows(): boolean {
    return this.width * this.scale > this.viewportWidth() + 1 || this.height * this.scale > MAX_HEIGHT + 1;
  }

  zoomBy(factor: number, cx?: number, cy?: number): void {
    const s = clamp(this.scale * factor, MIN_SCALE, MAX_SCALE);
    const ox = cx ?? this.viewportWidth() / 2;
    const oy = cy ?? Math.min(this.height * this.scale, MAX_HEIGHT) / 2;
    // Keep the point under the pointer where it is.
    this.x = ox - ((ox - this.x) * s) / this.scale;
    this.y = oy - ((oy - this.y) * s) / this.scale;
    this.scale = s;
    this.apply();
  }

  panBy(dx: number, dy: number): void {
    this.x += dx;
    this.y += dy;
    this.apply();
  }

  /**
   * Pans, when needed, so that a box of the drawing (in screen pixels from
   * the drawing's top-left corner, as drawn at the current zoom) is in view:
   * centred on it if any of it is outside. Playback follows its current node.
   */
  reveal(left: number, top: number, width: number, height: number): void {
    const vw = this.viewportWidth();
    const vh = Math.min(this.height * this.scale, MAX_HEIGHT);
    const margin = 8;
    const inX = this.x + left >= margin && this.x + left + width <= vw - margin;
    const inY = this.y + top >= 0 && this.y + top + height <= vh;
    if (inX && inY) return;
    if (!inX) this.x = vw / 2 - (left + width / 2);
    if (!inY) this.y = vh / 2 - (top + height / 2);
    this.apply();
  }

  fit(): void {
    this.scale = clamp(this.fitScale(), MIN_SCALE, MAX_SCALE);
    this.x = Math.max(0, (this.viewportWidth() - this.width * this.scale) / 2);
    this.y = 0;
    this.apply();
  }

  dispose(): void {
    this.abort.abort();
  }

  private fitScale(): number {
    if (!this.width || !this.height) return 1;
    return Math.min(1.5, this.viewportWidth() / this.width, MAX_HEIGHT / this.height);
  }

  private viewportWidth(): number {
    return this.viewport.clientWidth || this.width;
  }

  private apply(): void {
    const h = Math.min(this.height * this.scale, MAX_HEIGHT);
    this.viewport.style.height = `${Math.ceil(h) + 2}px`;
    // Keep some of the drawing in view whatever the pan.
    const w = this.width * this.scale;
    const vw = this.viewportWidth();
    this.x = clamp(this.x, Math.min(0, vw - w - 20), Math.max(0, vw - 40));
    this.y = clamp(this.y, Math.min(0, h - this.height * this.scale - 20), Math.max(0, h - 40));
    this.canvas.style.transform = `translate(${this.x}px, ${this.y}px) scale(${this.scale})`;
    this.viewport.classList.toggle('bpnb-pannable', this.overflows);
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

// The playback controls of a graph output: ◀ Play ▶, the step slider, its
// label, the speed menu, the caption of the step shown, and the timer that
// plays the backward pass. Which steps there are and what each shows is
// playback.ts (no DOM); drawing a step is the view's (view.ts), through
// PlaybackHost.show.
import type { GraphPayload } from '../diagram/payload';
import { button, h } from './dom';
import { playbackSteps, stepCaption } from './playback';

/** One playback step at normal speed. */
const PLAY_INTERVAL_MS = 900;
/** The speed control's choices (factors of the normal pace). */
const SPEEDS = [0.5, 1, 2, 4];

/** What the controls read from and ask of their view. */
export interface PlaybackHost {
  payload(): GraphPayload;
  collapseGates(): boolean;
  /** Playback speed, a factor of the normal pace. */
  speed(): number;
  /** The speed menu changed (the view saves it with its state). */
  speedChanged(speed: number): void;
  precision: number | undefined;
  /** Draw the current step. */
  show(): Promise<void>;
}

export class PlaybackControls {
  /** The buttons, slider and speed menu (hidden when there is no backward pass to play). */
  readonly box = h('div', { class: 'bpnb-playback', role: 'group', 'aria-label': 'Backward pass, step by step' });
  readonly caption = h('div', { class: 'bpnb-caption', 'aria-live': 'polite' });
  /** Payload node ids in the backward sweep's order (playback.ts). */
  steps: string[];
  /** steps.length = the whole sweep shown, no highlight. */
  step: number;
  private playing: ReturnType<typeof setInterval> | undefined;
  private els: { slider?: HTMLInputElement; stepLabel?: HTMLElement; play?: HTMLButtonElement } = {};

  constructor(private readonly host: PlaybackHost) {
    this.steps = playbackSteps(host.payload(), host.collapseGates());
    this.step = this.steps.length;
    this.build();
  }

  /** The payload node handled at the current step (undefined: the finished sweep). */
  get current(): string | undefined {
    return this.step < this.steps.length ? this.steps[this.step] : undefined;
  }

  private build(): void {
    const n = this.steps.length;
    const box = this.box;
    if (n === 0) {
      box.hidden = true;
      return;
    }
    const slider = h('input', { type: 'range', min: '0', max: String(n), step: '1', value: String(n), 'aria-label': 'Backward step' });
    slider.addEventListener('input', () => this.goTo(Number(slider.value)));
    const play = button('Play', 'Play the backward pass', () => this.togglePlay(), { 'data-action': 'play' });
    const stepLabel = h('span', { class: 'bpnb-step' });
    const speed = h('select', { 'aria-label': 'Playback speed', title: 'Playback speed', 'data-action': 'speed' },
      ...SPEEDS.map((f) => h('option', { value: String(f), selected: f === this.host.speed() }, `${f}×`)));
    speed.addEventListener('change', () => this.setSpeed(Number(speed.value)));
    box.append(
      button('◀', 'Previous backward step', () => this.goTo(this.step === 0 ? 0 : this.step - 1), { 'data-action': 'prev' }),
      play,
      button('▶', 'Next backward step', () => this.goTo(this.step >= this.steps.length ? 0 : this.step + 1), { 'data-action': 'next' }),
      slider, stepLabel, speed,
    );
    this.els = { slider, stepLabel, play };
    this.update();
  }

  /** A collapsed call is one gate, so one step: the steps change with the gate collapsing; playback starts over at the finished sweep. */
  reset(): void {
    this.stop();
    this.steps = playbackSteps(this.host.payload(), this.host.collapseGates());
    this.step = this.steps.length;
    this.els.slider?.setAttribute('max', String(this.steps.length));
    this.update();
  }

  private setSpeed(speed: number): void {
    this.host.speedChanged(speed);
    if (this.playing) {
      clearInterval(this.playing);
      this.playing = undefined;
      this.startTimer();
    }
  }

  /** Moves playback to a step (steps.length = the finished sweep). */
  goTo(step: number): Promise<void> {
    this.step = Math.max(0, Math.min(this.steps.length, Math.round(step)));
    if (this.step >= this.steps.length) this.stop();
    this.update();
    return this.host.show();
  }

  private togglePlay(): void {
    if (this.playing) {
      this.stop();
      return;
    }
    if (this.step >= this.steps.length) void this.goTo(0);
    this.startTimer();
    this.update();
  }

  private startTimer(): void {
    this.playing = setInterval(() => {
      if (this.step >= this.steps.length - 1) {
        void this.goTo(this.steps.length);
        return;
      }
      void this.goTo(this.step + 1);
    }, PLAY_INTERVAL_MS / this.host.speed());
  }

  stop(): void {
    if (this.playing) clearInterval(this.playing);
    this.playing = undefined;
    this.update();
  }

  /** The slider, label, Play/Pause button and caption, for the current step and payload. */
  update(): void {
    const n = this.steps.length;
    const { slider, stepLabel, play } = this.els;
    if (!slider || !stepLabel || !play) return;
    slider.value = String(this.step);
    const text = this.step >= n ? `all ${n} steps` : `step ${this.step + 1} of ${n}`;
    stepLabel.textContent = text;
    slider.setAttribute('aria-valuetext', text);
    play.textContent = this.playing ? 'Pause' : 'Play';
    play.setAttribute('aria-label', this.playing ? 'Pause' : 'Play the backward pass');
    play.title = play.getAttribute('aria-label') ?? '';
    const lines = this.step < n ? stepCaption(this.host.payload(), this.steps, this.step, this.host.precision, this.host.collapseGates()) : [];
    this.caption.textContent = lines.join('\n');
  }
}

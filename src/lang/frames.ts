// The stack of user-gate calls being evaluated, and where an error inside
// them is reported: a problem in a gate defined in another cell is reported at
// the call written in this cell, naming the gates it went through.

import { EngineError, type NodeId } from '../engine';
import { LangError, type DiagnosticCode } from './diagnostics';
import { describePosition, type Span } from './span';
import type { GateDef } from './state';

export interface Frame {
  gate: GateDef;
  scope: Map<string, NodeId>;
  /** The call expression (in the source of the frame below). */
  callSpan: Span;
  /** The call's record in NodeNotes. */
  group: number;
}

export class CallStack {
  private readonly frames: Frame[] = [];

  /** `cell` and `run` identify the cell being run (its own gates were defined in this run). */
  constructor(private readonly cell: string | undefined, private readonly run: number) {}

  get depth(): number {
    return this.frames.length;
  }

  /** The innermost call, if any. */
  get top(): Frame | undefined {
    const n = this.frames.length;
    return n === 0 ? undefined : this.frames[n - 1]; // not frames[-1]: a lookup on the prototype chain, for every name read
  }

  push(frame: Frame): void {
    this.frames.push(frame);
  }

  pop(): void {
    this.frames.pop();
  }

  /** 'f → g → f' when calling `name` now would make a gate call itself, else undefined. */
  cycle(name: string): string | undefined {
    const at = this.frames.findIndex((f) => f.gate.name === name);
    return at < 0 ? undefined : [...this.frames.slice(at).map((f) => f.gate.name), name].join(' → ');
  }

  /** The cell the source being evaluated right now belongs to. */
  currentCell(): string | undefined {
    const f = this.top;
    return f ? f.gate.cell : this.cell;
  }

  /**
   * Where to report a problem at `span` (in the source being evaluated): there,
   * if that source is this cell; else at the outermost enclosing call written in this
   * cell, with the gate's name in the message.
   */
  site(span: Span, message: string): { span: Span; message: string } {
    let k = this.frames.length - 1;
    if (k < 0 || this.frames[k].gate.run === this.run) return { span, message };
    let where = span;
    const gates: string[] = [];
    while (k >= 0 && this.frames[k].gate.run !== this.run) {
      gates.unshift(this.frames[k].gate.name);
      where = this.frames[k].callSpan;
      k--;
    }
    const inner = this.frames[this.frames.length - 1].gate;
    return { span: where, message: `in gate '${gates.join("' → '")}' (its definition, ${describePosition(span)} of ${inner.cell ?? 'another cell'}): ${message}` };
  }

  /** The error for a problem at `span`, located by site(). */
  error(code: DiagnosticCode, message: string, span: Span): LangError {
    const s = this.site(span, message);
    return new LangError(code, s.message, s.span);
  }

  /** An EngineError as a located LangError (engine messages already name the op and both shapes); anything else unchanged. */
  fromEngine(err: unknown, span: Span): Error {
    if (err instanceof EngineError) {
      const code = (['E_SHAPE', 'E_ARITY', 'E_NOT_SCALAR', 'E_LIMIT', 'E_INDEX'] as const).find((c) => c === err.code) ?? 'E_ARGUMENT';
      return this.error(code, err.message, span);
    }
    return err instanceof Error ? err : new Error(String(err));
  }
}

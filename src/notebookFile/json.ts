// A JSON reader that knows where things are: the same values as JSON.parse,
// plus the 1-based line and column of a syntax error, and of every array
// element and object value (so the CLI can point at a cell's source line in
// the .bpnb file). Strings and numbers are validated here and then decoded by
// JSON.parse itself, so escapes and number rounding are exactly JSON's.

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface Position {
  /** 0-based offset into the text. */
  offset: number;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units like editors count. */
  column: number;
}

export class JsonSyntaxError extends Error {
  constructor(message: string, readonly position: Position) {
    super(message);
    this.name = 'JsonSyntaxError';
  }
}

export interface ParsedJson {
  value: JsonValue;
  /** Where each array element / object value starts, keyed by its container. */
  positions: WeakMap<object, Position[] | Record<string, Position>>;
  /** Position of an offset, for messages about a value found by path. */
  positionAt(offset: number): Position;
}

/**
 * Parses JSON text; throws JsonSyntaxError with a position. Handles a leading
 * BOM. Positions are kept for containers nested at most `positionDepth` deep
 * (the root is depth 0), which saves time on big payloads nobody points into.
 */
export function parseJson(text: string, positionDepth = Infinity): ParsedJson {
  return new Reader(text, positionDepth).parseDocument();
}

class Reader {
  private pos = 0;
  private lineStarts: number[] | undefined;
  readonly positions = new WeakMap<object, Position[] | Record<string, Position>>();

  constructor(private readonly text: string, private readonly positionDepth: number) {
    if (text.charCodeAt(0) === 0xfeff) this.pos = 1;
  }

  parseDocument(): ParsedJson {
    this.skipWs();
    if (this.pos >= this.text.length) this.fail('the file is empty: expected a JSON object');
    const value = this.parseValue(0);
    this.skipWs();
    if (this.pos < this.text.length) this.fail(`unexpected ${this.describe()} after the end of the JSON value`);
    return { value, positions: this.positions, positionAt: (o) => this.positionAt(o) };
  }

  positionAt(offset: number): Position {
    if (!this.lineStarts) {
      this.lineStarts = [0];
      for (let i = 0; i < this.text.length; i++) if (this.text.charCodeAt(i) === 0x0a) this.lineStarts.push(i + 1);
    }
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { offset, line: lo + 1, column: offset - starts[lo] + 1 };
  }

  private fail(message: string, at = this.pos): never {
    throw new JsonSyntaxError(message, this.positionAt(at));
  }

  private describe(): string {
    if (this.pos >= this.text.length) return 'end of file';
    const ch = this.text[this.pos];
    return /\s/.test(ch) ? `character U+${ch.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}` : `'${ch}'`;
  }

  // Raw line breaks can only be whitespace between tokens (a string may not
  // hold one), so counting them here keeps the current line up to date.
  private line = 1;
  private lineStart = 0;

  private skipWs(): void {
    const text = this.text;
    while (this.pos < text.length) {
      const c = text.charCodeAt(this.pos);
      if (c === 0x0a) {
        this.line++;
        this.lineStart = this.pos + 1;
      } else if (c !== 0x20 && c !== 0x09 && c !== 0x0d) break;
      this.pos++;
    }
  }

  /** The position of the current offset, which is always right after skipWs. */
  private here(): Position {
    return { offset: this.pos, line: this.line, column: this.pos - this.lineStart + 1 };
  }

  private parseValue(depth: number): JsonValue {
    // Iteration depth is bounded by the nesting of the file; 2,000 levels is
    // far beyond any notebook and keeps the stack safe.
    if (depth > 2000) this.fail('JSON nested too deeply');
    const ch = this.text[this.pos];
    switch (ch) {
      case '{': return this.parseObject(depth);
      case '[': return this.parseArray(depth);
      case '"': return this.parseString();
      case 't': return this.parseWord('true', true);
      case 'f': return this.parseWord('false', false);
      case 'n': return this.parseWord('null', null);
      default:
        if (ch === '-' || (ch >= '0' && ch <= '9')) return this.parseNumber();
        return this.fail(`unexpected ${this.describe()}: expected a JSON value`);
    }
  }

  private parseWord<T extends JsonValue>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.pos)) this.fail(`unexpected ${this.describe()}: expected a JSON value`);
    this.pos += word.length;
    return value;
  }

  private parseNumber(): number {
    // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
    const text = this.text;
    const start = this.pos;
    const digits = (): number => {
      const from = this.pos;
      while (this.pos < text.length && text.charCodeAt(this.pos) >= 0x30 && text.charCodeAt(this.pos) <= 0x39) this.pos++;
      return this.pos - from;
    };
    if (text[this.pos] === '-') this.pos++;
    if (text[this.pos] === '0') this.pos++;
    else if (digits() === 0) this.fail('invalid number: expected a digit');
    if (text[this.pos] === '.') {
      this.pos++;
      if (digits() === 0) this.fail('invalid number: expected a digit after the decimal point');
    }
    if (text[this.pos] === 'e' || text[this.pos] === 'E') {
      this.pos++;
      if (text[this.pos] === '+' || text[this.pos] === '-') this.pos++;
      if (digits() === 0) this.fail('invalid number: expected a digit in the exponent');
    }
    const next = text[this.pos];
    if (next !== undefined && /[0-9A-Za-z.+-]/.test(next)) this.fail(`invalid number: unexpected ${this.describe()}`);
    return Number(text.slice(start, this.pos));
  }

  private parseString(): string {
    const start = this.pos;
    this.pos++;
    let simple = true;
    while (true) {
      if (this.pos >= this.text.length) this.fail('unterminated string', start);
      const c = this.text.charCodeAt(this.pos);
      if (c === 0x22) break;
      if (c < 0x20) this.fail('control character in a string (write it as an escape such as \\n)');
      if (c === 0x5c) {
        simple = false;
        const e = this.text[this.pos + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.pos + 2, this.pos + 6))) this.fail('invalid \\u escape in a string');
          this.pos += 6;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) this.fail(`invalid escape '\\${e ?? ''}' in a string`);
        this.pos += 2;
        continue;
      }
      this.pos++;
    }
    this.pos++;
    const raw = this.text.slice(start + 1, this.pos - 1);
    return simple ? raw : (JSON.parse(this.text.slice(start, this.pos)) as string);
  }

  private parseArray(depth: number): JsonValue[] {
    this.pos++;
    const out: JsonValue[] = [];
    const record = depth <= this.positionDepth;
    const where: Position[] = [];
    this.skipWs();
    if (this.text[this.pos] === ']') {
      this.pos++;
      if (record) this.positions.set(out, where);
      return out;
    }
    while (true) {
      this.skipWs();
      if (record) where.push(this.here());
      out.push(this.parseValue(depth + 1));
      this.skipWs();
      const ch = this.text[this.pos];
      if (ch === ',') { this.pos++; continue; }
      if (ch === ']') { this.pos++; break; }
      this.fail(`unexpected ${this.describe()}: expected ',' or ']' in an array`);
    }
    if (record) this.positions.set(out, where);
    return out;
  }

  private parseObject(depth: number): { [key: string]: JsonValue } {
    this.pos++;
    const out: { [key: string]: JsonValue } = {};
    const record = depth <= this.positionDepth;
    const where: Record<string, Position> = Object.create(null) as Record<string, Position>;
    this.skipWs();
    if (this.text[this.pos] === '}') {
      this.pos++;
      if (record) this.positions.set(out, where);
      return out;
    }
    while (true) {
      this.skipWs();
      if (this.text[this.pos] !== '"') this.fail(`unexpected ${this.describe()}: expected a "quoted" property name`);
      const key = this.parseString();
      this.skipWs();
      if (this.text[this.pos] !== ':') this.fail(`unexpected ${this.describe()}: expected ':' after a property name`);
      this.pos++;
      this.skipWs();
      if (record) where[key] = this.here();
      const value = this.parseValue(depth + 1);
      // defineProperty, not assignment: a "__proto__" key must stay data, as in JSON.parse.
      if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      else out[key] = value;
      this.skipWs();
      const ch = this.text[this.pos];
      if (ch === ',') { this.pos++; continue; }
      if (ch === '}') { this.pos++; break; }
      this.fail(`unexpected ${this.describe()}: expected ',' or '}' in an object`);
    }
    if (record) this.positions.set(out, where);
    return out;
  }
}

/** JSON text with object keys sorted (by UTF-16 code units) at every level, two-space indent. */
export function stringifySorted(value: unknown): string {
  // Fast path: the platform's stringify, handed key-sorted copies. JavaScript
  // always enumerates integer-like keys ("2", "10") first in numeric order,
  // which is not string order, so objects with such keys take the slow path.
  let integerKeys = false;
  const text = JSON.stringify(value, function sortKeys(_key: string, v: unknown): unknown {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const keys = Object.keys(v).sort(compareKeys);
    const sorted = Object.create(null) as Record<string, unknown>; // no prototype: a "__proto__" key stays data
    for (const k of keys) {
      if (/^(?:0|[1-9]\d*)$/.test(k)) integerKeys = true;
      sorted[k] = (v as Record<string, unknown>)[k];
    }
    return sorted;
  }, 2);
  if (text === undefined) return 'null';
  return integerKeys ? stringifySlow(value, '') : text;
}

function stringifySlow(value: unknown, indent: string): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : 'null';
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return '[\n' + value.map((v) => inner + stringifySlow(v, inner)).join(',\n') + '\n' + indent + ']';
  }
  if (typeof value === 'object') {
    const keys = Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined).sort(compareKeys);
    if (keys.length === 0) return '{}';
    return '{\n' + keys.map((k) => `${inner}${JSON.stringify(k)}: ${stringifySlow((value as Record<string, unknown>)[k], inner)}`).join(',\n') + '\n' + indent + '}';
  }
  return 'null'; // functions, symbols, bigint: not JSON
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// The CLI's contact with the outside world, behind an interface so tests can
// run main() in-process with fake files and captured output.

import { chmodSync, closeSync, fsyncSync, openSync, readFileSync, readSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readFile(path: string): string;
  readStdin(): Promise<string>;
  /** Replaces the file's content in one step: readers see the old or the new text, never half. */
  writeFileAtomic(path: string, text: string | Uint8Array): void;
  /** Is there a folder at `path`? (`--out FOLDER`) */
  isDirectory(path: string): boolean;
}

export const nodeIo: CliIo = {
  stdout: (text) => writeOut(1, text),
  stderr: (text) => { process.stderr.write(text); },
  readFile: (path) => readFileSync(path, 'utf8'),
  readStdin: async () => readAll(0),
  writeFileAtomic,
  isDirectory: (path) => {
    try {
      return statSync(path).isDirectory();
    } catch {
      return false;
    }
  },
};

/**
 * Everything on a descriptor up to its end (standard input), read
 * synchronously: a process.stdin stream would set up its machinery for one read
 * of a program. A non-blocking descriptor with nothing to read yet answers
 * EAGAIN: wait a moment and read again (nothing read is lost).
 */
export function readAll(fd: number): string {
  const chunks: Buffer[] = [];
  for (;;) {
    const chunk = Buffer.allocUnsafe(1 << 20);
    let n: number;
    try {
      n = readSync(fd, chunk, 0, chunk.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') { Atomics.wait(pauseCell, 0, 0, 1); continue; }
      if (code === 'EOF') break; // Windows: the end of a pipe
      throw e;
    }
    if (n === 0) break;
    chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Standard output, written synchronously through one reused buffer.
 * process.stdout would take a pipe's output asynchronously: what the reader has
 * not taken yet waits in a queue (10 MB of buffers for a 100,000-line cell's
 * JSON). A blocking write hands each chunk on as it goes. A parent may have made
 * the descriptor non-blocking: then a full pipe answers EAGAIN, and the write
 * waits a moment and goes on. A reader that has gone (`bpnb run --json | head`)
 * ends the output quietly, as for any command line tool.
 */
export function writeOut(fd: number, text: string): void {
  if (closed.has(fd) || text.length === 0) return;
  const n = Buffer.byteLength(text, 'utf8');
  if (n > outBuffer.length) outBuffer = Buffer.allocUnsafe(n);
  outBuffer.write(text, 0, n, 'utf8');
  let done = 0;
  while (done < n) {
    try {
      done += writeSync(fd, outBuffer, done, n - done);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') Atomics.wait(pauseCell, 0, 0, 1); // 1 ms, then try again
      else if (code === 'EPIPE') { closed.add(fd); return; }
      else throw e;
    }
  }
}
let outBuffer = Buffer.allocUnsafe(1 << 16);
const closed = new Set<number>();
const pauseCell = new Int32Array(new SharedArrayBuffer(4));

/** Write a temporary file next to `path`, flush it, then rename it over `path`. */
export function writeFileAtomic(path: string, text: string | Uint8Array): void {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  let mode: number | undefined;
  try {
    mode = statSync(path).mode & 0o777;
  } catch {
    mode = undefined; // a new file
  }
  try {
    const fd = openSync(temp, 'wx', mode ?? 0o644);
    try {
      if (typeof text === 'string') writeSync(fd, text);
      else writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (mode !== undefined) chmodSync(temp, mode);
    renameSync(temp, path);
  } catch (e) {
    try { unlinkSync(temp); } catch { /* never created */ }
    throw e;
  }
}

/** An fs error as a short phrase: "no such file or directory", not a stack trace. */
export function describeFsError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const known: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EISDIR: 'is a directory',
    ENOTDIR: 'a part of the path is not a directory',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on device',
  };
  if (err && typeof err.code === 'string' && known[err.code]) return known[err.code];
  return err && typeof err.message === 'string' ? err.message.split('\n')[0] : String(e);
}

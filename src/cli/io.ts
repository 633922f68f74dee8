// The CLI's contact with the outside world, behind an interface so tests can
// run main() in-process with fake files and captured output.

import { chmodSync, closeSync, fsyncSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
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
  // A pipe takes output asynchronously: what it has not taken yet waits in a queue. A long
  // text goes there as bytes, outside the JavaScript heap, so the collector does not copy
  // megabytes of waiting strings again and again (`run --json` of a 100,000-line cell).
  stdout: (text) => { process.stdout.write(text.length > 4096 ? Buffer.from(text, 'utf8') : text); },
  stderr: (text) => { process.stderr.write(text); },
  readFile: (path) => readFileSync(path, 'utf8'),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
  writeFileAtomic,
  isDirectory: (path) => {
    try {
      return statSync(path).isDirectory();
    } catch {
      return false;
    }
  },
};

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

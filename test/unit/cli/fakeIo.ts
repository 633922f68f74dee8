// An in-memory CliIo for running main() in-process.

import type { CliIo } from '../../../src/cli/io';
import { main } from '../../../src/cli/main';

export interface FakeRun {
  status: number;
  stdout: string;
  stderr: string;
  files: Map<string, string>;
}

export async function runCli(argv: string[], files: Record<string, string> = {}, stdin = '', failWrites = false): Promise<FakeRun> {
  const fs = new Map(Object.entries(files));
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => { stdout += t; },
    stderr: (t) => { stderr += t; },
    readFile: (path) => {
      const text = fs.get(path);
      if (text === undefined) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' });
      return text;
    },
    readStdin: async () => stdin,
    // A folder is a key ending in '/': { 'out/': '' }.
    isDirectory: (path) => fs.has(path.replace(/\/?$/, '/')),
    writeFileAtomic: (path, text) => {
      if (failWrites) throw Object.assign(new Error('EROFS: read-only file system'), { code: 'EROFS' });
      fs.set(path, typeof text === 'string' ? text : Buffer.from(text).toString('base64'));
    },
  };
  const status = await main(argv, io);
  return { status, stdout, stderr, files: fs };
}

/** A canonical notebook from cells given as [kind, lines]. */
export function notebook(...cells: ['markdown' | 'code', string[]][]): string {
  const body = {
    bpnb: 1,
    cells: cells.map(([kind, source]) => (kind === 'code' ? { kind, outputs: [], source } : { kind, source })),
    metadata: {},
  };
  return JSON.stringify(body, null, 2) + '\n';
}

// The CLI's side of csv("…"): the data files a cell names, read from the
// notebook's folder (the folder of the .bpnb file, or the current folder for
// `bpnb run -`) before the cell runs. The language says which files
// (filesToRead) and turns what is found here into located errors.

import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { MAX_CSV_BYTES, type DataFile, type DataFiles } from '../lang/dataFiles';
import { describeFsError } from './io';

/** Reads each file (named as in the cell, relative to `folder`), never throwing. */
export function readDataFiles(paths: readonly string[], folder: string): DataFiles {
  const files: DataFiles = {};
  for (const path of paths) files[path] = readDataFile(resolve(folder, path), resolve(folder));
  return files;
}

function readDataFile(file: string, folder: string): DataFile {
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) return { problem: 'unreadable', detail: 'it is a folder' };
    if (stat.size > MAX_CSV_BYTES) return { problem: 'too-large', size: stat.size };
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(file)) };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { problem: 'missing', detail: folder };
    if (e instanceof TypeError) return { problem: 'unreadable', detail: 'it is not UTF-8 text' };
    return { problem: 'unreadable', detail: describeFsError(e) };
  }
}

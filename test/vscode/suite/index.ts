// The extensionTestsPath entry: VS Code loads this bundle in the extension
// host and awaits run(). The bundle holds mocha and every selected suite
// (test/vscode/suite/<area>/*.test.ts, bdd: describe/it). A rejected run()
// makes VS Code report exit code 1, so every failure ends up in the runner's
// exit status.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { suites } from 'bpnb:suites';

/** Written next to the bundle by the runner (absent under @vscode/test-electron). */
interface RunConfig {
  /** Mocha's --grep. */
  grep?: string;
  /** Per-test timeout in ms. */
  timeout?: number;
  /** Reporter output, one line at a time (the runner streams it to its stdout). */
  logFile?: string;
  /** { passed, failed, pending, failures: [{ title, message }] } when the run ends. */
  resultsFile?: string;
}

function readConfig(): RunConfig {
  const file = path.join(__dirname, 'bpnb-test-config.json');
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as RunConfig) : {};
}

export async function run(): Promise<void> {
  // Failure stacks point into the .ts files (the bundle carries an inline source map).
  process.setSourceMapsEnabled(true);
  const config = readConfig();
  const write = (line: string) => {
    if (config.logFile) fs.appendFileSync(config.logFile, line + '\n');
    else console.log(line);
  };
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: config.timeout ?? 60_000, grep: config.grep });
  // What `mocha.loadFiles()` does for files on disk, for files in the bundle.
  for (const s of suites) {
    mocha.suite.emit('pre-require', globalThis, s.file, mocha);
    mocha.suite.emit('require', s.load(), s.file, mocha);
    mocha.suite.emit('post-require', globalThis, s.file, mocha);
  }
  if (suites.length === 0) throw new Error('No test suites were bundled (check BPNB_SUITE).');

  const failures: { title: string; message: string }[] = [];
  let passed = 0;
  let pending = 0;
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    let depth = 0;
    runner.on('suite', (s: Mocha.Suite) => {
      if (!s.root) write(`${'  '.repeat(depth)}${s.title}`);
      if (!s.root) depth++;
    });
    runner.on('suite end', (s: Mocha.Suite) => {
      if (!s.root) depth--;
    });
    runner.on('pass', (t: Mocha.Test) => {
      passed++;
      write(`${'  '.repeat(depth)}✔ ${t.title} (${t.duration ?? 0} ms)`);
    });
    runner.on('pending', (t: Mocha.Test) => {
      pending++;
      write(`${'  '.repeat(depth)}- ${t.title} (pending)`);
    });
    runner.on('fail', (t: Mocha.Runnable, err: Error) => {
      failures.push({ title: t.fullTitle(), message: err?.stack ?? String(err) });
      write(`${'  '.repeat(depth)}✖ ${t.title}`);
    });
  });
  write('');
  write(`${passed} passing, ${failures.length} failing${pending ? `, ${pending} pending` : ''}`);
  failures.forEach((f, i) => write(`\n${i + 1}) ${f.title}\n${f.message}`));
  if (config.resultsFile) {
    fs.writeFileSync(config.resultsFile, JSON.stringify({ passed, failed: failures.length, pending, failures }, null, 2));
  }
  if (failures.length > 0) throw new Error(`${failures.length} extension-host test(s) failed.`);
}

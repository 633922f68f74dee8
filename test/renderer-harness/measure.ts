// Render time in the harness (headless Chromium, no VS Code): from
// renderOutputItem to the SVG in the output, median of N runs.
// Run: npx tsx test/renderer-harness/measure.ts [runs]
import { chain, lectureAdd, lectureSigmoid } from './fixtures';
import { launch, openPage } from './harness';

declare const harness: { render(id: string, payload: unknown): Promise<void> };

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 10);
  const browser = await launch();
  try {
    const page = await openPage(browser);
    const cases = { 'lecture (x+y)z': lectureAdd(), 'lecture sigmoid neuron': lectureSigmoid(), 'chain of 74 ops (149 nodes)': chain(74) };
    for (const [name, payload] of Object.entries(cases)) {
      const times: number[] = [];
      for (let i = 0; i < runs + 1; i++) {
        const ms = await page.evaluate(async (json) => {
          const t0 = performance.now();
          await harness.render('m', JSON.parse(json));
          if (!document.querySelector('#out-m svg')) throw new Error('no SVG');
          return performance.now() - t0;
        }, JSON.stringify(payload));
        if (i > 0) times.push(ms); // the first run warms Mermaid up
      }
      times.sort((a, b) => a - b);
      console.log(`${name}: median ${times[Math.floor(times.length / 2)].toFixed(0)} ms (min ${times[0].toFixed(0)}, max ${times[times.length - 1].toFixed(0)}, ${runs} runs)`);
    }
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

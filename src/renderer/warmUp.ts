// A first Mermaid drawing off screen, when the output webview is idle: Mermaid
// initializes, the layout code is compiled and the fonts are measured before
// the first graph arrives (called by the notebook preload, preload.ts).
import { drawMermaid } from './draw';
import { currentTheme } from './theme';

let warmed: Promise<void> | undefined;

export function warmUp(): Promise<void> {
  warmed ??= new Promise<void>((resolve) => {
    const go = () => {
      drawMermaid('flowchart LR\n  a["x<br/>-2"] --> b(("+"))\n', currentTheme()).then(() => resolve(), () => resolve());
    };
    // Soon after the notebook opens: a person presses Run All within a second or two.
    if (typeof requestIdleCallback === 'function') requestIdleCallback(go, { timeout: 300 });
    else setTimeout(go, 50);
  });
  return warmed;
}

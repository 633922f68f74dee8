// What an output frame of the real workbench holds, for the security suites:
// whether a payload ran (it would set window[FLAG]), the active elements in
// bpnb's outputs and in Markdown previews, all the text, and each bpnb graph.
import type { Frame } from 'playwright-core';

/** The global a hostile payload would set if it ran. */
export const FLAG = '__bpnbPwned';

export interface FrameReport {
  url: string;
  flag: unknown;
  /** Active elements in the outputs (bpnb graphs, error outputs): must stay empty. */
  active: string[];
  /** Active elements in Markdown cell previews (VS Code's own Markdown renderer). */
  markdownActive: string[];
  text: string;
  graphs: { nodes: number; text: string; notes: string }[];
}

/**
 * What one frame holds: the flag, active elements (in the document's outputs and
 * in every shadow root; VS Code's own scripts sit directly in <head> and <body>),
 * the text of everything, and each bpnb graph.
 */
export async function inspect(frame: Frame): Promise<FrameReport | undefined> {
  return frame.evaluate((flag) => {
    const w = window as unknown as Record<string, unknown>;
    const body = document.body;
    if (!body) return undefined;
    const ACTIVE = 'script, iframe, object, embed, [onload], [onerror], [onclick], [onmouseover], [onfocus], a[href^="javascript:" i], [src^="javascript:" i]';
    const active: string[] = [];
    const markdownActive: string[] = [];
    const texts: string[] = [body.innerText];
    for (const el of Array.from(body.querySelectorAll(ACTIVE))) {
      if (el.localName === 'script' && (el.parentElement === body || el.parentElement === document.head)) continue;
      if (el.id === 'active-frame' || el.id === 'pending-frame') continue; // the workbench's own webview frames
      active.push(el.outerHTML.slice(0, 120));
    }
    const roots: ShadowRoot[] = [];
    for (const el of Array.from(document.querySelectorAll('*'))) if (el.shadowRoot) roots.push(el.shadowRoot);
    for (let i = 0; i < roots.length; i++) {
      const root = roots[i];
      for (const el of Array.from(root.querySelectorAll('*'))) if (el.shadowRoot) roots.push(el.shadowRoot);
      const copy = document.createElement('div');
      copy.append(...Array.from(root.childNodes).map((n) => n.cloneNode(true)));
      copy.querySelectorAll('style').forEach((st) => st.remove());
      texts.push(copy.textContent ?? '');
      const list = root.host.classList.contains('preview') ? markdownActive : active;
      for (const el of Array.from(root.querySelectorAll(ACTIVE))) list.push(el.outerHTML.slice(0, 120));
    }
    const graphs = Array.from(body.querySelectorAll('.bpnb-output')).map((o) => {
      const svg = o.querySelector('svg[role="img"]');
      const copy = svg?.cloneNode(true) as SVGSVGElement | undefined;
      copy?.querySelectorAll('style').forEach((st) => st.remove());
      return { nodes: svg ? svg.querySelectorAll('g.node').length : -1, text: copy?.textContent ?? '', notes: (o as HTMLElement).innerText };
    });
    return { url: location.href, flag: w[flag], active, markdownActive, text: texts.join('\n'), graphs };
  }, FLAG).catch((e: unknown) => { if (process.env.BPNB_SECURITY_DEBUG) console.log('inspect failed:', String(e).slice(0, 300)); return undefined; });
}


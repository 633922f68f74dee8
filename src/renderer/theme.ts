// Which VS Code theme the output webview shows (the classes VS Code puts on
// <body>), and the Mermaid configuration for it.
import type { MermaidConfig } from 'mermaid';

export type ThemeKind = 'light' | 'dark' | 'hc-dark' | 'hc-light';

export function currentTheme(body: HTMLElement = document.body): ThemeKind {
  const c = body.classList;
  if (c.contains('vscode-high-contrast-light')) return 'hc-light';
  if (c.contains('vscode-high-contrast')) return 'hc-dark';
  if (c.contains('vscode-dark')) return 'dark';
  return 'light';
}

export const FONT_FAMILY = '"Segoe UI", "Helvetica Neue", Arial, sans-serif';

/**
 * Mermaid settings for a theme. High contrast uses 'base' with strong colours and thick lines.
 * `textLabels`: SVG <text> labels instead of HTML in <foreignObject> (image export: files that
 * Inkscape, librsvg and a canvas draw the same), with no wrapping (each label line is one row).
 */
export function mermaidConfig(theme: ThemeKind, textLabels = false): MermaidConfig {
  const common: MermaidConfig = {
    startOnLoad: false,
    securityLevel: 'strict',
    fontFamily: FONT_FAMILY,
    maxTextSize: 2_000_000,
    maxEdges: 20_000,
    // On screen src/diagram's labels are HTML (<br/>, <font color>), so HTML labels stay on.
    htmlLabels: !textLabels,
    flowchart: {
      useMaxWidth: false, htmlLabels: !textLabels, curve: 'basis', nodeSpacing: 30, rankSpacing: 45, padding: 8,
      ...(textLabels ? { wrappingWidth: 100_000 } : {}),
    },
  };
  switch (theme) {
    case 'dark':
      return { ...common, theme: 'dark' };
    case 'hc-dark':
      return { ...common, theme: 'base', themeVariables: highContrast(true, '#000000', '#ffffff', '#6fc3df', '#f38518') };
    case 'hc-light':
      return { ...common, theme: 'base', themeVariables: highContrast(false, '#ffffff', '#000000', '#0f4a85', '#b5200d') };
    default:
      return { ...common, theme: 'default' };
  }
}

/** The background an exported image gets: the editor's, else the theme's default. */
export function exportBackground(theme: ThemeKind): string {
  const v = getComputedStyle(document.body).getPropertyValue('--vscode-editor-background').trim();
  if (v) return v;
  return theme === 'dark' ? '#1e1e1e' : theme === 'hc-dark' ? '#000000' : '#ffffff';
}

/** Calls `onChange` whenever the body's theme class changes; returns the disconnect. */
export function watchTheme(onChange: (t: ThemeKind) => void): () => void {
  let last = currentTheme();
  const obs = new MutationObserver(() => {
    const now = currentTheme();
    if (now !== last) {
      last = now;
      onChange(now);
    }
  });
  obs.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  return () => obs.disconnect();
}

/** Mermaid 'base' theme variables for a high-contrast theme: one background, one foreground, borders, an accent. */
function highContrast(darkMode: boolean, background: string, foreground: string, border: string, accent: string): Record<string, unknown> {
  return {
    darkMode, background, primaryColor: background, primaryTextColor: foreground,
    primaryBorderColor: border, lineColor: foreground, textColor: foreground, mainBkg: background,
    nodeBorder: border, clusterBkg: background, clusterBorder: accent, edgeLabelBackground: background,
    fontFamily: FONT_FAMILY,
  };
}

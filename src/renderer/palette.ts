// Node colours per theme. src/diagram colours nodes for a light page
// (classDef fills, dark text). Mermaid writes those colours inline with
// `!important`, which no stylesheet can beat. themeableNodes() routes each
// inline fill, stroke and text colour through a CSS variable, with the
// original colour as its fallback. paletteCss() then sets the variables for
// dark and high-contrast themes and for playback's current node. The same CSS
// goes into exported SVGs, so an export looks like the screen.
import type { ThemeKind } from './theme';

interface Colours { fill: string; stroke: string; text?: string }
interface Palette {
  input: Colours; const: Colours; gate: Colours; usergate: Colours; note: Colours;
  text: string; value: string; grad: string; tangent: string;
}

const PALETTES: Partial<Record<ThemeKind, Palette>> = {
  dark: {
    input: { fill: '#1b3249', stroke: '#64b5f6' },
    const: { fill: '#2a2a2a', stroke: '#8a8a8a', text: '#bdbdbd' },
    gate: { fill: '#3a3120', stroke: '#f9a825' },
    usergate: { fill: '#35203d', stroke: '#ce93d8' },
    note: { fill: 'none', stroke: '#8a8a8a', text: '#aaaaaa' },
    text: '#e8e8e8', value: '#81c784', grad: '#ef9a9a', tangent: '#90caf9',
  },
  'hc-dark': {
    input: { fill: '#000000', stroke: '#6fc3df' },
    const: { fill: '#000000', stroke: '#ffffff' },
    gate: { fill: '#000000', stroke: '#f38518' },
    usergate: { fill: '#000000', stroke: '#c586c0' },
    note: { fill: 'none', stroke: '#ffffff' },
    text: '#ffffff', value: '#89d185', grad: '#f48771', tangent: '#75beff',
  },
  'hc-light': {
    input: { fill: '#ffffff', stroke: '#0f4a85' },
    const: { fill: '#ffffff', stroke: '#000000' },
    gate: { fill: '#ffffff', stroke: '#8f3f00' },
    usergate: { fill: '#ffffff', stroke: '#6a1b9a' },
    note: { fill: 'none', stroke: '#000000' },
    text: '#000000', value: '#1b5e20', grad: '#b71c1c', tangent: '#0d47a1',
  },
};

/** Playback's current node, in every theme: the lecture's highlighter, yellow with a red ring. */
/** On dark pages: a bright yellow ring, the fill left as it is. */
const CURRENT_DARK_RING = '#ffd600';
const CURRENT = { fill: '#fff59d', stroke: '#d50000', text: '#111111', value: '#1b5e20', grad: '#b71c1c', tangent: '#0d47a1' };

/**
 * The CSS for all themes. `scope` is the selector of the drawing's <svg> (its
 * data-theme attribute is added to it): '.bpnb-output svg' in the page, 'svg'
 * in an exported file.
 */
export function paletteCss(scope: string): string {
  const rules: string[] = [];
  for (const [theme, p] of Object.entries(PALETTES) as [ThemeKind, Palette][]) {
    const s = `${scope}[data-theme="${theme}"]`;
    rules.push(`${s} g.node { --bpnb-text: ${p.text}; }`);
    for (const kind of ['input', 'const', 'gate', 'usergate', 'note'] as const) {
      const c = p[kind];
      rules.push(`${s} g.node.${kind} { --bpnb-fill: ${c.fill}; --bpnb-stroke: ${c.stroke};${c.text ? ` --bpnb-text: ${c.text};` : ''} }`);
    }
    rules.push(`${s} g.node font.bpnb-value { color: ${p.value}; }`);
    rules.push(`${s} g.node font.bpnb-grad { color: ${p.grad}; }`);
    rules.push(`${s} g.node font.bpnb-tangent { color: ${p.tangent}; }`);
  }
  // Later and more specific than the theme rules above. On dark pages only the
  // ring changes: label text that spills out of a circle must stay light.
  const cur = `${scope}[data-theme] g.node.bpnb-current.bpnb-current`;
  rules.push(`${cur} { --bpnb-fill: ${CURRENT.fill}; --bpnb-stroke: ${CURRENT.stroke}; --bpnb-text: ${CURRENT.text}; }`);
  rules.push(`${cur} :is(rect, circle, ellipse, polygon, path) { stroke-width: 4px !important; }`);
  rules.push(`${cur} font.bpnb-value { color: ${CURRENT.value}; }`);
  rules.push(`${cur} font.bpnb-grad { color: ${CURRENT.grad}; }`);
  rules.push(`${cur} font.bpnb-tangent { color: ${CURRENT.tangent}; }`);
  for (const theme of ['dark', 'hc-dark'] as const) {
    const p = PALETTES[theme] as Palette;
    const dark = `${scope}[data-theme="${theme}"] g.node.bpnb-current.bpnb-current.bpnb-current`;
    rules.push(`${dark} { --bpnb-fill: ${p.gate.fill}; --bpnb-stroke: ${CURRENT_DARK_RING}; --bpnb-text: ${p.text}; }`);
    for (const kind of ['input', 'const', 'usergate'] as const) rules.push(`${dark}.${kind} { --bpnb-fill: ${p[kind].fill}; }`);
    rules.push(`${dark} font.bpnb-value { color: ${p.value}; }`);
    rules.push(`${dark} font.bpnb-grad { color: ${p.grad}; }`);
    rules.push(`${dark} font.bpnb-tangent { color: ${p.tangent}; }`);
  }
  // Gradients the backward sweep has not reached yet (playback).
  rules.push(`${scope} g.node.bpnb-pending .bpnb-grad { visibility: hidden; }`);
  return rules.join('\n');
}

/**
 * Routes the inline fill/stroke of node shapes and the inline text colour of
 * their labels through --bpnb-fill / --bpnb-stroke / --bpnb-text, keeping
 * the original colour as the fallback (what the light theme shows).
 */
export function themeableNodes(svg: SVGSVGElement): void {
  for (const g of Array.from(svg.querySelectorAll<SVGGElement>('g.node'))) {
    for (const el of Array.from(g.querySelectorAll<SVGElement | HTMLElement>('[style]'))) {
      const st = el.style;
      const inLabel = el.closest('.label') !== null;
      for (const [prop, variable] of inLabel ? [['color', '--bpnb-text']] : [['fill', '--bpnb-fill'], ['stroke', '--bpnb-stroke'], ['color', '--bpnb-text']]) {
        const value = st.getPropertyValue(prop);
        if (value && !value.includes('var(')) st.setProperty(prop, `var(${variable}, ${value})`, st.getPropertyPriority(prop));
      }
    }
  }
}

/** The colours of a node's value, gradient and tangent lines in a theme (light: the diagram's own). */
export function labelColours(theme: ThemeKind, light: { value: string; grad: string; tangent: string }): { value: string; grad: string; tangent: string } {
  const p = PALETTES[theme];
  return p ? { value: p.value, grad: p.grad, tangent: p.tangent } : light;
}

/**
 * Writes the theme's node colours into the shapes' and labels' inline styles
 * (image export). Exported files must look right without CSS variables, which
 * not every SVG viewer understands. Light (no palette) keeps the diagram's colours.
 */
export function bakePalette(svg: SVGSVGElement, theme: ThemeKind): void {
  const p = PALETTES[theme];
  if (!p) return;
  for (const g of Array.from(svg.querySelectorAll<SVGGElement>('g.node'))) {
    const kind = (['input', 'const', 'gate', 'usergate', 'note'] as const).find((k) => g.classList.contains(k));
    const c = kind ? p[kind] : undefined;
    for (const el of Array.from(g.querySelectorAll<SVGElement>('rect, circle, ellipse, polygon, path'))) {
      if (el.closest('.label') || !c) continue;
      el.style.setProperty('fill', c.fill, 'important');
      el.style.setProperty('stroke', c.stroke, 'important');
    }
    for (const t of Array.from(g.querySelectorAll<SVGElement>('.label text'))) t.style.setProperty('fill', c?.text ?? p.text, 'important');
  }
}

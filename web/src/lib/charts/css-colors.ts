import type { ChartColors } from '#lib/charts/chart-options.ts';

export const LINE_COUNT = 6;

/**
 * Resolves CSS colours the way the page paints them. A custom property reads back as its
 * text ("light-dark(#0d7a72, #3cc7b6)"), which a canvas cannot use; the computed `color`
 * of an element painted with it is a plain rgb() in the current theme.
 */
export function readColors(root: HTMLElement): ChartColors {
  const probe = document.createElement('span');
  probe.style.display = 'none';
  root.appendChild(probe);
  const read = (name: string) => {
    probe.style.color = `var(${name})`;
    return getComputedStyle(probe).color;
  };
  try {
    return {
      lines: Array.from({ length: LINE_COUNT }, (_, i) => read(`--chart-line-${i + 1}`)),
      axis: read('--text-muted'),
      grid: read('--border'),
    };
  } finally {
    probe.remove();
  }
}

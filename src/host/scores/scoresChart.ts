/**
 * A small line chart of scores over attempts for the scores page, drawn from numbers only in the
 * theme's colours (media/scores.css). It is an image with a text alternative; the table beside it
 * holds the same figures. No VS Code here: unit tests draw it directly.
 */
import { escapeHtml } from '../../core/markdown/markdown';
import { exactPercent } from '../../core/module/grading';
import type { AttemptPoint } from '../../core/scores/analytics';

/** The chart's box, in SVG user units. */
export const CHART_BOX = { width: 320, height: 110, left: 30, right: 10, top: 10, bottom: 20 } as const;

/** The score as drawn: the exact percent, for placing a point only (every figure in words is `percentOf`'s). */
function drawnPercent(point: AttemptPoint): number {
  return exactPercent(point.result.earned, point.result.possible);
}

/** `points` oldest first; `label` says in words what the chart shows. */
export function scoresChart(points: readonly AttemptPoint[], passing: number | undefined, label: string): string {
  const { width, height, left, right, top, bottom } = CHART_BOX;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const x = (i: number) => left + (points.length === 1 ? plotW / 2 : (i / (points.length - 1)) * plotW);
  // A value outside 0-100 (a damaged record, a passing score of 150) is drawn at the edge, never outside the box.
  const y = (percent: number) => top + plotH - (Math.max(0, Math.min(100, Number.isNaN(percent) ? 0 : percent)) / 100) * plotH;
  const grid = [0, 50, 100]
    .map((v) => `<line class="grid" x1="${left}" x2="${width - right}" y1="${y(v)}" y2="${y(v)}"/><text class="axis" x="${left - 4}" y="${y(v) + 4}" text-anchor="end">${v}</text>`)
    .join('');
  const pass = passing === undefined ? '' : `<line class="pass" x1="${left}" x2="${width - right}" y1="${y(passing)}" y2="${y(passing)}"/>`;
  const full = points.map((p, i) => [p, i] as const).filter(([p]) => p.kind === 'full');
  const line = full.length > 1 ? `<polyline class="line" points="${full.map(([p, i]) => `${x(i).toFixed(1)},${y(drawnPercent(p)).toFixed(1)}`).join(' ')}"/>` : '';
  const dots = points
    .map((p, i) => `<circle class="${p.kind === 'full' ? 'dot' : 'dot practice'}" cx="${x(i).toFixed(1)}" cy="${y(drawnPercent(p)).toFixed(1)}" r="3.5"/>`)
    .join('');
  return `<svg class="chart" role="img" aria-label="${escapeHtml(label)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" focusable="false"><title>${escapeHtml(label)}</title>${grid}${pass}${line}${dots}</svg>`;
}

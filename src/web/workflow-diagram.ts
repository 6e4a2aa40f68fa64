import type { WorkflowDescription } from '../moves/workflow-descriptions.js';
import { humanise } from './forms.js';

const BOX = { width: 140, height: 56, gap: 120 };
const escape = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A workflow drawn as an SVG from its machine's description: states left to right in the order
 * the machine declares them, forward moves as arrows between neighbours, other moves as arcs
 * (backwards below, skipping forwards above), and the current state filled. It is made here, on
 * the server, so it needs no script and no outside service, and it changes when the machine does.
 */
export function workflowDiagram(workflow: WorkflowDescription, current: string): string {
  const states = workflow.states;
  const index = new Map(states.map((state, i) => [state.name, i]));
  const width = states.length * BOX.width + (states.length - 1) * BOX.gap + 20;
  // Room above the boxes only when some move skips forwards, and below only when some goes back.
  const moves = states.flatMap((state) => state.transitions.map((move) => ({ from: index.get(state.name)!, to: index.get(move.to) })));
  const skipsForward = moves.some(({ from, to }) => to !== undefined && to > from + 1);
  const goesBack = moves.some(({ from, to }) => to !== undefined && to < from);
  const rise = 24 + states.length * 14 + 30;
  const top = skipsForward ? rise : 10;
  const height = top + BOX.height + (goesBack ? rise : 10);
  const x = (i: number) => 10 + i * (BOX.width + BOX.gap);
  const parts: string[] = [];
  let arcs = 0;
  // Arcs meet a box at spread-out points along its top or bottom edge, so arrows into one state stay apart.
  const used = new Map<string, number>();
  const port = (i: number, below: boolean) => {
    const key = `${i}${below}`;
    const n = used.get(key) ?? 0;
    used.set(key, n + 1);
    return x(i) + BOX.width / 2 + [0, -28, 28, -56, 56][n % 5];
  };
  for (const state of states) {
    const from = index.get(state.name)!;
    for (const move of state.transitions) {
      const to = index.get(move.to);
      if (to === undefined || to === from) continue;
      const label = escape(humanise(move.event));
      if (to === from + 1) {
        const y = top + BOX.height / 2;
        parts.push(`<line x1="${x(from) + BOX.width}" y1="${y}" x2="${x(to) - 4}" y2="${y}" class="move" marker-end="url(#arrow)"/>`);
        parts.push(`<text x="${x(from) + BOX.width + BOX.gap / 2}" y="${y - 8}" class="move-label">${label}</text>`);
      } else {
        const below = to < from;
        const startX = port(from, below);
        const endX = port(to, below);
        const edgeY = below ? top + BOX.height : top;
        // Longer moves arc higher, so arcs that share a state do not lie on top of each other.
        const bend = (below ? 1 : -1) * (24 + Math.abs(to - from) * 14 + (arcs++ % 2) * 8);
        parts.push(
          `<path d="M ${startX} ${edgeY} C ${startX} ${edgeY + bend}, ${endX} ${edgeY + bend}, ${endX} ${edgeY + (below ? 4 : -4)}" class="move" marker-end="url(#arrow)"/>`,
        );
        // A cubic curve with both control points at the bend peaks at three quarters of it.
        parts.push(`<text x="${(startX + endX) / 2}" y="${edgeY + bend * 0.75 + (below ? 14 : -5)}" class="move-label">${label}</text>`);
      }
    }
  }
  const boxes = states.map((state, i) => {
    const here = state.name === current;
    return `<g class="state${here ? ' state--current' : ''}"><rect x="${x(i)}" y="${top}" width="${BOX.width}" height="${BOX.height}" rx="6"/><text x="${x(i) + BOX.width / 2}" y="${top + BOX.height / 2 + 6}">${escape(humanise(state.name))}${here ? ' (now)' : ''}</text></g>`;
  });
  const summary = `States, in order: ${states.map((state) => humanise(state.name)).join(', ')}. It is now ${humanise(current).toLowerCase()}.`;
  return [
    `<svg class="app-workflow-diagram" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escape(summary)}" xmlns="http://www.w3.org/2000/svg">`,
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#0b0c0c"/></marker></defs>`,
    ...parts,
    ...boxes,
    '</svg>',
  ].join('');
}

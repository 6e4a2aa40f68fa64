import dagreModule from '@dagrejs/dagre';
import type { WorkflowDescription } from '../moves/workflow-descriptions.js';
import { humanise } from './forms.js';

/** Every label is drawn at this size or larger, in CSS pixels: the diagram is never scaled down (it scrolls in its region instead). */
export const LABEL_FONT_PX = 16;
const LINE_PX = 22;
// GDS Transport's widest common letters are about 0.62 em: sizing boxes for that keeps every word inside its box.
const textWidth = (text: string) => Math.ceil(text.length * LABEL_FONT_PX * 0.62);
const escape = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The parts of dagre the diagrams use, typed here: dagre 3.1.3's own type files import each other
 * without file extensions, which TypeScript's nodenext resolution cannot follow, so they read as unresolved.
 */
interface Point {
  x: number;
  y: number;
}
interface NodeBox extends Partial<Point> {
  label: string;
  width: number;
  height: number;
}
interface EdgeBox extends Partial<Point> {
  label?: string;
  width?: number;
  height?: number;
  labelpos?: 'l' | 'c' | 'r';
  points?: Point[];
}
interface GraphBox {
  rankdir?: 'TB' | 'LR';
  nodesep?: number;
  edgesep?: number;
  ranksep?: number;
  marginx?: number;
  marginy?: number;
  width?: number;
  height?: number;
}
interface EdgeRef {
  v: string;
  w: string;
  name?: string;
}
interface LayoutGraph {
  setGraph(label: GraphBox): void;
  graph(): GraphBox;
  setDefaultEdgeLabel(label: () => EdgeBox): void;
  setNode(name: string, label: NodeBox): void;
  node(name: string): NodeBox;
  nodes(): string[];
  setEdge(from: string, to: string, label: EdgeBox, name: string): void;
  edges(): EdgeRef[];
  edge(edge: EdgeRef): EdgeBox;
}
const dagre = dagreModule as unknown as {
  graphlib: { Graph: new (options: { multigraph: boolean }) => LayoutGraph };
  layout(graph: LayoutGraph): void;
};

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where each state and each move's label sit: boxes by their top-left corner, in the SVG's own pixels. */
export interface DiagramLayout {
  width: number;
  height: number;
  states: Array<Box & { name: string; label: string; current: boolean }>;
  moves: Array<{ label: string; box: Box; points: Array<{ x: number; y: number }> }>;
}

/**
 * Lays a workflow out with dagre (top to bottom, so it stays narrow): each move's label is a node of
 * its own in dagre's layout, so labels never sit on a state, an arrow's label or each other.
 */
export function layoutWorkflow(workflow: WorkflowDescription, current: string): DiagramLayout {
  const graph = new dagre.graphlib.Graph({ multigraph: true });
  graph.setGraph({ rankdir: 'TB', nodesep: 24, edgesep: 16, ranksep: 36, marginx: 8, marginy: 8 });
  graph.setDefaultEdgeLabel(() => ({}));
  const names = new Set(workflow.states.map((state) => state.name));
  for (const state of workflow.states) {
    const label = `${humanise(state.name)}${state.name === current ? ' (now)' : ''}`;
    graph.setNode(state.name, { label, width: textWidth(label) + 32, height: LINE_PX + 24 });
  }
  for (const state of workflow.states) {
    for (const move of state.transitions) {
      if (!names.has(move.to) || move.to === state.name) continue;
      const label = humanise(move.event);
      graph.setEdge(
        state.name,
        move.to,
        { label, width: textWidth(label) + 8, height: LINE_PX, labelpos: 'c' },
        `${state.name}:${move.event}`,
      );
    }
  }
  dagre.layout(graph);
  const size = graph.graph();
  return {
    width: Math.ceil(size.width ?? 0),
    height: Math.ceil(size.height ?? 0),
    states: graph.nodes().map((name) => {
      const node = graph.node(name);
      return {
        name,
        label: node.label,
        current: name === current,
        x: node.x! - node.width / 2,
        y: node.y! - node.height / 2,
        width: node.width,
        height: node.height,
      };
    }),
    moves: graph.edges().map((edge) => {
      const { label, x, y, width, height, points } = graph.edge(edge);
      return {
        label: label ?? '',
        box: { x: x! - width! / 2, y: y! - height! / 2, width: width!, height: height! },
        points: points ?? [],
      };
    }),
  };
}

/**
 * A workflow drawn as an SVG from its machine's description, and the same in words beside it. It is
 * made here, on the server, so it needs no script and no outside service, and it changes when the
 * machine does. Drawn at its own size (labels stay readable) inside a region that scrolls on a small
 * screen; the list says everything the drawing does.
 */
export function workflowDiagram(workflow: WorkflowDescription, current: string): string {
  const layout = layoutWorkflow(workflow, current);
  const round = (value: number) => Math.round(value * 10) / 10;
  const moves = layout.moves.flatMap((move) => [
    `<path d="M ${move.points.map((point) => `${round(point.x)} ${round(point.y)}`).join(' L ')}" class="move" marker-end="url(#arrow)"/>`,
    `<rect x="${round(move.box.x)}" y="${round(move.box.y)}" width="${move.box.width}" height="${move.box.height}" class="move-label-back"/>`,
    `<text x="${round(move.box.x + move.box.width / 2)}" y="${round(move.box.y + move.box.height / 2 + LABEL_FONT_PX / 3)}" font-size="${LABEL_FONT_PX}" class="move-label">${escape(move.label)}</text>`,
  ]);
  const states = layout.states.map(
    (state) =>
      `<g class="state${state.current ? ' state--current' : ''}"><rect x="${round(state.x)}" y="${round(state.y)}" width="${state.width}" height="${state.height}" rx="6"/><text x="${round(state.x + state.width / 2)}" y="${round(state.y + state.height / 2 + LABEL_FONT_PX / 3)}" font-size="${LABEL_FONT_PX}">${escape(state.label)}</text></g>`,
  );
  const title = `How ${workflowNoun(workflow)} moves from state to state`;
  const svg = [
    `<svg class="app-workflow-diagram" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}" aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg">`,
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#0b0c0c"/></marker></defs>`,
    ...moves,
    ...states,
    '</svg>',
  ].join('');
  const steps = workflow.states.map((state) => {
    const here = state.name === current ? ' <strong class="govuk-tag govuk-tag--blue">Now</strong>' : '';
    const next = state.transitions
      .filter((move) => names(workflow).has(move.to) && move.to !== state.name)
      .map((move) => `${escape(humanise(move.event))} → ${escape(humanise(move.to))}`);
    return `<li><strong>${escape(humanise(state.name))}</strong>${here}: ${next.length ? next.join('; ') : 'nothing follows'}</li>`;
  });
  return [
    `<div class="app-diagram__drawing" role="region" aria-label="${escape(title)}, drawn (the list that follows says the same)" tabindex="0">${svg}</div>`,
    `<div class="app-diagram__steps"><h2 class="govuk-heading-s">${escape(title)}</h2><ul class="govuk-list govuk-list--bullet">${steps.join('')}</ul></div>`,
  ].join('');
}

const names = (workflow: WorkflowDescription) => new Set(workflow.states.map((state) => state.name));

function workflowNoun(workflow: WorkflowDescription): string {
  return { actionPlan: 'an action plan', improvementArea: 'an improvement area', action: 'an action' }[workflow.name];
}

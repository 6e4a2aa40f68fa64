import { describeWorkflow, WORKFLOWS, type WorkflowName } from '../../src/moves/workflow-descriptions.js';
import { humanise } from '../../src/web/forms.js';
import { layoutWorkflow, LABEL_FONT_PX, workflowDiagram, type Box } from '../../src/web/workflow-diagram.js';

const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe.each(Object.keys(WORKFLOWS) as WorkflowName[])('the %s lifecycle diagram', (name) => {
  const workflow = describeWorkflow(name);
  const current = workflow.states[1].name;

  it('puts no label on another: every state and every move’s label has a place of its own', () => {
    const layout = layoutWorkflow(workflow, current);
    const labelled = [
      ...layout.states.map((state) => ({ what: `state ${state.label}`, box: state })),
      ...layout.moves.map((move) => ({ what: `move ${move.label}`, box: move.box })),
    ];
    const moveCount = workflow.states.flatMap((state) => state.transitions.filter((move) => move.to !== state.name)).length;
    expect(layout.moves).toHaveLength(moveCount);
    const clashes = labelled.flatMap((a, i) =>
      labelled
        .slice(i + 1)
        .filter((b) => overlap(a.box, b.box))
        .map((b) => `${a.what} / ${b.what}`),
    );
    expect(clashes).toEqual([]);
    for (const { box } of labelled) {
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(layout.width);
      expect(box.y + box.height).toBeLessThanOrEqual(layout.height);
    }
  });

  it('draws every label at 14 px or more, at its own size, and says the same in a list', () => {
    const html = workflowDiagram(workflow, current);
    const sizes = [...html.matchAll(/<text [^>]*font-size="(\d+)"/g)].map((match) => Number(match[1]));
    expect(sizes.length).toBe([...html.matchAll(/<text /g)].length);
    expect(Math.min(...sizes, LABEL_FONT_PX)).toBeGreaterThanOrEqual(14);
    const { width } = layoutWorkflow(workflow, current);
    expect(html).toContain(`<svg class="app-workflow-diagram" width="${width}"`);
    expect(html).toMatch(/role="region" aria-label="[^"]+" tabindex="0"/);
    for (const state of workflow.states) {
      for (const move of state.transitions.filter((move) => move.to !== state.name)) {
        expect(html).toContain(`${humanise(move.event)} → ${humanise(move.to)}`);
      }
    }
    expect(html).toContain('<strong class="govuk-tag govuk-tag--blue">Now</strong>');
  });
});

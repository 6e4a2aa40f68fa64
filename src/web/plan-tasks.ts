import { ACTION_PLAN_STATES, planSent, type ActionPlanState } from '../../workflows/action-plan.machine.js';

/** The GOV.UK task list's statuses (Completed, Incomplete, Cannot start yet), in words of their own so as not to read as a workflow's states. */
export type TaskStatus = 'done' | 'incomplete' | 'cannotStartYet';

export type PlanTask = 'import' | 'leadOfficers' | 'actions' | 'approval' | 'submission';

/** How far building the plan has gone, as far as its task list needs to know: ready actions are those the plan's guard counts. */
export interface PlanProgress<Area extends AreaProgress = AreaProgress> {
  planState: ActionPlanState;
  areas: readonly Area[];
}

export interface AreaProgress {
  hasLeadOfficer: boolean;
  readyActions: number;
}

/**
 * Each step of building the plan, in order: import → lead officers → actions → approval → submission.
 * A step that waits on an earlier one cannot start yet; the report is imported once the plan exists.
 */
export function planTaskStatuses(progress: PlanProgress): Record<PlanTask, TaskStatus> {
  const { areas, planState } = progress;
  const everyArea = (test: (area: AreaProgress) => boolean): TaskStatus =>
    areas.length === 0 ? 'cannotStartYet' : areas.every(test) ? 'done' : 'incomplete';
  const submitted = planSent(planState);
  const approved = submitted || planState === ACTION_PLAN_STATES.approved;
  const actions = submitted ? 'done' : everyArea((area) => area.readyActions > 0);
  return {
    import: 'done',
    leadOfficers: everyArea((area) => area.hasLeadOfficer),
    actions,
    approval: approved ? 'done' : actions === 'done' ? 'incomplete' : 'cannotStartYet',
    submission: submitted ? 'done' : approved ? 'incomplete' : 'cannotStartYet',
  };
}

/** The decisions a director takes only after checking the whole plan on its check page: its address under the inspection, and the link's words. */
export const CHECKED_DECISIONS: Record<string, { path: string; text: string }> = {
  APPROVE: { path: 'check/approve', text: 'Check the plan and record cabinet approval' },
  SUBMIT: { path: 'check/submit', text: 'Check the plan and record it as sent to Ofsted' },
};

const STATUS_TAGS: Record<TaskStatus, object> = {
  done: { text: 'Completed' },
  incomplete: { tag: { text: 'Incomplete', classes: 'govuk-tag--blue' } },
  cannotStartYet: { text: 'Cannot start yet', classes: 'govuk-task-list__status--cannot-start-yet' },
};

/**
 * The task list's items as govukTaskList takes them: each step links to where it is done (the first
 * area still missing what the step asks for), except one that cannot start yet; only for those who
 * may take that step (the plan's writers build it, its director decides).
 */
export function planTaskList(
  inspectionId: string,
  progress: PlanProgress<AreaProgress & { id: string }>,
  may: { change: boolean; decide: boolean },
) {
  const statuses = planTaskStatuses(progress);
  // A reader would follow the link to a page where the step cannot be done: they get the statuses alone.
  const areaLink = (lacking: (area: AreaProgress) => boolean) => {
    const area = progress.areas.find(lacking) ?? progress.areas[0];
    return area && may.change ? `/areas/${area.id}` : undefined;
  };
  const tasks: Array<{ task: PlanTask; title: string; href?: string }> = [
    {
      task: 'import',
      title: 'Import the report and check its dates',
      href: may.change ? `/inspections/${inspectionId}/letter` : undefined,
    },
    { task: 'leadOfficers', title: 'Name a lead officer for each area', href: areaLink((area) => !area.hasLeadOfficer) },
    {
      task: 'actions',
      title: 'Add actions, each with an owner and a due date',
      href: areaLink((area) => area.readyActions === 0),
    },
    {
      task: 'approval',
      title: CHECKED_DECISIONS.APPROVE.text,
      href: may.decide && statuses.approval === 'incomplete' ? `/inspections/${inspectionId}/${CHECKED_DECISIONS.APPROVE.path}` : undefined,
    },
    {
      task: 'submission',
      title: CHECKED_DECISIONS.SUBMIT.text,
      href:
        may.decide && statuses.submission === 'incomplete' ? `/inspections/${inspectionId}/${CHECKED_DECISIONS.SUBMIT.path}` : undefined,
    },
  ];
  // The plan's decisions are a director's: whoever else sees them still to take is told who takes them.
  const directorsStep = (task: PlanTask) => !may.decide && (task === 'approval' || task === 'submission') && statuses[task] !== 'done';
  return tasks.map(({ task, title, href }) => ({
    title: { text: title },
    ...(directorsStep(task) ? { hint: { text: 'Only a director can do this. They check the whole plan first.' } } : {}),
    ...(href && statuses[task] !== 'cannotStartYet' ? { href } : {}),
    status: STATUS_TAGS[statuses[task]],
  }));
}

import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import nunjucks from 'nunjucks';
import { isFinishedAction } from '../../workflows/action.machine.js';
import {
  ACTION_PLAN_STATES,
  actionPlanWorkflow,
  REVIEWED_PLAN_STATES,
  UNSUBMITTED_PLAN_STATES,
  type ActionPlanState,
} from '../../workflows/action-plan.machine.js';
import {
  CLOSED_AREA_STATES,
  DRAFT_AREA_STATES,
  IMPROVEMENT_AREA_STATES,
  type ImprovementAreaState,
} from '../../workflows/improvement-area.machine.js';
import { finalStates, listInWords } from '../../workflows/workflow.js';
import type { PageRequest } from '../auth/page-sessions.js';
import { grantOf, type Permission } from '../auth/permissions.js';
import { changeWords } from '../common/field-words.js';
import { Clock } from '../common/clock.js';
import { addDays } from '../common/dates.js';
import { valueInWords } from '../measures/measure-rating.js';
import { dateTimeInWords, formatDate, humanise, withLinks } from './forms.js';
import { whatHappened } from './history-words.js';

// nunjucks has had tests (`x is name`) since 3.0; its type definitions do not say so.
declare module 'nunjucks' {
  interface Environment {
    addTest(name: string, test: (value: never) => boolean): this;
  }
}

/** govuk-frontend's dist folder: its Nunjucks macros are imported as "govuk/…", its assets served under /assets. */
export const GOVUK_DIST = join(dirname(createRequire(import.meta.url).resolve('govuk-frontend/package.json')), 'dist');

// tsc does not copy templates, so the compiled module reads them from the source tree.
const VIEWS = [resolve(import.meta.dirname, 'views'), resolve(import.meta.dirname, '../../../src/web/views')].find((folder) =>
  existsSync(folder),
)!;

const NAVIGATION: Array<{ href: string; text: string; permission: Permission }> = [
  { href: '/', text: 'Home', permission: 'plan:read' },
  { href: '/actions', text: 'Actions', permission: 'plan:read' },
  { href: '/imports/new', text: 'Import a report', permission: 'inspection:write' },
  { href: '/reminders', text: 'Reminders', permission: 'plan:read' },
  { href: '/admin/users', text: 'Users', permission: 'users:manage' },
  { href: '/settings', text: 'My settings', permission: 'account:self' },
  { href: '/account/password', text: 'Password', permission: 'account:self' },
];

type TableCell = { text?: unknown; html?: unknown; attributes?: Record<string, string> };

/** govukTable's rows with each cell's column heading in data-label, which the stacked layout shows before the cell. */
function labelCells(rows: TableCell[][], head: Array<{ text: string }>): TableCell[][] {
  return rows.map((row) =>
    row.map((cell, column) => ({ ...cell, attributes: { ...cell.attributes, 'data-label': head[column]?.text ?? '' } })),
  );
}

/** Renders the pages with the GOV.UK Design System's Nunjucks macros, escaping everything by default. */
@Injectable()
export class PageRenderer {
  private readonly templates: nunjucks.Environment;

  constructor(private readonly clock: Clock) {
    this.templates = new nunjucks.Environment(new nunjucks.FileSystemLoader([VIEWS, GOVUK_DIST]), {
      autoescape: true,
      throwOnUndefined: false,
    });
    this.templates.addFilter('date', formatDate);
    this.templates.addFilter('humanise', humanise);
    this.templates.addFilter('whatHappened', whatHappened);
    this.templates.addFilter('changes', changeWords);
    this.templates.addFilter('dateTime', dateTimeInWords);
    // A measure's figure in its unit's words: 62%, 14 days, 38.5 per 10,000 children.
    this.templates.addFilter('inUnit', valueInWords);
    // Each cell names its column, so a wide table can stack into labelled rows on a small screen (app-table--stacked).
    this.templates.addFilter('labelledBy', labelCells);
    this.templates.addFilter('withLinks', (value: unknown) => new nunjucks.runtime.SafeString(withLinks(value)));
    // "2, 4 and 7".
    this.templates.addFilter('listInWords', (items: unknown[]) => listInWords(items.map(String)));
    // The workflows' own words for where a record stands (`action.state is finishedAction`), so no page spells out a state.
    this.templates.addTest('finishedAction', (state: string) => isFinishedAction(state));
    this.templates.addTest('closedArea', (state: ImprovementAreaState) => CLOSED_AREA_STATES.includes(state));
    // Not yet ones the committee can review: submitted and waiting for its delivery to start, or still a draft.
    this.templates.addTest('awaitingDelivery', (state: ImprovementAreaState) => state === IMPROVEMENT_AREA_STATES.submitted);
    this.templates.addTest('draftArea', (state: ImprovementAreaState) => DRAFT_AREA_STATES.includes(state));
    this.templates.addTest('reviewedPlan', (state: ActionPlanState) => REVIEWED_PLAN_STATES.includes(state));
    this.templates.addTest('draftPlan', (state: ActionPlanState) => state === ACTION_PLAN_STATES.draft);
    this.templates.addTest('unsubmittedPlan', (state: ActionPlanState) => UNSUBMITTED_PLAN_STATES.includes(state));
    this.templates.addTest('finishedPlan', (state: string) => finalStates(actionPlanWorkflow).includes(state));
  }

  /** Part of a page that is the same for everyone who may see it, to be kept and put in pages with `| safe`. */
  fragment(view: string, context: Record<string, unknown>): string {
    return this.templates.render(view, context);
  }

  render(request: PageRequest, response: Response, view: string, context: Record<string, unknown> = {}, status = 200): void {
    // The GOV.UK template's one inline script (it marks the page as having JavaScript) runs by this nonce; no other inline script can.
    const nonce = randomBytes(16).toString('base64');
    const policy = String(response.getHeader('content-security-policy') ?? "default-src 'self';script-src 'self'");
    response.setHeader('Content-Security-Policy', policy.replace("script-src 'self'", `script-src 'self' 'nonce-${nonce}'`));
    // Pages hold people's names and the plan: not kept by the browser or any proxy, so Back after signing out shows nothing.
    response.setHeader('Cache-Control', 'no-store');
    const user = request.signedIn;
    const html = this.templates.render(view, {
      ...context,
      cspNonce: nonce,
      csrfToken: request.csrfToken,
      currentPath: request.path,
      user,
      navigation: user ? NAVIGATION.filter((item) => grantOf(user.role, item.permission)) : [],
      can: (permission: Permission) => (user ? grantOf(user.role, permission) !== undefined : false),
      // A date field's example near today, as its three boxes take it ("5 1 2027"): one from years ago reads as a mistake.
      dateExample: (daysAhead: number) => {
        const [year, month, day] = addDays(this.clock.today(), daysAhead).split('-').map(Number);
        return `${day} ${month} ${year}`;
      },
    });
    response.status(status).type('html').send(html);
  }
}

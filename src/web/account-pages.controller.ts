import { Body, Controller, Get, Inject, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { Response } from 'express';
import { Allow, Pages } from '../auth/access.decorators.js';
import { AuthService } from '../auth/auth.service.js';
import { grantOf, ROLES, whatRoleMayDo } from '../auth/permissions.js';
import { CalendarFeedsService } from '../calendar-feeds/calendar-feeds.service.js';
import type { PageRequest } from '../auth/page-sessions.js';
import { Actor, type SignedInUser } from '../common/actor.js';
import { ENVIRONMENT } from '../config/config.module.js';
import type { Environment } from '../config/environment.js';
import { Policy } from '../config/policy.js';
import { IdParam } from '../common/validation.js';
import { SERVICE_ACTOR } from '../scheduling/missed-deadlines.js';
import { REMINDER_STATUSES, type ReminderStatus } from '../reminders/reminder.entity.js';
import { RemindersService } from '../reminders/reminders.service.js';
import { canSignIn, UsersService, type UserView } from '../users/users.service.js';
import { ChangeUserForm, NewUserForm, PasswordForm, SettingsForm } from './forms/account-forms.js';
import { doneMessage, errorList, humanise, safeNext, timeInWords, type FieldErrors, type FormBody } from './forms.js';
import { PageErrorFilter } from './page-error.filter.js';
import { PageRenderer } from './page-renderer.js';
import { ActionListService } from './action-list.service.js';
import { workLeftUndone } from './work-left.js';

/** The reminders page's tabs, in the words a person reads: a reminder withdrawn is one whose item moved on before it went. */
const SHOWN: Partial<Record<ReminderStatus, string>> = {
  pending: 'Pending',
  sent: 'Sent',
  failed: 'Failed',
  cancelled: 'Withdrawn',
};
/** What the last column gives: when it went, or when it was to go. */
const SENT_COLUMN: Partial<Record<ReminderStatus, string>> = { sent: 'Sent', cancelled: 'Was to be sent on' };

const SETTINGS_DONE: Record<string, string> = {
  saved: 'Your settings have been saved.',
  calendar: 'Your calendar link has been turned off. Calendars that use it will stop updating.',
};

/** Reminders, each person's own settings, and (for admins) who may sign in with which role. */
@Pages()
@UseFilters(PageErrorFilter)
@Controller()
export class AccountPagesController {
  constructor(
    private readonly auth: AuthService,
    private readonly calendarFeeds: CalendarFeedsService,
    private readonly lists: ActionListService,
    @Inject(ENVIRONMENT) private readonly environment: Environment,
    private readonly pages: PageRenderer,
    private readonly policy: Policy,
    private readonly reminders: RemindersService,
    private readonly users: UsersService,
  ) {}

  @Get('reminders')
  @Allow('plan:read')
  async reminderList(
    @Req() request: PageRequest,
    @Res() response: Response,
    @Actor() actor: SignedInUser,
    @Query('status') status?: string,
  ): Promise<void> {
    const shown = (REMINDER_STATUSES as readonly string[]).includes(status ?? '') ? (status as ReminderStatus) : 'pending';
    const reminders = await this.reminders.list({ status: shown }, actor);
    this.pages.render(request, response, 'reminders.njk', {
      title: 'Reminders',
      reminders,
      shown,
      statuses: SHOWN,
      sentColumn: SENT_COLUMN[shown] ?? 'Send on',
      sendAt: timeInWords(this.policy.reminders.sendAt),
    });
  }

  @Get('settings')
  @Allow('account:self')
  async settings(
    @Req() request: PageRequest,
    @Res() response: Response,
    @Actor() actor: SignedInUser,
    @Query('done') done?: string,
  ): Promise<void> {
    await this.showSettings(request, response, actor, { done: doneMessage(SETTINGS_DONE, done) });
  }

  @Post('settings')
  @Allow('account:self')
  async saveSettings(
    @Body() body: FormBody,
    @Req() request: PageRequest,
    @Res() response: Response,
    @Actor() actor: SignedInUser,
  ): Promise<void> {
    const outcome = await new SettingsForm(body).submit((dto) => this.users.updatePreferences(actor.id, dto, actor));
    if ('errors' in outcome) {
      const errors = outcome.errors;
      return this.showSettings(request, response, actor, { errors, errorList: errorList(errors) }, 400);
    }
    response.redirect(303, '/settings?done=saved');
  }

  /** A new calendar link, shown this once: only its hash is kept. Any earlier link stops working. */
  @Post('settings/calendar-feed')
  @Allow('account:self')
  async createCalendarFeed(@Req() request: PageRequest, @Res() response: Response, @Actor() actor: SignedInUser): Promise<void> {
    const feed = await this.calendarFeeds.create(actor);
    await this.showSettings(request, response, actor, { newFeedUrl: feed.url });
  }

  @Post('settings/calendar-feed/revoke')
  @Allow('account:self')
  async revokeCalendarFeed(@Res() response: Response, @Actor() actor: SignedInUser): Promise<void> {
    const feed = await this.calendarFeeds.current(actor.id);
    if (feed) await this.calendarFeeds.revoke(feed.id, actor);
    response.redirect(303, '/settings?done=calendar');
  }

  @Get('account/password')
  @Allow('account:self')
  passwordForm(@Req() request: PageRequest, @Res() response: Response, @Query('done') done?: string, @Query('next') next?: string): void {
    this.pages.render(request, response, 'password.njk', {
      // Once changed, the page is its confirmation, under its own heading, not the form's.
      title: done === 'yes' ? 'Password changed' : 'Change your password',
      done: done === 'yes',
      // Where they were going when asked to choose a password first (a link in an email): Continue takes them there.
      next: safeNext(next),
      errors: {},
      errorList: [],
    });
  }

  @Post('account/password')
  @Allow('account:self')
  async changePassword(
    @Body() body: FormBody,
    @Req() request: PageRequest,
    @Res() response: Response,
    @Actor() actor: SignedInUser,
  ): Promise<void> {
    const outcome = await new PasswordForm(body).submit((dto) => this.auth.changePassword(actor, dto, request.ip ?? 'unknown'));
    if ('errors' in outcome)
      return this.pages.render(
        request,
        response,
        'password.njk',
        { title: 'Change your password', next: safeNext(body.next), errors: outcome.errors, errorList: errorList(outcome.errors) },
        400,
      );
    response.redirect(303, `/account/password?done=yes&next=${encodeURIComponent(safeNext(body.next))}`);
  }

  @Get('admin/users')
  @Allow('users:manage')
  async userList(
    @Req() request: PageRequest,
    @Res() response: Response,
    @Query('done') done?: string,
    @Query('give') give?: string,
    @Query('changed') changed?: string,
    @Query('added') added?: string,
  ): Promise<void> {
    await this.showUsers(request, response, {}, {}, done, give, changed, added);
  }

  @Post('admin/users')
  @Allow('users:manage')
  async addUser(
    @Body() body: FormBody,
    @Req() request: PageRequest,
    @Res() response: Response,
    @Actor() actor: SignedInUser,
  ): Promise<void> {
    const outcome = await new NewUserForm(body).submit((dto) => this.users.create(dto, actor));
    if ('errors' in outcome) return this.showUsers(request, response, body, outcome.errors);
    response.redirect(303, `/admin/users?added=${outcome.result.id}`);
  }

  @Post('admin/users/:id')
  @Allow('users:manage')
  async changeUser(
    @IdParam() id: string,
    @Body() body: FormBody,
    @Req() request: PageRequest,
    @Res() response: Response,
    @Actor() actor: SignedInUser,
  ): Promise<void> {
    const outcome = await new ChangeUserForm(body).submit((dto) => this.users.update(id, dto, actor));
    // Shown on that person's row, whichever of its buttons was refused.
    if ('errors' in outcome) return this.showUsers(request, response, {}, { [`role-${id}`]: Object.values(outcome.errors)[0] });
    response.redirect(303, `/admin/users?done=${encodeURIComponent(outcome.result.email)}&changed=${id}`);
  }

  private async showSettings(
    request: PageRequest,
    response: Response,
    actor: SignedInUser,
    context: Record<string, unknown>,
    status = 200,
  ): Promise<void> {
    const [account, calendarFeed] = await Promise.all([this.users.preferences(actor.id), this.calendarFeeds.current(actor.id)]);
    this.pages.render(request, response, 'settings.njk', { title: 'My settings', account, calendarFeed, ...context }, status);
  }

  private async showUsers(
    request: PageRequest,
    response: Response,
    typed: FormBody,
    errors: FieldErrors,
    done?: string,
    give?: string,
    changed?: string,
    added?: string,
  ): Promise<void> {
    // The service's own account records what it does by itself; nobody signs in as it or changes its role.
    const users = (await this.users.list()).filter((account) => account.email !== SERVICE_ACTOR.email);
    // "Give access" from a row of someone with none: the form to give an account, with their name and address filled in.
    const giving = give ? users.find((account) => account.id === give && !account.active) : undefined;
    // Someone named for work on a plan is offered the role that lets them do it.
    const givingWork = giving && !giving.serviceAccount ? workLeftUndone(await this.lists.workOf(giving.id), giving.role, false) : null;
    const form = giving
      ? {
          name: giving.name,
          email: giving.email,
          serviceAccount: giving.serviceAccount ? 'yes' : '',
          // A returning officer keeps a role that still covers it.
          ...(givingWork ? { role: grantOf(giving.role, 'action:update') ? giving.role : 'action_owner' } : {}),
        }
      : typed;
    // After a change of role: whether it leaves work of theirs that nobody can now do.
    const account = changed ? users.find((candidate) => candidate.id === changed) : undefined;
    // Not after removing access: its confirmation page said so before.
    const workLeft = account?.active ? workLeftUndone(await this.lists.workOf(account.id), account.role, true) : null;
    this.pages.render(
      request,
      response,
      'users.njk',
      {
        title: 'Users',
        users: users.map((account) => ({ ...account, canSignIn: canSignIn(account, this.environment.oidc !== null) })),
        form,
        errors,
        errorList: errorList(errors),
        done,
        singleSignOn: this.environment.oidc !== null,
        roleGuide: ROLES.map((role) => ({ role, may: whatRoleMayDo(role) })),
        stranded: workLeft && { account, workLeft },
        added: this.howTheyGetIn(users.find((candidate) => candidate.id === added && candidate.active)),
        givingWork: givingWork && `${giving!.name} ${givingWork}: the role chosen is one that can do that work.`,
      },
      Object.keys(errors).length > 0 ? 400 : 200,
    );
  }

  /** After giving someone an account: what the administrator tells them, since the service sends no password. */
  private howTheyGetIn(account: UserView | undefined): { important: boolean; heading: string; text: string } | null {
    if (!account) return null;
    const given = `${account.name} now has an account, with the role “${humanise(account.role)}”.`;
    const address = this.environment.appUrl;
    if (account.serviceAccount)
      return {
        important: false,
        heading: given,
        text: 'A service account connects only with API tokens: issue one on the API tokens page.',
      };
    if (account.hasPassword)
      return {
        important: false,
        heading: given,
        text: `Tell them, in person or by phone, the address of the service, ${address}, and their first password. They choose their own when they first sign in, with their email address, ${account.email}.`,
      };
    if (this.environment.oidc !== null)
      return {
        important: false,
        heading: given,
        text: `Tell them to sign in at ${address} with their council account, as ${account.email}.`,
      };
    return {
      important: true,
      heading: `${account.name} cannot sign in yet: their account has no password.`,
      text: 'Open their account and reset the password, to give them a first one. They choose their own when they first sign in.',
    };
  }
}

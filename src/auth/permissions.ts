/**
 * Who may do what: the one table the guard enforces, the README shows and the access tests walk.
 * Each endpoint names one permission with @Allow(); a role either holds it for everything,
 * holds it only for records it owns ('own'), or does not hold it.
 */
export const ROLES = ['admin', 'director', 'deputy_director', 'action_owner', 'scrutiny', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export type Grant = 'all' | 'own';

interface PermissionRule {
  means: string;
  grants: Partial<Record<Role, Grant>>;
  /** Where a role holds it only for what it owns: what that is, for people choosing a role ("the actions they own"). */
  own?: string;
}

const everyone: Record<Role, Grant> = {
  admin: 'all',
  director: 'all',
  deputy_director: 'all',
  action_owner: 'all',
  scrutiny: 'all',
  viewer: 'all',
};
const planWriters = { director: 'all', deputy_director: 'all' } as const;

export const PERMISSIONS = {
  'account:self': { means: 'See your own account, change your password, sign out.', grants: everyone },
  'plan:read': { means: 'Read inspections, areas, actions, their histories, the workflows and the calendar.', grants: everyone },
  'inspection:write': { means: 'Record an inspection and correct its details.', grants: planWriters },
  'plan:decide': { means: 'Approve, submit, return to draft and close the action plan.', grants: { director: 'all' } },
  'area:write': { means: 'Add and edit improvement areas and their measures, and name their lead officers.', grants: planWriters },
  'area:move': { means: 'Move improvement areas through their lifecycle.', grants: planWriters },
  'area:narrate': {
    means: 'Write the lead officer’s summary of progress on an improvement area.',
    grants: { ...planWriters, action_owner: 'own' },
    own: 'the areas they lead',
  },
  'action:write': { means: 'Add and edit actions, and assign or reassign their owners.', grants: planWriters },
  'action:update': {
    means: 'Report progress on an action and move it through its lifecycle.',
    grants: { ...planWriters, action_owner: 'own' },
    own: 'the actions they own, short of completing or cancelling them, which is for whoever assigned them',
  },
  'measure:record': {
    means: 'Enter a measure’s figures, month by month.',
    grants: { ...planWriters, action_owner: 'own' },
    own: 'the measures they own',
  },
  'scrutiny:record': {
    means: 'Record scrutiny reviews and their outcomes, and move the next review to the committee’s meeting day.',
    grants: { scrutiny: 'all' },
  },
  'snapshot:take': {
    means: 'Take a snapshot of a plan on demand.',
    grants: { ...planWriters, scrutiny: 'all' },
  },
  'users:manage': {
    means: 'Add people, set roles, deactivate accounts, reset passwords, issue and revoke API tokens, read the sign-in log.',
    grants: { admin: 'all' },
  },
} as const satisfies Record<string, PermissionRule>;

export type Permission = keyof typeof PERMISSIONS;

/** How far a role holds a permission: everywhere, only on what it owns, or not at all. */
export function grantOf(role: Role, permission: Permission): Grant | undefined {
  return (PERMISSIONS[permission].grants as Partial<Record<Role, Grant>>)[role];
}

/** What a role may do beyond what everyone may (read every plan, their own account), in sentences for whoever chooses someone's role. */
export function whatRoleMayDo(role: Role): string[] {
  return Object.values(PERMISSIONS as Record<string, PermissionRule>).flatMap((rule) => {
    const grant = rule.grants[role];
    if (!grant || rule.grants === everyone) return [];
    return [grant === 'own' ? `${rule.means.replace(/\.$/, '')}: only ${rule.own ?? 'their own'}.` : rule.means];
  });
}

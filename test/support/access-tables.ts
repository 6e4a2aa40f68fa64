import { PERMISSIONS, ROLES, grantOf, type Grant, type Permission } from '../../src/auth/permissions.js';

export interface Operation {
  method: string;
  path: string;
  /** What the route's @Allow() names; null when it has none. */
  permission: Permission | null;
  /** @Public(): anyone may call it. */
  public: boolean;
}

const METHOD_ORDER = ['get', 'post', 'put', 'patch', 'delete'];
const CELL: Record<Grant | 'none', string> = { all: 'yes', own: 'own only', none: '' };

/** Every route in the OpenAPI description with its access rule, sorted so the README's list reads (and diffs) stably. */
export function operationsOf(document: { paths: Record<string, Record<string, Record<string, unknown>>> }): Operation[] {
  return Object.entries(document.paths)
    .flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([method]) => METHOD_ORDER.includes(method))
        .map(([method, operation]) => ({
          method: method.toUpperCase(),
          path,
          permission: (operation['x-permission'] as Permission | undefined) ?? null,
          public: operation['x-public'] === true,
        })),
    )
    .sort(
      (a, b) => a.path.localeCompare(b.path) || METHOD_ORDER.indexOf(a.method.toLowerCase()) - METHOD_ORDER.indexOf(b.method.toLowerCase()),
    );
}

/** The README's table of roles and permissions, written out from PERMISSIONS. */
export function permissionsTable(): string {
  const rows = (Object.keys(PERMISSIONS) as Permission[]).map(
    (permission) =>
      `| \`${permission}\` | ${PERMISSIONS[permission].means} | ${ROLES.map((role) => CELL[grantOf(role, permission) ?? 'none']).join(' | ')} |`,
  );
  return [
    `| Permission | What it allows | ${ROLES.map((role) => `\`${role}\``).join(' | ')} |`,
    `| --- | --- | ${ROLES.map(() => '---').join(' | ')} |`,
    ...rows,
  ].join('\n');
}

/** The README's table of which permission each endpoint needs, written out from the OpenAPI description. */
export function endpointsTable(operations: Operation[]): string {
  const rows = operations.map(
    (op) => `| \`${op.method} ${op.path}\` | ${op.public ? 'anyone, signed in or not' : `\`${op.permission}\``} |`,
  );
  return ['| Endpoint | Needs |', '| --- | --- |', ...rows].join('\n');
}

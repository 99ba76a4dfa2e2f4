/**
 * Roles and permissions, declared once. A role grants exactly the permissions listed here and nothing else
 * (deny by default); API routes name the permission they need (see `route-access.ts`).
 */
export const ROLES = [
  'admin',
  'analyst',
  'programme_manager',
  'security_reviewer',
  'researcher',
  'public',
] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  'users:manage': 'create, disable and change the roles of accounts; issue password-reset tokens',
  'audit:read': 'search and verify the audit log',
  'taxonomy:write': 'draft, change and publish technology lists',
  'evidence:write': 'load evidence, run classification and rollups',
  'programmes:read': 'read programmes, budgets, KPIs and reviews (non-public)',
  'programmes:write': 'create and change programmes, budgets and KPIs',
  'security:submit': 'submit research-security cases and read one’s own',
  'security:read': 'read research-security cases of one’s organisation (sensitive; every read is audited)',
  'security:write': 'open and update research-security cases',
  'security:review': 'decide research-security reviews',
  'security:rules': 'edit screening rules and the entity watch-list',
  'forum:post': 'write proposals, comments and votes in the CETs Innovation Forum',
  'forum:moderate': 'moderate the forum',
  'tokens:own': 'create and revoke one’s own API tokens',
  'policy:write': 'add, import and delete events in the policy-signals register',
  'talent:people': 'see person-level talent views (top researchers by name; every read is audited)',
} as const;
export type Permission = keyof typeof PERMISSIONS;

export const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[];

/** The one table: role → permissions. */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  admin: ALL_PERMISSIONS,
  analyst: [
    'taxonomy:write',
    'evidence:write',
    'programmes:read',
    'forum:post',
    'tokens:own',
    'policy:write',
    'talent:people',
  ],
  programme_manager: ['programmes:read', 'programmes:write', 'forum:post', 'tokens:own'],
  security_reviewer: [
    'security:submit',
    'security:read',
    'security:write',
    'security:review',
    'forum:post',
    'tokens:own',
  ],
  researcher: ['security:submit', 'forum:post', 'tokens:own'],
  public: ['forum:post'],
};

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);
export const isPermission = (value: string): value is Permission => Object.hasOwn(PERMISSIONS, value);

/** The union of the permissions of the given roles; unknown role names grant nothing. */
export function permissionsOf(roles: readonly string[]): Set<Permission> {
  const granted = new Set<Permission>();
  for (const role of roles) {
    if (!isRole(role)) continue;
    for (const p of ROLE_PERMISSIONS[role]) granted.add(p);
  }
  return granted;
}

/**
 * What an API token may do: the permissions of its owner's current roles, narrowed to the token's scopes.
 * A token never grants more than its owner has, and loses a permission when the owner loses the role.
 */
export function tokenPermissions(roles: readonly string[], scopes: readonly string[]): Set<Permission> {
  const own = permissionsOf(roles);
  return new Set([...own].filter((p) => scopes.includes(p)));
}

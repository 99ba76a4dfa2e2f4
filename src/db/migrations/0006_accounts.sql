-- Accounts, roles and audit: users with roles, database sessions, API tokens, login attempts (for lockout),
-- one-time password-reset tokens, and an append-only, hash-chained audit log.
-- Secrets are never stored: session ids, API tokens and reset tokens are kept as SHA-256 digests,
-- passwords as argon2id hashes (PHC strings).

create table app_user (
  id bigint generated always as identity primary key,
  username text not null,
  display_name text not null,
  password_hash text not null,
  disabled boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  password_changed_at timestamptz not null default now(),
  check (username ~ '^[a-z0-9][a-z0-9._@-]{1,99}$')
);
create unique index app_user_username_idx on app_user (username);

create table user_role (
  user_id bigint not null references app_user (id) on delete cascade,
  role text not null check (role in ('admin', 'analyst', 'programme_manager', 'security_reviewer', 'public')),
  granted_at timestamptz not null default now(),
  granted_by text,
  primary key (user_id, role)
);

-- id_hash: SHA-256 (hex) of the random session id carried in the cookie.
create table user_session (
  id_hash text primary key,
  user_id bigint not null references app_user (id) on delete cascade,
  created_at timestamptz not null,
  last_seen_at timestamptz not null,
  expires_at timestamptz not null,            -- absolute expiry, fixed at creation
  ip text,
  user_agent text
);
create index user_session_user_idx on user_session (user_id);

create table api_token (
  id bigint generated always as identity primary key,
  user_id bigint not null references app_user (id) on delete cascade,
  name text not null,
  token_hash text not null unique,            -- SHA-256 (hex) of the whole token
  prefix text not null,                       -- first characters, shown so people can tell tokens apart
  scopes text[] not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz,
  last_used_at timestamptz,
  revoked_at timestamptz
);
create index api_token_user_idx on api_token (user_id);

-- Every sign-in attempt, by normalised username (whether or not such a user exists, so lockout reveals nothing).
create table login_attempt (
  id bigint generated always as identity primary key,
  username text not null,
  ip text,
  at timestamptz not null,
  success boolean not null
);
create index login_attempt_username_idx on login_attempt (username, at desc);

create table password_reset (
  token_hash text primary key,
  user_id bigint not null references app_user (id) on delete cascade,
  created_at timestamptz not null,
  expires_at timestamptz not null,
  used_at timestamptz,
  created_by text
);

-- The audit log. Each entry's hash covers its content and the previous entry's hash (a chain), so editing,
-- deleting or inserting a row breaks `cetmap audit verify`. The trigger below refuses UPDATE, DELETE and
-- TRUNCATE; only someone who can disable triggers (the table owner) can still tamper, and the chain shows it.
create table audit_log (
  seq bigint primary key,
  at timestamptz not null,
  actor text not null,                        -- 'user:<username>', 'token:<id>/<username>', 'cli:<os user>', 'anonymous'
  action text not null,                       -- e.g. 'user.create', 'auth.login', 'security.case.read'
  object_type text,
  object_id text,
  before_digest text,                         -- SHA-256 of the object's canonical JSON before the change
  after_digest text,
  detail jsonb not null default '{}'::jsonb,  -- small, non-secret context (roles granted, request id, ip)
  prev_hash text not null,
  hash text not null unique
);
create index audit_log_actor_idx on audit_log (actor, seq);
create index audit_log_object_idx on audit_log (object_type, object_id, seq);
create index audit_log_action_idx on audit_log (action, seq);
create index audit_log_at_idx on audit_log (at);

create function audit_log_append_only() returns trigger
language plpgsql as $$
begin
  raise exception 'audit_log is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
end;
$$;

create trigger audit_log_no_update_delete
  before update or delete on audit_log
  for each row execute function audit_log_append_only();

create trigger audit_log_no_truncate
  before truncate on audit_log
  for each statement execute function audit_log_append_only();

-- Research security: cases (foreign data requests, overseas funding, visiting researchers, joint projects,
-- exports of materials), their screening against versioned rule sets, an entity watch-list, the review
-- workflow's events, and attachments. Every state change is also written to the audit log by the code.

-- Accounts gain an organisation (reviewers see their organisation's cases) and the 'researcher' role
-- (submits cases and sees only their own).
alter table app_user add column organisation text;
alter table user_role drop constraint user_role_role_check;
alter table user_role add constraint user_role_role_check
  check (role in ('admin', 'analyst', 'programme_manager', 'security_reviewer', 'researcher', 'public'));

-- A rule set is data: the rules (with weights and sources), the country groups, the deadline rules and the
-- risk-level thresholds. Editing creates a new version; exactly one version is active.
create table security_rule_set (
  version integer primary key,
  rules jsonb not null,
  note text,
  created_at timestamptz not null default now(),
  created_by text not null,
  active boolean not null default false
);
create unique index security_rule_set_one_active_idx on security_rule_set (active) where active;

create table security_watchlist (
  id bigint generated always as identity primary key,
  name text not null,
  aliases text[] not null default '{}',
  country char(2),
  source text not null,
  reason text,
  added_at timestamptz not null default now(),
  added_by text not null
);
create unique index security_watchlist_name_idx on security_watchlist (lower(name), coalesce(country, ''));

create table security_case (
  id bigint generated always as identity primary key,
  reference text not null unique,                 -- shown to the submitter, e.g. RS-2026-000042
  case_type text not null check (case_type in
    ('data-request', 'overseas-funding', 'visiting-researcher', 'joint-project', 'material-export')),
  status text not null check (status in
    ('submitted', 'in-review', 'awaiting-information', 'decided', 'withdrawn')),
  submitter_id bigint not null references app_user (id),
  organisation text not null,                     -- the submitter's organisation, fixed at intake
  counterpart_name text not null,
  counterpart_country char(2) not null,
  funder text,
  amount_krw numeric,
  technology_ids text[] not null default '{}',    -- picked from the registry
  technology_text text,                           -- free text
  description text not null,
  undisclosed boolean not null default false,     -- the request concerns undisclosed information
  received_on date not null,                      -- when the request or offer reached the researcher
  submitted_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  assigned_to bigint references app_user (id),
  rule_set_version integer references security_rule_set (version),
  risk_level text check (risk_level in ('low', 'medium', 'high')),
  risk_score numeric,
  screening jsonb,                                -- every contributing rule with its evidence
  notify_due date,
  answer_due date,
  deemed_consent boolean not null default false,  -- whether the answer deadline lapses into consent
  decision text check (decision in ('approve', 'approve-with-conditions', 'refuse', 'refer', 'deemed-consent')),
  decision_reason text,
  decision_conditions text,
  decided_at timestamptz,
  decided_by bigint references app_user (id)
);
create index security_case_queue_idx on security_case (organisation, status, answer_due);
create index security_case_submitter_idx on security_case (submitter_id);

create table security_case_event (
  id bigint generated always as identity primary key,
  case_id bigint not null references security_case (id),
  at timestamptz not null default now(),
  actor text not null,
  kind text not null,                             -- submitted, screened, assigned, comment, information-requested, ...
  body text,
  from_status text,
  to_status text
);
create index security_case_event_case_idx on security_case_event (case_id, id);

create table security_attachment (
  id bigint generated always as identity primary key,
  case_id bigint not null references security_case (id),
  filename text not null,
  media_type text not null,
  size_bytes integer not null,
  sha256 char(64) not null,
  content bytea not null,
  uploaded_at timestamptz not null default now(),
  uploaded_by text not null
);
create index security_attachment_case_idx on security_attachment (case_id);

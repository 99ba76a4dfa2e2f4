-- Performance management, part 2: missions with milestones (from the ministries' implementation plans), KPIs
-- with a baseline and yearly targets and actuals, the annual review of each CET with its scores, comments and
-- recommended budget change for the next year, and the history of every change to these (who, when, before
-- and after). The audit log records the same changes with digests; this table keeps the readable values.

-- A mission belongs to one CET field (e.g. kr2022.quantum) and is led by one ministry.
create table mission (
  id text primary key,
  cet_id text not null,
  name_ko text,
  name_en text,
  ministry text not null,
  start_year smallint not null,
  end_year smallint not null,
  source text,                                    -- the implementation plan it comes from
  synthetic boolean not null default false,
  check (end_year >= start_year),
  check (name_ko is not null or name_en is not null)
);
create index mission_cet_idx on mission (cet_id);

-- Dates: planned (from the plan), forecast (the owner's latest estimate), actual (when reached).
create table milestone (
  id text primary key,
  mission_id text not null references mission (id) on delete cascade,
  name_ko text,
  name_en text,
  planned_date date not null,
  forecast_date date,
  actual_date date,
  synthetic boolean not null default false,
  check (name_ko is not null or name_en is not null)
);
create index milestone_mission_idx on milestone (mission_id);

create table kpi (
  id text primary key,
  cet_id text not null,
  mission_id text references mission (id) on delete set null,
  name_ko text,
  name_en text,
  unit text not null,
  direction text not null default 'increase' check (direction in ('increase', 'decrease')),
  baseline double precision,
  baseline_year smallint not null,
  owner_ministry text not null,
  synthetic boolean not null default false,
  check (name_ko is not null or name_en is not null)
);
create index kpi_cet_idx on kpi (cet_id);

-- One row per KPI and year: the plan's target for the year and the actual value once known.
create table kpi_value (
  kpi_id text not null references kpi (id) on delete cascade,
  year smallint not null,
  target double precision,
  actual double precision,
  primary key (kpi_id, year),
  check (target is not null or actual is not null)
);

-- One review per CET, year and reviewer; scores 1–5 in five areas, a comment per area, and a recommended
-- change of the CET's budget for the next year in whole won (negative = cut), optionally for one programme.
create table cet_review (
  id bigint generated always as identity primary key,
  cet_id text not null,
  year smallint not null,
  reviewer text not null,
  scores jsonb not null,                          -- {"technology": 4, "projects": 3, ...}
  comments jsonb not null,                        -- {"technology": "...", ...}
  summary text,
  recommended_change_krw bigint not null default 0,
  recommended_year smallint not null,
  programme_id text references programme (id) on delete set null,
  rationale text,
  synthetic boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (cet_id, year, reviewer),
  check (recommended_year = year + 1)
);

create table portfolio_change (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  actor text not null,
  action text not null,                           -- e.g. portfolio.review.submit, portfolio.kpi.import
  object_type text not null,                      -- mission, milestone, kpi, kpi_value, cet_review
  object_id text not null,
  before jsonb,
  after jsonb
);
create index portfolio_change_object_idx on portfolio_change (object_type, object_id);

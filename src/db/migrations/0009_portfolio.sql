-- Performance management: programmes with their technologies, yearly budgets in KRW, and measurements of the
-- master plan's targets that cetmap cannot compute itself (entered with evidence). The targets themselves ship
-- with cetmap (src/portfolio/data/plan-targets.json) and are versioned there.

create table programme (
  id text primary key,
  name_ko text,
  name_en text,
  ministry text not null,
  agency text,
  kind text not null,
  start_year smallint not null,
  end_year smallint not null,
  status text not null default 'active' check (status in ('planned', 'active', 'completed', 'cancelled')),
  synthetic boolean not null default false,
  check (end_year >= start_year),
  check (name_ko is not null or name_en is not null)
);

-- A programme funds several technologies; shares of one programme sum to 1.
create table programme_tech (
  programme_id text not null references programme (id) on delete cascade,
  tech_id text not null,
  share double precision not null check (share > 0 and share <= 1),
  primary key (programme_id, tech_id)
);

-- Money in whole won (KRW); null = not known yet.
create table budget_line (
  programme_id text not null references programme (id) on delete cascade,
  year smallint not null,
  sme boolean not null default false,
  planned_krw bigint check (planned_krw >= 0),
  allocated_krw bigint check (allocated_krw >= 0),
  executed_krw bigint check (executed_krw >= 0),
  primary key (programme_id, year, sme)
);

create table target_measurement (
  target_id text not null,
  year smallint not null,
  value double precision not null,
  evidence text not null,
  entered_by text,
  entered_at timestamptz not null default now(),
  primary key (target_id, year)
);

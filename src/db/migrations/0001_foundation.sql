-- Foundation: bookkeeping tables shared by every module.

create table dataset (
  id text primary key,
  kind text not null,
  title text not null,
  synthetic boolean not null default false,
  source text,
  licence text,
  loaded_at timestamptz not null default now(),
  row_count bigint not null default 0
);

create table app_setting (
  key text primary key,
  value jsonb not null,
  updated_at timestamptz not null default now()
);

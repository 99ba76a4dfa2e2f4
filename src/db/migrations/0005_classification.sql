-- Classification and rollups: which works belong to which technology (by versioned recipe), per-work citation
-- impact within its reference set, and the technology × country × year facts that standing reads.

alter table work add column abstract text;

-- A recipe: OpenAlex topics (with a minimum topic score) and/or a boolean query over title, abstract, keywords.
-- `rule` says how they combine; recipes are versioned and never edited in place once used.
create table recipe (
  tech_id text not null,
  version integer not null,
  topics integer[] not null default '{}',
  min_topic_score real not null default 0,
  query text,
  rule text not null check (rule in ('topic_and_query', 'topic_or_query', 'topics', 'query')),
  title_query_rule boolean not null default false,
  status text not null default 'starter',
  source text,
  created_at timestamptz not null default now(),
  primary key (tech_id, version)
);

create table work_tech (
  work_id bigint not null,
  tech_id text not null,
  recipe_version integer not null,
  score real not null,
  matched_by text not null,
  primary key (work_id, tech_id)
);
create index work_tech_tech_idx on work_tech (tech_id, work_id);

-- Which works are classified under the current recipe set: a work is classified again when the recipes change
-- (digest) or when a newer version of the work was ingested (updated_date), so classification is incremental.
create table work_classified (
  work_id bigint primary key,
  recipes_digest text not null,
  updated_date timestamp not null
);

-- Fraction of each work in the top 10 % / 1 % of its reference set (same reference field, year and type;
-- ties split, methods §2) and its normalised citation score; rebuilt by `cetmap rollup`.
create table work_impact (
  work_id bigint primary key,
  reference_set text not null,
  reference_size integer not null,
  top10 double precision not null,
  top1 double precision not null,
  ncs double precision
);

create table tech_country_year (
  tech_id text not null,
  country text not null,
  year smallint not null,
  works_full integer not null,
  works_frac double precision not null,
  citations_frac double precision not null,
  top10_frac double precision not null,
  top1_frac double precision not null,
  ncs_frac_sum double precision not null,
  ncs_frac_weight double precision not null,
  primary key (tech_id, country, year)
);

create table tech_institution_year (
  tech_id text not null,
  institution_id bigint not null,
  country text,
  year smallint not null,
  works_full integer not null,
  works_frac double precision not null,
  top10_frac double precision not null,
  primary key (tech_id, institution_id, year)
);

-- All works per country and year (the RCA denominators), whatever their technology.
create table country_year (
  country text not null,
  year smallint not null,
  works_full integer not null,
  works_frac double precision not null,
  primary key (country, year)
);

create table rollup_run (
  id bigserial primary key,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  reference_set text not null,
  works integer,
  params jsonb not null default '{}'
);

-- Patents (issue #16): USPTO grants from the PatentsView bulk "g_" tables, their CPC symbols, assignees,
-- inventors and locations; the patent part of each technology's recipe (CPC patterns); which patents belong to
-- which technology; and the technology × country × year patent facts, by inventor and by assignee country.
-- Ids are PatentsView patent_id as text (design and reissue ids such as D515086 are not numeric).
-- Personal names and inferred gender of inventors are not stored: cetmap counts patents, not people.

create table patent (
  id text primary key,
  type text,
  grant_date date,
  year smallint,
  title text,
  abstract text,
  wipo_kind text,
  num_claims integer,
  withdrawn boolean,
  source_file text,
  ingest_run_id bigint
);
create index patent_year_idx on patent (year);

-- g_application: the application a grant came from (filing date).
create table patent_application (
  patent_id text primary key,
  application_id text,
  application_type text,
  filing_date date
);

-- g_cpc_current: CPC symbols as PatentsView gives them (e.g. G06N3/08), without spaces.
create table patent_cpc (
  patent_id text not null,
  sequence integer not null,
  symbol text not null,
  cpc_type text,
  primary key (patent_id, sequence)
);
create index patent_cpc_symbol_idx on patent_cpc (symbol);

create table patent_assignee (
  patent_id text not null,
  sequence integer not null,
  assignee_id text,
  organization text,
  assignee_type text,
  location_id text,
  primary key (patent_id, sequence)
);

create table patent_inventor (
  patent_id text not null,
  sequence integer not null,
  inventor_id text,
  location_id text,
  primary key (patent_id, sequence)
);

-- g_location_disambiguated; `country` is PatentsView's disambig_country (ISO alpha-2) as published.
create table patent_location (
  id text primary key,
  city text,
  state text,
  country text
);

-- The patent part of a technology's recipe, versioned like `recipe`: CPC/IPC prefix patterns that suffice on
-- their own (`patterns`), patterns that also need the keyword query over title and abstract
-- (`candidate_patterns`), and whether the query alone suffices. `query` null = the technology's paper query.
create table recipe_cpc (
  tech_id text not null,
  version integer not null,
  patterns text[] not null default '{}',
  candidate_patterns text[] not null default '{}',
  query text,
  query_alone boolean not null default false,
  status text not null default 'starter',
  source text,
  created_at timestamptz not null default now(),
  primary key (tech_id, version)
);

create table patent_tech (
  patent_id text not null,
  tech_id text not null,
  recipe_version integer not null,
  cpc_version integer not null,
  matched_by text not null,
  primary key (patent_id, tech_id)
);
create index patent_tech_tech_idx on patent_tech (tech_id, patent_id);

-- Patent facts. `basis` says whose location places the patent: 'inventor' or 'assignee'. grants_frac splits
-- one grant over the inventors (or assignees) equally, each share to that party's country (UNKNOWN when the
-- location is missing); grants_full gives 1 to every distinct country on the grant.
create table tech_country_year_patent (
  tech_id text not null,
  basis text not null check (basis in ('inventor', 'assignee')),
  country text not null,
  year smallint not null,
  grants_full integer not null,
  grants_frac double precision not null,
  primary key (tech_id, basis, country, year)
);

-- All grants per country and year, whatever the technology (RTA denominators).
create table country_year_patent (
  basis text not null check (basis in ('inventor', 'assignee')),
  country text not null,
  year smallint not null,
  grants_full integer not null,
  grants_frac double precision not null,
  primary key (basis, country, year)
);

create table patent_rollup_run (
  id bigserial primary key,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  patents integer,
  located_inventor_share double precision,
  located_assignee_share double precision
);

-- Aggregate data sets: countries, country-pair co-authorship, statistics in long form (World Bank, NSF,
-- KISTEP, USGS), and the semiconductor supply-chain graph. Each import replaces the rows of its own
-- source file in one transaction, so importing the same file again changes nothing.

create table country (
  alpha2 char(2) primary key,
  alpha3 char(3) not null unique,
  numeric_code char(3),
  name_en text not null,
  name_ko text not null,
  region text,
  sub_region text,
  world_atlas_id text,
  source text not null
);

create table coauthor_pair (
  year smallint not null,
  country_a char(2) not null,
  country_b char(2) not null,
  works integer not null check (works >= 0),
  primary key (year, country_a, country_b),
  check (country_a < country_b)
);
create index coauthor_pair_b on coauthor_pair (country_b, year);

create table coauthor_country_year (
  year smallint not null,
  country char(2) not null,
  works integer not null check (works >= 0),
  partner_countries integer,
  primary key (country, year)
);

-- One observation of a published statistic. `dims` keeps the table's other dimensions (field, counting
-- method, measure…) so that nothing published is lost; `country` is set when the entity is a country.
create table statistic (
  id bigserial primary key,
  dataset text not null,
  series text not null,
  entity text not null,
  country char(2),
  year smallint,
  year_end smallint,
  dims jsonb not null default '{}',
  value double precision,
  unit text,
  flag text,
  source_file text not null,
  source_line integer not null
);
create index statistic_lookup on statistic (dataset, series, country, year);
create index statistic_file on statistic (dataset, source_file);

create table critical_mineral (
  list text not null,
  mineral text not null,
  applications text,
  production_names text[] not null default '{}',
  primary key (list, mineral)
);

create table supply_stage (
  id text primary key,
  name text not null,
  description text,
  market_size_note text,
  source text
);

create table supply_input (
  id text primary key,
  name text not null,
  type text not null,
  stage_id text,
  description text,
  year smallint,
  market_size_note text,
  source text
);

create table supply_provider (
  id text primary key,
  name text not null,
  aliases text[] not null default '{}',
  type text not null,
  country char(2)
);

create table supply_provision (
  provider_id text not null,
  input_id text not null,
  share double precision,
  year smallint,
  source text,
  primary key (provider_id, input_id)
);

create table supply_edge (
  source_id text not null,
  relation text not null,
  target_id text not null,
  primary key (source_id, relation, target_id)
);

create table supply_country_share (
  item_id text not null,
  item_level text not null,
  country_code text not null,
  country char(2),
  provider_id text,
  share double precision,
  year smallint,
  source text,
  primary key (item_id, country_code)
);

-- Titles, descriptions and units of published series (e.g. World Bank indicator metadata).
create table statistic_series (
  dataset text not null,
  series text not null,
  title text not null,
  description text,
  unit text,
  licence text,
  primary key (dataset, series)
);

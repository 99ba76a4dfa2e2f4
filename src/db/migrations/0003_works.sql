-- Evidence: OpenAlex works normalised for counting, plus ingest bookkeeping and the quarantine.
-- Ids are the numbers of OpenAlex ids (W123 -> 123). Works, authorships and the per-work tables are keyed
-- by work_id first, so they can be distributed by work_id later (design.md §3).

create table work (
  id bigint primary key,
  doi text,
  year smallint,
  publication_date date,
  type text,
  language text,
  title text,
  cited_by integer not null default 0,
  primary_topic_id integer,
  subfield_id smallint,
  field_id smallint,
  is_retracted boolean not null default false,
  is_paratext boolean not null default false,
  authors_truncated boolean not null default false,
  updated_date timestamp not null,
  synthetic boolean not null default false,
  ingest_run_id bigint
);
create index work_year_idx on work (year);
create index work_doi_idx on work (doi) where doi is not null;

create table authorship (
  work_id bigint not null,
  position smallint not null,
  author_id bigint,
  author_name text,
  institution_ids bigint[] not null default '{}',
  country_codes text[] not null default '{}',
  is_corresponding boolean not null default false,
  primary key (work_id, position)
);
create index authorship_author_idx on authorship (author_id);

create table institution (
  id bigint primary key,
  ror text,
  name text,
  country text,
  type text
);

create table work_topic (
  work_id bigint not null,
  topic_id integer not null,
  score real not null,
  primary key (work_id, topic_id)
);
-- classification reads works by topic
create index work_topic_topic_idx on work_topic (topic_id, work_id);

create table work_keyword (
  work_id bigint not null,
  keyword text not null,
  score real,
  primary key (work_id, keyword)
);
create index work_keyword_keyword_idx on work_keyword (keyword);

-- Per-work country weights (methods.md §1): frac = author-level fractional credit (sums to 1 per work,
-- UNKNOWN included), full = 1 for every country on the work.
create table work_country (
  work_id bigint not null,
  country text not null,
  frac double precision not null,
  full_count smallint not null default 1,
  primary key (work_id, country)
);
-- rollups join work_tech to work_country and group by country and year
create index work_country_country_idx on work_country (country, work_id);

create table ingest_run (
  id bigserial primary key,
  source text not null,
  path text not null,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  status text not null default 'running',
  ingested bigint not null default 0,
  updated bigint not null default 0,
  unchanged bigint not null default 0,
  quarantined bigint not null default 0
);

-- One row per input file: `lines_done` is committed with each batch, so an interrupted run resumes there.
-- A file is recognised by its path, size and modification time.
create table ingest_file (
  path text primary key,
  size bigint not null,
  mtime_ms bigint not null,
  run_id bigint,
  status text not null default 'partial',
  lines_done bigint not null default 0,
  ingested bigint not null default 0,
  updated bigint not null default 0,
  unchanged bigint not null default 0,
  quarantined bigint not null default 0,
  updated_at timestamptz not null default now()
);

create table quarantine (
  id bigserial primary key,
  source text not null,
  locator text not null,
  reason text not null,
  raw text,
  run_id bigint,
  seen_at timestamptz not null default now(),
  resolved_at timestamptz,
  unique (source, locator)
);

-- Talent (issue #13): job postings imported from CSV and classified into technologies with the recipes' queries.
-- A posting belongs to one import (dataset_id); source_row is its row in the CSV, so a report can point back to it.
-- Postings carry no personal data (employer, region, occupation, skills); demand is read as counts.

create table job_posting (
  id bigserial primary key,
  dataset_id text not null,
  source_row integer not null,
  posted_on date not null,
  employer text not null,
  region text not null,
  occupation text not null,
  skills text not null default '',
  tech_tags text[] not null default '{}',
  synthetic boolean not null default false,
  unique (dataset_id, source_row)
);
create index job_posting_month_idx on job_posting (posted_on);

-- Technologies a posting is classified into: by its explicit tags ('tag') or by a recipe's query on the
-- occupation and skills text ('query'), as of recipe_version.
create table job_posting_tech (
  posting_id bigint not null,
  tech_id text not null,
  matched_by text not null check (matched_by in ('tag', 'query')),
  recipe_version integer,
  primary key (posting_id, tech_id)
);
create index job_posting_tech_tech_idx on job_posting_tech (tech_id, posting_id);

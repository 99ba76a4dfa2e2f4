-- Technology registry: versioned lists (Korea's CETs, US, EU, ASPI, …), their technologies, the lineage that
-- maps one version's items to the next, crosswalks between lists, and the change log of draft revisions.

create table taxonomy_version (
  id text primary key,
  jurisdiction text not null,
  id_prefix text not null unique,
  title_en text not null,
  title_ko text,
  issuer text,
  published_on text,                          -- YYYY, YYYY-MM or YYYY-MM-DD: sources often give only a month
  status text not null check (status in ('draft', 'published', 'retired')),
  based_on text references taxonomy_version (id),
  verification text not null check (verification in ('verified', 'partly_verified', 'unverified')),
  verification_note text,
  level_names jsonb not null,
  source jsonb not null,                      -- { citation, urls[], note }
  attributes jsonb not null default '{}'::jsonb,
  builtin boolean not null default false,
  created_at timestamptz not null default now(),
  published_at timestamptz,
  published_by text                           -- filled once accounts exist
);

-- Technology ids are unique across the registry (they carry the version prefix, e.g. kr2022.semis.memory).
create table technology (
  id text primary key,
  version_id text not null references taxonomy_version (id) on delete cascade,
  parent_id text references technology (id) on delete cascade,
  kind text not null check (kind in ('field', 'technology')),
  position integer not null default 0,
  name_ko text,
  name_en text,
  aliases jsonb not null default '[]'::jsonb,
  description text,
  strategy_group text check (strategy_group in ('leading', 'catch_up', 'pioneering')),
  game_changer boolean not null default false,
  highest_risk boolean not null default false,
  verification text not null check (verification in ('verified', 'verified_name', 'reconstructed', 'unverified')),
  sources jsonb not null default '[]'::jsonb,
  note text,
  attributes jsonb not null default '{}'::jsonb,
  check (name_ko is not null or name_en is not null)
);
create index technology_version_idx on technology (version_id, parent_id, position);

-- tech_id continues predecessor_id of an earlier version (one row per edge: merges and splits are many edges).
create table technology_lineage (
  tech_id text not null references technology (id) on delete cascade,
  predecessor_id text not null references technology (id) on delete cascade,
  basis text,
  primary key (tech_id, predecessor_id)
);
create index technology_lineage_predecessor_idx on technology_lineage (predecessor_id);

create table crosswalk (
  from_tech text not null references technology (id) on delete cascade,
  to_tech text not null references technology (id) on delete cascade,
  strength text not null check (strength in ('exact', 'partial')),
  note text,
  crosswalk_set text not null,                -- which crosswalk file or import the link came from
  verification text not null check (verification in ('verified', 'verified_name', 'reconstructed', 'unverified')),
  primary key (from_tech, to_tech),
  check (from_tech <> to_tech)
);
create index crosswalk_to_idx on crosswalk (to_tech);

-- The rationale log of a draft revision: one row per add / remove / rename / move / merge / split.
create table taxonomy_change (
  id bigint generated always as identity primary key,
  version_id text not null references taxonomy_version (id) on delete cascade,
  seq integer not null,
  kind text not null check (kind in ('add', 'remove', 'rename', 'move', 'merge', 'split')),
  payload jsonb not null,
  rationale text not null,
  evidence jsonb not null default '[]'::jsonb,
  created_at timestamptz not null default now(),
  created_by text,
  unique (version_id, seq)
);

-- Foresight: a register of countries' policy events (funding programmes, export controls, laws, strategies…),
-- imported from CSV/JSON and editable; read by the watch list of policy signals. Public information with a
-- source link for every event.

create table policy_event (
  id bigint generated always as identity primary key,
  country char(2) not null,
  event_date date not null,
  tech_id text,
  instrument text not null check (
    instrument in ('funding', 'export_control', 'law', 'strategy', 'standard', 'investment_screening', 'other')
  ),
  title text not null,
  amount double precision,
  currency text,
  source_url text not null,
  note text,
  created_at timestamptz not null default now(),
  created_by text not null,
  unique (country, event_date, title)
);
create index policy_event_tech_idx on policy_event (tech_id, event_date);
create index policy_event_country_idx on policy_event (country, event_date);

-- CETs Innovation Forum: proposals about technologies (or a new technology), one-level comment threads,
-- support votes, follows, reports, moderation (hide/restore, suspensions, word filters) and a log of posting
-- activity for per-user and per-IP rate limits. Moderation decisions are recorded in audit_log.
--
-- Content status: 'visible' (public), 'held' (a spam heuristic or word filter held it for a moderator),
-- 'hidden' (a moderator hid it, with a reason). Only 'visible' content is shown to the public.
--
-- Search: `search` is a tsvector built by the application (src/forum/search-text.ts): Latin-script words go
-- through the 'english' configuration, Hangul runs are cut into character bigrams and go through 'simple'.
-- No extension is needed.

create table forum_proposal (
  id bigint generated always as identity primary key,
  kind text not null check (kind in ('add_technology', 'remove_technology', 'rename_technology',
                                     'research_agenda', 'regulation', 'infrastructure', 'cooperation')),
  tech_id text,                               -- the technology (for add_technology: the field it would join)
  proposed_name text check (char_length(proposed_name) between 2 and 120),
  title text not null check (char_length(title) between 5 and 200),
  body text not null check (char_length(body) between 1 and 20000),
  links jsonb not null default '[]'::jsonb,   -- [{ url, title? }]: attachments are links only
  author_id bigint not null references app_user (id) on delete cascade,
  status text not null default 'visible' check (status in ('visible', 'held', 'hidden')),
  moderation_reason text,
  moderated_by text,
  moderated_at timestamptz,
  created_at timestamptz not null default now(),
  search tsvector not null,
  check (tech_id is not null or proposed_name is not null),
  check (kind <> 'add_technology' or proposed_name is not null),
  check (kind <> 'rename_technology' or (tech_id is not null and proposed_name is not null))
);
create index forum_proposal_created_idx on forum_proposal (created_at desc);
create index forum_proposal_tech_idx on forum_proposal (tech_id);
create index forum_proposal_author_idx on forum_proposal (author_id, created_at desc);
create index forum_proposal_search_idx on forum_proposal using gin (search);

-- Threaded one level: a reply's parent is a top-level comment of the same proposal (checked on insert).
create table forum_comment (
  id bigint generated always as identity primary key,
  proposal_id bigint not null references forum_proposal (id) on delete cascade,
  parent_id bigint references forum_comment (id) on delete cascade,
  author_id bigint not null references app_user (id) on delete cascade,
  body text not null check (char_length(body) between 1 and 5000),
  status text not null default 'visible' check (status in ('visible', 'held', 'hidden')),
  moderation_reason text,
  moderated_by text,
  moderated_at timestamptz,
  created_at timestamptz not null default now()
);
create index forum_comment_proposal_idx on forum_comment (proposal_id, created_at);
create index forum_comment_author_idx on forum_comment (author_id, created_at desc);

-- One vote per user and proposal, enforced by the primary key; changing it updates the row.
create table forum_vote (
  proposal_id bigint not null references forum_proposal (id) on delete cascade,
  user_id bigint not null references app_user (id) on delete cascade,
  value smallint not null check (value in (-1, 1)),   -- 1 support, -1 oppose
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (proposal_id, user_id)
);
create index forum_vote_user_idx on forum_vote (user_id);

create table forum_follow (
  proposal_id bigint not null references forum_proposal (id) on delete cascade,
  user_id bigint not null references app_user (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (proposal_id, user_id)
);
create index forum_follow_user_idx on forum_follow (user_id);

create table forum_report (
  id bigint generated always as identity primary key,
  target_type text not null check (target_type in ('proposal', 'comment')),
  target_id bigint not null,
  reporter_id bigint not null references app_user (id) on delete cascade,
  reason text not null check (char_length(reason) between 1 and 500),
  created_at timestamptz not null default now(),
  resolved_at timestamptz,
  resolved_by text,
  resolution text,
  unique (target_type, target_id, reporter_id)
);
create index forum_report_open_idx on forum_report (target_type, target_id) where resolved_at is null;

-- A suspended user cannot write in the forum until `until` (null = until lifted).
create table forum_suspension (
  user_id bigint primary key references app_user (id) on delete cascade,
  reason text not null,
  until timestamptz,
  created_by text not null,
  created_at timestamptz not null default now()
);

-- Words or phrases: 'block' refuses the text, 'hold' keeps it from the public until a moderator decides.
create table forum_word_filter (
  id bigint generated always as identity primary key,
  term text not null unique check (char_length(term) between 2 and 100),
  action text not null check (action in ('block', 'hold')),
  created_by text not null,
  created_at timestamptz not null default now()
);

-- Posting activity for rate limits (by user and by client address); rows older than a day can be deleted.
create table forum_activity (
  id bigint generated always as identity primary key,
  user_id bigint not null,
  ip text,
  action text not null check (action in ('proposal', 'comment', 'report')),
  at timestamptz not null default now()
);
create index forum_activity_user_idx on forum_activity (user_id, action, at);
create index forum_activity_ip_idx on forum_activity (ip, action, at);

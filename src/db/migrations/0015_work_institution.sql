-- Per-work institution credit (methods.md §1, author-level fractional counting), stored at ingest like
-- work_country: institution rollups read it instead of recomputing every work's credit from its authorships on
-- every rollup. Pseudo-institutions (an authorship's countries when it lists no institution) take their share
-- of the author's credit but are not stored, so a work's rows sum to at most 1.
create table work_institution (
  work_id bigint not null,
  institution_id bigint not null,
  frac double precision not null,
  primary key (work_id, institution_id)
);

-- Works ingested before this table existed: the same credit computed from their stored authorships. An author
-- is an author id (or, without one, an authorship); their affiliations are the institutions of all their
-- authorships, or an authorship's countries when it has no institution; each affiliation gets 1/(n·k).
insert into work_institution (work_id, institution_id, frac)
with affiliation as (
  select a.work_id, coalesce('A' || a.author_id, 'P' || a.position) as author, x.affiliation
  from authorship a
  cross join lateral unnest(case when cardinality(a.institution_ids) > 0
      then array(select 'I' || i from unnest(a.institution_ids) i)
      else array(select 'C' || c from unnest(a.country_codes) c) end) as x(affiliation)
),
authors as (
  select work_id, count(distinct coalesce('A' || author_id, 'P' || position)) as n from authorship group by work_id
),
distinct_affiliation as (select distinct work_id, author, affiliation from affiliation),
author_size as (select work_id, author, count(*) as k from distinct_affiliation group by work_id, author)
select d.work_id, substr(d.affiliation, 2)::bigint, sum(1.0::float8 / (n.n * s.k))
from distinct_affiliation d
join author_size s on s.work_id = d.work_id and s.author = d.author
join authors n on n.work_id = d.work_id
where d.affiliation like 'I%'
group by d.work_id, d.affiliation
order by 1, 2;

/**
 * How each table is placed on a Citus cluster (distributed PostgreSQL). Works and everything hanging off a work
 * are distributed by work id and co-located, so per-work joins stay on one node; facts are distributed by
 * technology; small lists (taxonomies, countries, recipes) are reference tables copied to every node; the rest
 * (bookkeeping, accounts, audit, quarantine) stays on the coordinator. `cetmap db citus` prints the DDL.
 */
export type Placement =
  | { kind: 'distributed'; column: string; colocateWith?: string }
  | { kind: 'reference' }
  | { kind: 'local'; why: string };

export const TABLE_PLACEMENT: Readonly<Record<string, Placement>> = {
  // evidence, by work
  work: { kind: 'distributed', column: 'id' },
  authorship: { kind: 'distributed', column: 'work_id', colocateWith: 'work' },
  work_topic: { kind: 'distributed', column: 'work_id', colocateWith: 'work' },
  work_keyword: { kind: 'distributed', column: 'work_id', colocateWith: 'work' },
  work_country: { kind: 'distributed', column: 'work_id', colocateWith: 'work' },
  work_institution: { kind: 'distributed', column: 'work_id', colocateWith: 'work' },
  work_tech: { kind: 'distributed', column: 'work_id', colocateWith: 'work' },
  work_impact: { kind: 'distributed', column: 'work_id', colocateWith: 'work' },
  work_classified: { kind: 'distributed', column: 'work_id', colocateWith: 'work' },
  // patents, by patent id (text), co-located with each other
  patent: { kind: 'distributed', column: 'id' },
  patent_application: { kind: 'distributed', column: 'patent_id', colocateWith: 'patent' },
  patent_cpc: { kind: 'distributed', column: 'patent_id', colocateWith: 'patent' },
  patent_assignee: { kind: 'distributed', column: 'patent_id', colocateWith: 'patent' },
  patent_inventor: { kind: 'distributed', column: 'patent_id', colocateWith: 'patent' },
  patent_tech: { kind: 'distributed', column: 'patent_id', colocateWith: 'patent' },
  patent_location: { kind: 'reference' },
  recipe_cpc: { kind: 'reference' },
  // facts, by technology
  tech_country_year: { kind: 'distributed', column: 'tech_id' },
  tech_institution_year: { kind: 'distributed', column: 'tech_id', colocateWith: 'tech_country_year' },
  tech_country_year_patent: { kind: 'distributed', column: 'tech_id', colocateWith: 'tech_country_year' },
  country_year_patent: { kind: 'reference' },
  // reference data, on every node
  taxonomy_version: { kind: 'reference' },
  technology: { kind: 'reference' },
  technology_lineage: { kind: 'reference' },
  crosswalk: { kind: 'reference' },
  taxonomy_change: { kind: 'reference' },
  recipe: { kind: 'reference' },
  country: { kind: 'reference' },
  institution: { kind: 'reference' },
  country_year: { kind: 'reference' },
  // aggregates: small, read with facts
  coauthor_pair: { kind: 'reference' },
  coauthor_country_year: { kind: 'reference' },
  statistic: { kind: 'reference' },
  statistic_series: { kind: 'reference' },
  critical_mineral: { kind: 'reference' },
  supply_stage: { kind: 'reference' },
  supply_input: { kind: 'reference' },
  supply_provider: { kind: 'reference' },
  supply_provision: { kind: 'reference' },
  supply_edge: { kind: 'reference' },
  supply_country_share: { kind: 'reference' },
  policy_event: { kind: 'reference' },
  // performance management: small, edited by people
  programme: { kind: 'reference' },
  programme_tech: { kind: 'reference' },
  budget_line: { kind: 'reference' },
  target_measurement: { kind: 'local', why: 'entered measurements, audited' },
  mission: { kind: 'reference' },
  milestone: { kind: 'reference' },
  kpi: { kind: 'reference' },
  kpi_value: { kind: 'reference' },
  cet_review: { kind: 'local', why: 'annual reviews by people, audited' },
  portfolio_change: { kind: 'local', why: 'change history of the performance data, written in order' },
  // coordinator only
  schema_migration: { kind: 'local', why: 'migration bookkeeping' },
  app_setting: { kind: 'local', why: 'settings' },
  dataset: { kind: 'local', why: 'bookkeeping' },
  ingest_run: { kind: 'local', why: 'ingest bookkeeping' },
  ingest_file: { kind: 'local', why: 'ingest bookkeeping' },
  quarantine: { kind: 'local', why: 'bad records, read by people' },
  rollup_run: { kind: 'local', why: 'bookkeeping' },
  patent_rollup_run: { kind: 'local', why: 'bookkeeping' },
  app_user: { kind: 'local', why: 'accounts' },
  user_role: { kind: 'local', why: 'accounts' },
  user_session: { kind: 'local', why: 'accounts' },
  api_token: { kind: 'local', why: 'accounts' },
  login_attempt: { kind: 'local', why: 'accounts' },
  password_reset: { kind: 'local', why: 'accounts' },
  audit_log: { kind: 'local', why: 'append-only audit chain, written in order on one node' },
  forum_proposal: { kind: 'local', why: 'forum: small, written by people, moderated' },
  forum_comment: { kind: 'local', why: 'forum' },
  forum_vote: { kind: 'local', why: 'forum: one vote per user, kept by a primary key' },
  forum_follow: { kind: 'local', why: 'forum' },
  forum_report: { kind: 'local', why: 'forum moderation' },
  forum_suspension: { kind: 'local', why: 'forum moderation' },
  forum_word_filter: { kind: 'local', why: 'forum moderation' },
  forum_activity: { kind: 'local', why: 'forum rate limits' },
  // research security: sensitive, small, kept on the coordinator
  security_rule_set: { kind: 'local', why: 'research-security rules, versioned' },
  security_watchlist: { kind: 'local', why: 'research-security watch-list' },
  security_case: { kind: 'local', why: 'research-security cases (sensitive)' },
  security_case_event: { kind: 'local', why: 'research-security workflow history' },
  security_attachment: { kind: 'local', why: 'research-security attachments (sensitive)' },
  // talent: job postings, distributed by posting id and co-located with their technologies
  job_posting: { kind: 'distributed', column: 'id' },
  job_posting_tech: { kind: 'distributed', column: 'posting_id', colocateWith: 'job_posting' },
};

const literal = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** The Citus DDL for the given tables (those the database has), reference tables first. */
export function citusDdl(tables: readonly string[]): { ddl: string; unplaced: string[] } {
  const unplaced = tables.filter((t) => !TABLE_PLACEMENT[t]);
  const lines = [
    '-- cetmap on Citus: run on the coordinator after `cetmap db migrate`, with the citus extension created.',
    '-- Reference tables are copied to every worker; evidence is distributed by work id, facts by technology.',
  ];
  const present = tables.filter((t) => TABLE_PLACEMENT[t]);
  for (const t of present)
    if (TABLE_PLACEMENT[t]!.kind === 'reference') lines.push(`select create_reference_table(${literal(t)});`);
  // Distributed tables: each co-location group's anchor before the tables co-located with it.
  const distributed = present.filter((t) => TABLE_PLACEMENT[t]!.kind === 'distributed');
  const anchors = distributed.filter((t) => !(TABLE_PLACEMENT[t] as { colocateWith?: string }).colocateWith);
  for (const anchor of anchors) {
    const p = TABLE_PLACEMENT[anchor] as { column: string };
    lines.push(`select create_distributed_table(${literal(anchor)}, ${literal(p.column)});`);
    for (const t of distributed) {
      const q = TABLE_PLACEMENT[t] as { column: string; colocateWith?: string };
      if (q.colocateWith === anchor) {
        lines.push(
          `select create_distributed_table(${literal(t)}, ${literal(q.column)}, colocate_with => ${literal(anchor)});`,
        );
      }
    }
  }
  const local = present.filter((t) => TABLE_PLACEMENT[t]!.kind === 'local');
  lines.push(`-- kept on the coordinator: ${local.join(', ')}`);
  if (unplaced.length > 0) lines.push(`-- NOT PLACED (decide before distributing): ${unplaced.join(', ')}`);
  return { ddl: lines.join('\n') + '\n', unplaced };
}

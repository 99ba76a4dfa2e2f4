/**
 * Kysely table types. One interface per table; read/insert/update shapes derive from it.
 * Columns stay snake_case, as in SQL.
 */
import type { ColumnType, Generated, Selectable } from 'kysely';

export interface SchemaMigrationTable {
  version: number;
  name: string;
  checksum: string;
  applied_at: Generated<Date>;
}

/** Every loaded data set, real or synthetic: the UI shows a banner whenever a synthetic one is loaded. */
export interface DatasetTable {
  id: string;
  kind: string;
  title: string;
  synthetic: ColumnType<boolean, boolean | undefined, boolean>;
  source: string | null;
  licence: string | null;
  loaded_at: Generated<Date>;
  row_count: ColumnType<number, number | undefined, number>;
}

export interface AppSettingTable {
  key: string;
  value: unknown;
  updated_at: Generated<Date>;
}

/** Evidence (migration 0003): OpenAlex works and what hangs off them; ids are the numbers of OpenAlex ids. */
export interface WorkTable {
  id: number;
  doi: string | null;
  year: number | null;
  publication_date: string | null;
  type: string | null;
  language: string | null;
  title: string | null;
  abstract: ColumnType<string | null, string | null | undefined, string | null>;
  cited_by: number;
  primary_topic_id: number | null;
  subfield_id: number | null;
  field_id: number | null;
  is_retracted: boolean;
  is_paratext: boolean;
  authors_truncated: boolean;
  updated_date: ColumnType<Date, string, string>;
  synthetic: boolean;
  ingest_run_id: number | null;
}

export interface AuthorshipTable {
  work_id: number;
  position: number;
  author_id: number | null;
  author_name: string | null;
  institution_ids: number[];
  country_codes: string[];
  is_corresponding: boolean;
}

export interface InstitutionTable {
  id: number;
  ror: string | null;
  name: string | null;
  country: string | null;
  type: string | null;
  /** updated_date of the newest work that listed the institution (its details come from that work). */
  seen_date: ColumnType<Date | null, string | null | undefined, string | null>;
}

export interface WorkTopicTable {
  work_id: number;
  topic_id: number;
  score: number;
}

export interface WorkKeywordTable {
  work_id: number;
  keyword: string;
  score: number | null;
}

export interface WorkCountryTable {
  work_id: number;
  country: string;
  frac: number;
  full_count: number;
}

export interface WorkInstitutionTable {
  work_id: number;
  institution_id: number;
  frac: number;
}

export interface IngestRunTable {
  id: Generated<number>;
  source: string;
  path: string;
  started_at: Generated<Date>;
  finished_at: Date | null;
  status: Generated<string>;
  ingested: Generated<number>;
  updated: Generated<number>;
  unchanged: Generated<number>;
  quarantined: Generated<number>;
}

export interface IngestFileTable {
  path: string;
  size: number;
  mtime_ms: number;
  run_id: number | null;
  status: Generated<string>;
  lines_done: Generated<number>;
  ingested: Generated<number>;
  updated: Generated<number>;
  unchanged: Generated<number>;
  quarantined: Generated<number>;
  updated_at: Generated<Date>;
}

export interface QuarantineTable {
  id: Generated<number>;
  source: string;
  locator: string;
  reason: string;
  raw: string | null;
  run_id: number | null;
  seen_at: Generated<Date>;
  resolved_at: Date | null;
}

/** A version of a technology list (Korea 2022, US 2024, a draft revision, …); see 0002_taxonomy.sql. */
export interface TaxonomyVersionTable {
  id: string;
  jurisdiction: string;
  id_prefix: string;
  title_en: string;
  title_ko: string | null;
  issuer: string | null;
  published_on: string | null;
  status: 'draft' | 'published' | 'retired';
  based_on: string | null;
  verification: 'verified' | 'partly_verified' | 'unverified';
  verification_note: string | null;
  level_names: ColumnType<Record<string, string>, string, string>;
  source: ColumnType<{ citation: string; urls: string[]; note: string | null }, string, string>;
  attributes: ColumnType<Record<string, unknown>, string | undefined, string>;
  builtin: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Generated<Date>;
  published_at: Date | null;
  published_by: string | null;
}

export interface TechnologyTable {
  id: string;
  version_id: string;
  parent_id: string | null;
  kind: 'field' | 'technology';
  position: number;
  name_ko: string | null;
  name_en: string | null;
  aliases: ColumnType<string[], string, string>;
  description: string | null;
  strategy_group: 'leading' | 'catch_up' | 'pioneering' | null;
  game_changer: boolean;
  highest_risk: boolean;
  verification: 'verified' | 'verified_name' | 'reconstructed' | 'unverified';
  sources: ColumnType<string[], string, string>;
  note: string | null;
  attributes: ColumnType<Record<string, unknown>, string, string>;
}

export interface TechnologyLineageTable {
  tech_id: string;
  predecessor_id: string;
  basis: string | null;
}

export interface CrosswalkTable {
  from_tech: string;
  to_tech: string;
  strength: 'exact' | 'partial';
  note: string | null;
  crosswalk_set: string;
  verification: 'verified' | 'verified_name' | 'reconstructed' | 'unverified';
}

export interface TaxonomyChangeTable {
  id: Generated<number>;
  version_id: string;
  seq: number;
  kind: 'add' | 'remove' | 'rename' | 'move' | 'merge' | 'split';
  payload: ColumnType<unknown, string, string>;
  rationale: string;
  evidence: ColumnType<unknown[], string, string>;
  created_at: Generated<Date>;
  created_by: string | null;
}

export interface Database {
  schema_migration: SchemaMigrationTable;
  dataset: DatasetTable;
  app_setting: AppSettingTable;
  taxonomy_version: TaxonomyVersionTable;
  technology: TechnologyTable;
  technology_lineage: TechnologyLineageTable;
  crosswalk: CrosswalkTable;
  taxonomy_change: TaxonomyChangeTable;
  work: WorkTable;
  authorship: AuthorshipTable;
  institution: InstitutionTable;
  work_topic: WorkTopicTable;
  work_keyword: WorkKeywordTable;
  work_country: WorkCountryTable;
  work_institution: WorkInstitutionTable;
  ingest_run: IngestRunTable;
  ingest_file: IngestFileTable;
  quarantine: QuarantineTable;
  country: CountryTable;
  coauthor_pair: CoauthorPairTable;
  coauthor_country_year: CoauthorCountryYearTable;
  statistic: StatisticTable;
  statistic_series: StatisticSeriesTable;
  critical_mineral: CriticalMineralTable;
  supply_stage: SupplyStageTable;
  supply_input: SupplyInputTable;
  supply_provider: SupplyProviderTable;
  supply_provision: SupplyProvisionTable;
  supply_edge: SupplyEdgeTable;
  supply_country_share: SupplyCountryShareTable;
  recipe: RecipeTable;
  work_tech: WorkTechTable;
  work_classified: WorkClassifiedTable;
  work_impact: WorkImpactTable;
  tech_country_year: TechCountryYearTable;
  tech_institution_year: TechInstitutionYearTable;
  country_year: CountryYearTable;
  rollup_run: RollupRunTable;
  app_user: AppUserTable;
  user_role: UserRoleTable;
  user_session: UserSessionTable;
  api_token: ApiTokenTable;
  login_attempt: LoginAttemptTable;
  password_reset: PasswordResetTable;
  audit_log: AuditLogTable;
  policy_event: PolicyEventTable;
  programme: ProgrammeTable;
  programme_tech: ProgrammeTechTable;
  budget_line: BudgetLineTable;
  target_measurement: TargetMeasurementTable;
  mission: MissionTable;
  milestone: MilestoneTable;
  kpi: KpiTable;
  kpi_value: KpiValueTable;
  cet_review: CetReviewTable;
  portfolio_change: PortfolioChangeTable;
  patent: PatentTable;
  patent_application: PatentApplicationTable;
  patent_cpc: PatentCpcTable;
  patent_assignee: PatentAssigneeTable;
  patent_inventor: PatentInventorTable;
  patent_location: PatentLocationTable;
  recipe_cpc: RecipeCpcTable;
  patent_tech: PatentTechTable;
  tech_country_year_patent: TechCountryYearPatentTable;
  country_year_patent: CountryYearPatentTable;
  patent_rollup_run: PatentRollupRunTable;
  forum_proposal: ForumProposalTable;
  forum_comment: ForumCommentTable;
  forum_vote: ForumVoteTable;
  forum_follow: ForumFollowTable;
  forum_report: ForumReportTable;
  forum_suspension: ForumSuspensionTable;
  forum_word_filter: ForumWordFilterTable;
  forum_activity: ForumActivityTable;
  security_rule_set: SecurityRuleSetTable;
  security_watchlist: SecurityWatchlistTable;
  security_case: SecurityCaseTable;
  security_case_event: SecurityCaseEventTable;
  job_posting: JobPostingTable;
  job_posting_tech: JobPostingTechTable;
  security_attachment: SecurityAttachmentTable;
}

export type Dataset = Selectable<DatasetTable>;

/** Aggregate data sets (migration 0004). */
export interface CountryTable {
  alpha2: string;
  alpha3: string;
  numeric_code: string | null;
  name_en: string;
  name_ko: string;
  region: string | null;
  sub_region: string | null;
  world_atlas_id: string | null;
  source: string;
}

export interface CoauthorPairTable {
  year: number;
  country_a: string;
  country_b: string;
  works: number;
}

export interface CoauthorCountryYearTable {
  year: number;
  country: string;
  works: number;
  partner_countries: number | null;
}

export interface StatisticTable {
  id: Generated<number>;
  dataset: string;
  series: string;
  entity: string;
  country: string | null;
  year: number | null;
  year_end: number | null;
  dims: ColumnType<Record<string, unknown>, string, string>;
  value: number | null;
  unit: string | null;
  flag: string | null;
  source_file: string;
  source_line: number;
}

export interface StatisticSeriesTable {
  dataset: string;
  series: string;
  title: string;
  description: string | null;
  unit: string | null;
  licence: string | null;
}

export interface CriticalMineralTable {
  list: string;
  mineral: string;
  applications: string | null;
  production_names: string[];
}

export interface SupplyStageTable {
  id: string;
  name: string;
  description: string | null;
  market_size_note: string | null;
  source: string | null;
}

export interface SupplyInputTable {
  id: string;
  name: string;
  type: string;
  stage_id: string | null;
  description: string | null;
  year: number | null;
  market_size_note: string | null;
  source: string | null;
}

export interface SupplyProviderTable {
  id: string;
  name: string;
  aliases: string[];
  type: string;
  country: string | null;
}

export interface SupplyProvisionTable {
  provider_id: string;
  input_id: string;
  share: number | null;
  year: number | null;
  source: string | null;
}

export interface SupplyEdgeTable {
  source_id: string;
  relation: string;
  target_id: string;
}

export interface SupplyCountryShareTable {
  item_id: string;
  item_level: string;
  country_code: string;
  country: string | null;
  provider_id: string | null;
  share: number | null;
  year: number | null;
  source: string | null;
}

/** Classification and rollups (migration 0005). */
export type RecipeRule = 'topic_and_query' | 'topic_or_query' | 'topics' | 'query';

export interface RecipeTable {
  tech_id: string;
  version: number;
  topics: number[];
  min_topic_score: number;
  query: string | null;
  rule: RecipeRule;
  title_query_rule: boolean;
  status: string;
  source: string | null;
  created_at: Generated<Date>;
}

export interface WorkTechTable {
  work_id: number;
  tech_id: string;
  recipe_version: number;
  score: number;
  matched_by: string;
}

export interface WorkImpactTable {
  work_id: number;
  reference_set: string;
  reference_size: number;
  top10: number;
  top1: number;
  ncs: number | null;
}

export interface TechCountryYearTable {
  tech_id: string;
  country: string;
  year: number;
  works_full: number;
  works_frac: number;
  citations_frac: number;
  top10_frac: number;
  top1_frac: number;
  ncs_frac_sum: number;
  ncs_frac_weight: number;
}

export interface TechInstitutionYearTable {
  tech_id: string;
  institution_id: number;
  country: string | null;
  year: number;
  works_full: number;
  works_frac: number;
  top10_frac: number;
}

export interface CountryYearTable {
  country: string;
  year: number;
  works_full: number;
  works_frac: number;
}

export interface RollupRunTable {
  id: Generated<number>;
  started_at: Generated<Date>;
  finished_at: Date | null;
  reference_set: string;
  works: number | null;
  params: ColumnType<Record<string, unknown>, string | undefined, string>;
}

/** Accounts, roles and audit (migration 0006). Secrets are stored only as digests or argon2id hashes. */
export interface AppUserTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  password_hash: string;
  disabled: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  password_changed_at: Generated<Date>;
  organisation: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface UserRoleTable {
  user_id: number;
  role: string;
  granted_at: Generated<Date>;
  granted_by: string | null;
}

export interface UserSessionTable {
  id_hash: string;
  user_id: number;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokenTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  prefix: string;
  scopes: string[];
  created_at: Generated<Date>;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface LoginAttemptTable {
  id: Generated<number>;
  username: string;
  ip: string | null;
  at: Date;
  success: boolean;
}

export interface PasswordResetTable {
  token_hash: string;
  user_id: number;
  created_at: Date;
  expires_at: Date;
  used_at: Date | null;
  created_by: string | null;
}

export interface AuditLogTable {
  seq: number;
  at: Date;
  actor: string;
  action: string;
  object_type: string | null;
  object_id: string | null;
  before_digest: string | null;
  after_digest: string | null;
  detail: ColumnType<Record<string, unknown>, string, never>;
  prev_hash: string;
  hash: string;
}

export interface WorkClassifiedTable {
  work_id: number;
  recipes_digest: string;
  updated_date: ColumnType<Date, Date | string, Date | string>;
}

/** Foresight (migration 0008): countries' policy events. */
export interface PolicyEventTable {
  id: Generated<number>;
  country: string;
  event_date: string;
  tech_id: string | null;
  instrument: string;
  title: string;
  amount: number | null;
  currency: string | null;
  source_url: string;
  note: string | null;
  created_at: Generated<Date>;
  created_by: string;
}

/** Performance management (migration 0009). */
export interface ProgrammeTable {
  id: string;
  name_ko: string | null;
  name_en: string | null;
  ministry: string;
  agency: string | null;
  kind: string;
  start_year: number;
  end_year: number;
  status: string;
  synthetic: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface ProgrammeTechTable {
  programme_id: string;
  tech_id: string;
  share: number;
}

export interface BudgetLineTable {
  programme_id: string;
  year: number;
  sme: boolean;
  planned_krw: number | null;
  allocated_krw: number | null;
  executed_krw: number | null;
}

export interface TargetMeasurementTable {
  target_id: string;
  year: number;
  value: number;
  evidence: string;
  entered_by: string | null;
  entered_at: Generated<Date>;
}

/** Missions, milestones, KPIs, annual reviews and their change history (migration 0013). */
export interface MissionTable {
  id: string;
  cet_id: string;
  name_ko: string | null;
  name_en: string | null;
  ministry: string;
  start_year: number;
  end_year: number;
  source: string | null;
  synthetic: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface MilestoneTable {
  id: string;
  mission_id: string;
  name_ko: string | null;
  name_en: string | null;
  planned_date: string;
  forecast_date: string | null;
  actual_date: string | null;
  synthetic: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface KpiTable {
  id: string;
  cet_id: string;
  mission_id: string | null;
  name_ko: string | null;
  name_en: string | null;
  unit: string;
  direction: 'increase' | 'decrease';
  baseline: number | null;
  baseline_year: number;
  owner_ministry: string;
  synthetic: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface KpiValueTable {
  kpi_id: string;
  year: number;
  target: number | null;
  actual: number | null;
}

export interface CetReviewTable {
  id: Generated<number>;
  cet_id: string;
  year: number;
  reviewer: string;
  scores: ColumnType<Record<string, number>, string, string>;
  comments: ColumnType<Record<string, string>, string, string>;
  summary: string | null;
  recommended_change_krw: number;
  recommended_year: number;
  programme_id: string | null;
  rationale: string | null;
  synthetic: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Generated<Date>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface PortfolioChangeTable {
  id: Generated<number>;
  at: Generated<Date>;
  actor: string;
  action: string;
  object_type: string;
  object_id: string;
  before: ColumnType<unknown, string | null | undefined, string | null>;
  after: ColumnType<unknown, string | null | undefined, string | null>;
}

/** CETs Innovation Forum (migration 0011). */
export type ForumStatus = 'visible' | 'held' | 'hidden';

export interface ForumProposalTable {
  id: Generated<number>;
  kind: string;
  tech_id: string | null;
  proposed_name: string | null;
  title: string;
  body: string;
  links: ColumnType<Array<{ url: string; title?: string }>, string, string>;
  author_id: number;
  status: ColumnType<ForumStatus, ForumStatus | undefined, ForumStatus>;
  moderation_reason: string | null;
  moderated_by: string | null;
  moderated_at: Date | null;
  created_at: Generated<Date>;
  search: ColumnType<string, unknown, unknown>;
}

export interface ForumCommentTable {
  id: Generated<number>;
  proposal_id: number;
  parent_id: number | null;
  author_id: number;
  body: string;
  status: ColumnType<ForumStatus, ForumStatus | undefined, ForumStatus>;
  moderation_reason: string | null;
  moderated_by: string | null;
  moderated_at: Date | null;
  created_at: Generated<Date>;
}

export interface ForumVoteTable {
  proposal_id: number;
  user_id: number;
  value: number;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface ForumFollowTable {
  proposal_id: number;
  user_id: number;
  created_at: Generated<Date>;
}

export interface ForumReportTable {
  id: Generated<number>;
  target_type: 'proposal' | 'comment';
  target_id: number;
  reporter_id: number;
  reason: string;
  created_at: Generated<Date>;
  resolved_at: Date | null;
  resolved_by: string | null;
  resolution: string | null;
}

export interface ForumSuspensionTable {
  user_id: number;
  reason: string;
  until: Date | null;
  created_by: string;
  created_at: Generated<Date>;
}

export interface ForumWordFilterTable {
  id: Generated<number>;
  term: string;
  action: 'block' | 'hold';
  created_by: string;
  created_at: Generated<Date>;
}

export interface ForumActivityTable {
  id: Generated<number>;
  user_id: number;
  ip: string | null;
  action: 'proposal' | 'comment' | 'report';
  at: Generated<Date>;
}

/** Research security (migration 0010). */
export interface SecurityRuleSetTable {
  version: number;
  rules: ColumnType<unknown, string, string>;
  note: string | null;
  created_at: Generated<Date>;
  created_by: string;
  active: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface SecurityWatchlistTable {
  id: Generated<number>;
  name: string;
  aliases: ColumnType<string[], string[] | undefined, string[]>;
  country: string | null;
  source: string;
  reason: string | null;
  added_at: Generated<Date>;
  added_by: string;
}

export interface SecurityCaseTable {
  id: Generated<number>;
  reference: string;
  case_type: string;
  status: string;
  submitter_id: number;
  organisation: string;
  counterpart_name: string;
  counterpart_country: string;
  funder: string | null;
  amount_krw: number | null;
  technology_ids: ColumnType<string[], string[] | undefined, string[]>;
  technology_text: string | null;
  description: string;
  undisclosed: ColumnType<boolean, boolean | undefined, boolean>;
  received_on: string;
  submitted_at: Generated<Date>;
  updated_at: Generated<Date>;
  assigned_to: number | null;
  rule_set_version: number | null;
  risk_level: string | null;
  risk_score: number | null;
  screening: ColumnType<unknown, string | null | undefined, string | null>;
  notify_due: string | null;
  answer_due: string | null;
  deemed_consent: ColumnType<boolean, boolean | undefined, boolean>;
  decision: string | null;
  decision_reason: string | null;
  decision_conditions: string | null;
  decided_at: Date | null;
  decided_by: number | null;
}

export interface SecurityCaseEventTable {
  id: Generated<number>;
  case_id: number;
  at: Generated<Date>;
  actor: string;
  kind: string;
  body: string | null;
  from_status: string | null;
  to_status: string | null;
}

export interface SecurityAttachmentTable {
  id: Generated<number>;
  case_id: number;
  filename: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
  content: Uint8Array;
  uploaded_at: Generated<Date>;
  uploaded_by: string;
}

/** Patents (migration 0012): PatentsView g_ tables, CPC recipes, patent facts by inventor / assignee country. */
export interface PatentTable {
  id: string;
  type: string | null;
  grant_date: string | null;
  year: number | null;
  title: string | null;
  abstract: ColumnType<string | null, string | null | undefined, string | null>;
  wipo_kind: string | null;
  num_claims: number | null;
  withdrawn: boolean | null;
  source_file: string | null;
  ingest_run_id: number | null;
}

export interface PatentApplicationTable {
  patent_id: string;
  application_id: string | null;
  application_type: string | null;
  filing_date: string | null;
}

export interface PatentCpcTable {
  patent_id: string;
  sequence: number;
  symbol: string;
  cpc_type: string | null;
}

export interface PatentAssigneeTable {
  patent_id: string;
  sequence: number;
  assignee_id: string | null;
  organization: string | null;
  assignee_type: string | null;
  location_id: string | null;
}

export interface PatentInventorTable {
  patent_id: string;
  sequence: number;
  inventor_id: string | null;
  location_id: string | null;
}

export interface PatentLocationTable {
  id: string;
  city: string | null;
  state: string | null;
  country: string | null;
}

export interface RecipeCpcTable {
  tech_id: string;
  version: number;
  patterns: string[];
  candidate_patterns: string[];
  query: string | null;
  query_alone: boolean;
  status: string;
  source: string | null;
  created_at: Generated<Date>;
}

export interface PatentTechTable {
  patent_id: string;
  tech_id: string;
  recipe_version: number;
  cpc_version: number;
  matched_by: string;
}

export type PatentBasis = 'inventor' | 'assignee';

export interface TechCountryYearPatentTable {
  tech_id: string;
  basis: PatentBasis;
  country: string;
  year: number;
  grants_full: number;
  grants_frac: number;
}

export interface CountryYearPatentTable {
  basis: PatentBasis;
  country: string;
  year: number;
  grants_full: number;
  grants_frac: number;
}

export interface PatentRollupRunTable {
  id: Generated<number>;
  started_at: Generated<Date>;
  finished_at: Date | null;
  patents: number | null;
  located_inventor_share: number | null;
  located_assignee_share: number | null;
}

/** Talent (migration 0014): job postings imported from CSV, classified into technologies. */
export interface JobPostingTable {
  id: Generated<number>;
  dataset_id: string;
  source_row: number;
  posted_on: string;
  employer: string;
  region: string;
  occupation: string;
  skills: ColumnType<string, string | undefined, string>;
  tech_tags: ColumnType<string[], string[] | undefined, string[]>;
  synthetic: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface JobPostingTechTable {
  posting_id: number;
  tech_id: string;
  matched_by: 'tag' | 'query';
  recipe_version: number | null;
}

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

export interface Database {
  schema_migration: SchemaMigrationTable;
  dataset: DatasetTable;
  app_setting: AppSettingTable;
}

export type Dataset = Selectable<DatasetTable>;

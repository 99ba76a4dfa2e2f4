/**
 * Extension point for the evidence shown on a draft change (indicators, emergence, forum demand). Those modules
 * arrive later; each will register a provider here. Until one does, a change shows only the references its
 * author attached (EvidenceRef), and `providers` reports that no module is installed — nothing is invented.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { EvidenceRef } from './revision.js';

export interface EvidenceItem extends EvidenceRef {
  /** The module that produced it, e.g. 'indicators'. */
  provider: string;
  /** A value the module computed, with its unit and method, when it has one. */
  value?: { amount: number; unit: string; method: string };
}

/** What a provider sees: the change and the old/new technology ids it touches. */
export interface EvidenceQuery {
  versionId: string;
  changeKind: string;
  technologyIds: string[];
  predecessorIds: string[];
}

export interface EvidenceProvider {
  name: string;
  kinds: ReadonlyArray<EvidenceRef['kind']>;
  collect(db: Kysely<Database>, query: EvidenceQuery): Promise<EvidenceItem[]>;
}

const providers: EvidenceProvider[] = [];

export function registerEvidenceProvider(provider: EvidenceProvider): void {
  if (!providers.some((p) => p.name === provider.name)) providers.push(provider);
}

export const evidenceProviders = (): readonly EvidenceProvider[] => providers;

/** Evidence from every registered provider (none yet). */
export async function collectEvidence(db: Kysely<Database>, query: EvidenceQuery): Promise<EvidenceItem[]> {
  const lists = await Promise.all(providers.map((p) => p.collect(db, query)));
  return lists.flat();
}

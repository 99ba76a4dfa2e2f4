/**
 * Revising a technology list, for accounts with taxonomy:write: on a published version, start a draft; on a draft,
 * apply a change (rename, move, remove, add) with its rationale, or publish it. Merges and splits are made with the
 * CLI or the API. Every step is audited by the server.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { TreeNodeDto, VersionSummaryDto } from '../../../src/shared/schemas/taxonomy';
import { send, useCan } from '../auth-api';
import { localName } from '../taxonomy-api';

const KINDS = ['rename', 'move', 'remove', 'add'] as const;
type Kind = (typeof KINDS)[number];

const flatten = (nodes: TreeNodeDto[]): TreeNodeDto[] =>
  nodes.flatMap((n) => [n, ...flatten(n.technologies)]);
const versionPath = (id: string): string => `/api/v1/taxonomies/${encodeURIComponent(id)}`;

/** Runs a request, then refreshes the registry's queries; the server's message is shown when it fails. */
function useRevisionAction(): {
  error: string | null;
  busy: boolean;
  run: (fn: () => Promise<unknown>) => Promise<boolean>;
} {
  const client = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (fn: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      await fn();
      await client.invalidateQueries({ queryKey: ['taxonomies'] });
      return true;
    } catch (e) {
      setError((e as Error).message);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, run };
}

function StartDraft({ version }: { version: VersionSummaryDto }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const action = useRevisionAction();
  const [form, setForm] = useState({ id: '', idPrefix: '', titleEn: '', titleKo: '' });
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [key]: e.target.value });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = { from: version.id, ...form, titleKo: form.titleKo.trim() || null };
    if (await action.run(() => send('POST', '/api/v1/taxonomies/drafts', body)))
      navigate(`/technologies/${form.id}`);
  };
  return (
    <details className="panel" data-testid="start-draft">
      <summary>{t('taxonomy.revise.start', { version: version.id })}</summary>
      <form onSubmit={submit} className="form form-inline">
        <label>
          {t('taxonomy.revise.draftId')}
          <input required value={form.id} onChange={set('id')} placeholder="kr-2027" data-testid="draft-id" />
        </label>
        <label>
          {t('taxonomy.revise.idPrefix')}
          <input
            required
            value={form.idPrefix}
            onChange={set('idPrefix')}
            placeholder="kr2027"
            data-testid="draft-prefix"
          />
        </label>
        <label>
          {t('taxonomy.revise.titleEn')}
          <input required value={form.titleEn} onChange={set('titleEn')} data-testid="draft-title-en" />
        </label>
        <label>
          {t('taxonomy.revise.titleKo')}
          <input value={form.titleKo} onChange={set('titleKo')} />
        </label>
        <button type="submit" className="button" disabled={action.busy} data-testid="draft-create">
          {t('taxonomy.revise.create')}
        </button>
      </form>
      {action.error && (
        <p className="error" role="alert">
          {action.error}
        </p>
      )}
    </details>
  );
}

function EditDraft({ version, fields }: { version: VersionSummaryDto; fields: TreeNodeDto[] }) {
  const { t, i18n } = useTranslation();
  const action = useRevisionAction();
  const items = flatten(fields);
  const [kind, setKind] = useState<Kind>('rename');
  const [form, setForm] = useState({
    target: '',
    newId: '',
    nameEn: '',
    nameKo: '',
    parent: '',
    rationale: '',
  });
  const [date, setDate] = useState(new Date().toISOString().slice(0, 10));
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [key]: e.target.value });
  const target = form.target || items[0]?.id || '';
  const parent = form.parent || fields[0]?.id || '';
  const names = { nameEn: form.nameEn.trim() || undefined, nameKo: form.nameKo.trim() || undefined };

  const change = (): Record<string, unknown> => {
    const rationale = form.rationale;
    if (kind === 'rename') return { kind, id: target, ...names, rationale };
    if (kind === 'move') return { kind, id: target, parentId: parent, rationale };
    if (kind === 'remove') return { kind, id: target, rationale };
    return { kind, technology: { id: form.newId.trim(), ...names, parentId: parent }, rationale };
  };
  const apply = async (e: FormEvent) => {
    e.preventDefault();
    if (await action.run(() => send('POST', `${versionPath(version.id)}/changes`, change())))
      setForm({ ...form, nameEn: '', nameKo: '', newId: '', rationale: '' });
  };
  const publish = async (e: FormEvent) => {
    e.preventDefault();
    await action.run(() => send('POST', `${versionPath(version.id)}/publish`, { date }));
  };
  const option = (n: TreeNodeDto) => (
    <option key={n.id} value={n.id}>
      {n.id} — {localName(n, i18n.language)}
    </option>
  );

  return (
    <section className="panel" data-testid="edit-draft">
      <h2>{t('taxonomy.revise.title')}</h2>
      <form onSubmit={apply} className="form form-inline">
        <label>
          {t('taxonomy.revise.kind')}
          <select value={kind} onChange={(e) => setKind(e.target.value as Kind)} data-testid="change-kind">
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`taxonomy.changes.kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        {kind === 'add' ? (
          <label>
            {t('taxonomy.revise.newId')}
            <input
              required
              value={form.newId}
              onChange={set('newId')}
              placeholder={`${version.idPrefix}.…`}
            />
          </label>
        ) : (
          <label>
            {t('taxonomy.revise.target')}
            <select value={target} onChange={set('target')} data-testid="change-target">
              {items.map(option)}
            </select>
          </label>
        )}
        {(kind === 'rename' || kind === 'add') && (
          <>
            <label>
              {t('taxonomy.revise.nameEn')}
              <input value={form.nameEn} onChange={set('nameEn')} data-testid="change-name-en" />
            </label>
            <label>
              {t('taxonomy.revise.nameKo')}
              <input value={form.nameKo} onChange={set('nameKo')} />
            </label>
          </>
        )}
        {(kind === 'move' || kind === 'add') && (
          <label>
            {t('taxonomy.revise.parent')}
            <select value={parent} onChange={set('parent')}>
              {fields.map(option)}
            </select>
          </label>
        )}
        <label className="wide">
          {t('taxonomy.changes.rationale')}
          <textarea
            required
            value={form.rationale}
            onChange={set('rationale')}
            data-testid="change-rationale"
          />
        </label>
        <button type="submit" className="button" disabled={action.busy} data-testid="change-apply">
          {t('taxonomy.revise.apply')}
        </button>
      </form>
      <p className="source">{t('taxonomy.revise.more')}</p>
      <form onSubmit={publish} className="form form-inline">
        <label>
          {t('taxonomy.revise.publishOn')}{' '}
          <input type="date" required value={date} onChange={(e) => setDate(e.target.value)} />
        </label>
        <button type="submit" className="button" disabled={action.busy} data-testid="draft-publish">
          {t('taxonomy.revise.publish')}
        </button>
        <span className="source">{t('taxonomy.revise.publishNote')}</span>
      </form>
      {action.error && (
        <p className="error" role="alert">
          {action.error}
        </p>
      )}
    </section>
  );
}

export function RevisionPanel({ version, fields }: { version: VersionSummaryDto; fields: TreeNodeDto[] }) {
  const canRevise = useCan('taxonomy:write');
  if (!canRevise) return null;
  return version.status === 'draft' ? (
    <EditDraft version={version} fields={fields} />
  ) : (
    <StartDraft version={version} />
  );
}

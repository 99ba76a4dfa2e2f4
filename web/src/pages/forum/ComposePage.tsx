import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { send } from '../../auth-api';
import { RequirePermission } from '../../components/RequirePermission';
import { localName, useVersionTree } from '../../taxonomy-api';
import { useForumMeta, type ProposalKind } from './forum-api';

function ComposeForm() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const meta = useForumMeta();
  const tree = useVersionTree(meta.data?.currentVersion ?? undefined);
  const [kind, setKind] = useState<ProposalKind>('add_technology');
  const [techId, setTechId] = useState('');
  const [proposedName, setProposedName] = useState('');
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [links, setLinks] = useState('');
  const [error, setError] = useState<string | null>(null);
  const needsName = kind === 'add_technology' || kind === 'rename_technology';
  const options = (tree.data?.fields ?? []).flatMap((f) => [
    { id: f.id, label: localName(f, i18n.language) },
    ...f.technologies.map((c) => ({ id: c.id, label: `— ${localName(c, i18n.language)}` })),
  ]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const r = await send<{ id: number }>('POST', '/api/v1/forum/proposals', {
        kind,
        ...(techId ? { techId } : {}),
        ...(needsName && proposedName.trim() ? { proposedName: proposedName.trim() } : {}),
        title,
        body,
        links: links
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean)
          .map((url) => ({ url })),
      });
      await client.invalidateQueries({ queryKey: ['forum'] });
      navigate(`/forum/${r.id}`);
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return (
    <form onSubmit={submit} className="form" data-testid="compose-form">
      <label>
        {t('forum.compose.kind')}
        <select
          value={kind}
          onChange={(e) => setKind(e.target.value as ProposalKind)}
          data-testid="compose-kind"
        >
          {(meta.data?.kinds ?? []).map((k) => (
            <option key={k} value={k}>
              {t(`forum.kind.${k}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {kind === 'add_technology' ? t('forum.compose.field') : t('forum.compose.technology')}
        <select
          value={techId}
          onChange={(e) => setTechId(e.target.value)}
          required={kind !== 'add_technology'}
          data-testid="compose-tech"
        >
          <option value="">{t('forum.compose.choose')}</option>
          {options.map((o) => (
            <option key={o.id} value={o.id}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
      {needsName && (
        <label>
          {t('forum.proposedName')}
          <input
            value={proposedName}
            onChange={(e) => setProposedName(e.target.value)}
            maxLength={120}
            required
            data-testid="compose-name"
          />
        </label>
      )}
      <label>
        {t('forum.compose.title')}
        <input
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          maxLength={200}
          required
          data-testid="compose-title"
        />
      </label>
      <label>
        {t('forum.compose.body')}
        <textarea
          value={body}
          onChange={(e) => setBody(e.target.value)}
          rows={10}
          maxLength={20000}
          required
          data-testid="compose-body"
        />
      </label>
      <p className="source">{t('forum.compose.markdownHelp')}</p>
      <label>
        {t('forum.compose.links')}
        <textarea value={links} onChange={(e) => setLinks(e.target.value)} rows={3} placeholder="https://…" />
      </label>
      <button type="submit" data-testid="compose-submit">
        {t('forum.compose.submit')}
      </button>
      {error && (
        <p className="error" role="alert" data-testid="compose-error">
          {error}
        </p>
      )}
    </form>
  );
}

/** Writing a proposal: its kind, the technology (or the field a new one would join), title, body, links. */
export function ComposePage() {
  const { t } = useTranslation();
  return (
    <section>
      <h1>{t('forum.compose.link')}</h1>
      <p className="intro">{t('forum.compose.intro')}</p>
      <RequirePermission permission="forum:post">
        <ComposeForm />
      </RequirePermission>
    </section>
  );
}

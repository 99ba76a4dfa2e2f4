import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { send } from '../../auth-api';
import { RequirePermission } from '../../components/RequirePermission';
import { useQueue, type QueueItemDto } from './forum-api';

function QueueRow({ item }: { item: QueueItemDto }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const act = async (action: 'hide' | 'restore') => {
    try {
      await send('POST', `/api/v1/forum/moderation/${action}`, {
        targetType: item.targetType,
        targetId: item.targetId,
        reason,
      });
      await client.invalidateQueries({ queryKey: ['forum'] });
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const id = `${item.targetType}-${item.targetId}`;
  return (
    <tr data-testid={`queue-${id}`}>
      <th scope="row">
        {t(`forum.moderation.target.${item.targetType}`)} {item.targetId}
        <div>
          <Link to={`/forum/${item.proposalId}`}>{item.title}</Link>
        </div>
        <span className="badge badge-flag">{t(`forum.status.${item.status}`)}</span>
      </th>
      <td>
        <div className="source">
          {item.author} ({item.authorUsername}) · {new Date(item.createdAt).toLocaleString(i18n.language)}
        </div>
        {item.excerpt}
      </td>
      <td>
        {item.moderationReason && <div className="source">{item.moderationReason}</div>}
        <ul className="ref-list">
          {item.reports.map((r, i) => (
            <li key={i}>
              {r.reason} — {r.reporter}
            </li>
          ))}
        </ul>
      </td>
      <td>
        <label>
          {t('forum.moderation.reason')}{' '}
          <input value={reason} onChange={(e) => setReason(e.target.value)} data-testid={`reason-${id}`} />
        </label>{' '}
        <button
          type="button"
          disabled={!reason.trim()}
          onClick={() => act('hide')}
          data-testid={`queue-hide-${id}`}
        >
          {t('forum.moderation.hide')}
        </button>{' '}
        <button
          type="button"
          disabled={!reason.trim()}
          onClick={() => act('restore')}
          data-testid={`queue-restore-${id}`}
        >
          {t('forum.moderation.restore')}
        </button>
        {error && <div className="error">{error}</div>}
      </td>
    </tr>
  );
}

function Queue() {
  const { t } = useTranslation();
  const queue = useQueue();
  if (queue.isPending) return <p>{t('system.loading')}</p>;
  if (queue.isError) return <p className="error">{queue.error.message}</p>;
  if (queue.data.items.length === 0) return <p data-testid="queue-empty">{t('forum.moderation.empty')}</p>;
  return (
    <table className="data-table" data-testid="moderation-queue">
      <thead>
        <tr>
          <th scope="col">{t('forum.moderation.item')}</th>
          <th scope="col">{t('forum.moderation.content')}</th>
          <th scope="col">{t('forum.moderation.reports')}</th>
          <th scope="col">{t('forum.moderation.decision')}</th>
        </tr>
      </thead>
      <tbody>
        {queue.data.items.map((item) => (
          <QueueRow key={`${item.targetType}-${item.targetId}`} item={item} />
        ))}
      </tbody>
    </table>
  );
}

/** Reported and held content for moderators: hide or restore with a reason (both audited). */
export function ModerationPage() {
  const { t } = useTranslation();
  return (
    <section>
      <h1>{t('forum.moderation.title')}</h1>
      <p className="intro">{t('forum.moderation.intro')}</p>
      <p>
        <Link to="/forum">{t('forum.back')}</Link>
      </p>
      <RequirePermission permission="forum:moderate">
        <Queue />
      </RequirePermission>
    </section>
  );
}

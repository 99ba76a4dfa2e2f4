import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { send, useCan } from '../../auth-api';
import type { CommentDto } from '../../../../src/forum/forum-schemas';
import { techName, useProposal } from './forum-api';

/** Markdown rendered and sanitised by the server (markdown-it, raw HTML escaped, only http(s)/mailto links). */
function RenderedMarkdown({ html, testId }: { html: string; testId?: string }) {
  return <div className="forum-body" data-testid={testId} dangerouslySetInnerHTML={{ __html: html }} />;
}

function ModerationButtons({
  type,
  id,
  status,
}: {
  type: 'proposal' | 'comment';
  id: number;
  status: string;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const act = async (action: 'hide' | 'restore') => {
    const reason = window.prompt(t('forum.moderation.reasonPrompt'));
    if (!reason?.trim()) return;
    try {
      await send('POST', `/api/v1/forum/moderation/${action}`, { targetType: type, targetId: id, reason });
      await client.invalidateQueries({ queryKey: ['forum'] });
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <span className="forum-actions">
      {status === 'visible' ? (
        <button type="button" onClick={() => act('hide')} data-testid={`hide-${type}-${id}`}>
          {t('forum.moderation.hide')}
        </button>
      ) : (
        <button type="button" onClick={() => act('restore')} data-testid={`restore-${type}-${id}`}>
          {t('forum.moderation.restore')}
        </button>
      )}
      {error && <span className="error">{error}</span>}
    </span>
  );
}

function ReportButton({ type, id }: { type: 'proposal' | 'comment'; id: number }) {
  const { t } = useTranslation();
  const [done, setDone] = useState(false);
  const report = async () => {
    const reason = window.prompt(t('forum.reportPrompt'));
    if (!reason?.trim()) return;
    await send('POST', '/api/v1/forum/reports', { targetType: type, targetId: id, reason });
    setDone(true);
  };
  if (done) return <span className="source">{t('forum.reported')}</span>;
  return (
    <button type="button" className="link-button" onClick={report} data-testid={`report-${type}-${id}`}>
      {t('forum.report')}
    </button>
  );
}

function Comment({ c, replies, proposalId }: { c: CommentDto; replies: CommentDto[]; proposalId: number }) {
  const { t, i18n } = useTranslation();
  const canPost = useCan('forum:post');
  const canModerate = useCan('forum:moderate');
  const [replying, setReplying] = useState(false);
  return (
    <li data-testid={`comment-${c.id}`}>
      <div className="source">
        {c.author} · {new Date(c.createdAt).toLocaleString(i18n.language)}
        {c.status !== 'visible' && (
          <span className="badge badge-flag">
            {t(`forum.status.${c.status}`)}
            {c.moderationReason && `: ${c.moderationReason}`}
          </span>
        )}
      </div>
      <RenderedMarkdown html={c.bodyHtml} />
      <div className="toolbar">
        {canPost && c.parentId === null && (
          <button type="button" className="link-button" onClick={() => setReplying(!replying)}>
            {t('forum.reply')}
          </button>
        )}
        {canPost && <ReportButton type="comment" id={c.id} />}
        {canModerate && <ModerationButtons type="comment" id={c.id} status={c.status} />}
      </div>
      {replying && <CommentForm proposalId={proposalId} parentId={c.id} onDone={() => setReplying(false)} />}
      {replies.length > 0 && (
        <ul className="forum-replies">
          {replies.map((r) => (
            <Comment key={r.id} c={r} replies={[]} proposalId={proposalId} />
          ))}
        </ul>
      )}
    </li>
  );
}

function CommentForm({
  proposalId,
  parentId,
  onDone,
}: {
  proposalId: number;
  parentId?: number;
  onDone?: () => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [body, setBody] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const r = await send<{ status: string }>('POST', `/api/v1/forum/proposals/${proposalId}/comments`, {
        body,
        ...(parentId ? { parentId } : {}),
      });
      setBody('');
      setMessage(r.status === 'held' ? t('forum.heldNotice') : null);
      await client.invalidateQueries({ queryKey: ['forum'] });
      onDone?.();
    } catch (err) {
      setMessage((err as Error).message);
    }
  };
  return (
    <form
      onSubmit={submit}
      className="forum-comment-form"
      data-testid={parentId ? `reply-form-${parentId}` : 'comment-form'}
    >
      <label>
        {parentId ? t('forum.reply') : t('forum.addComment')}
        <textarea value={body} onChange={(e) => setBody(e.target.value)} rows={3} maxLength={5000} required />
      </label>
      <button type="submit">{t('forum.send')}</button>
      {message && (
        <p className="source" role="status">
          {message}
        </p>
      )}
    </form>
  );
}

/** One proposal: its body, links, support, comments (one level of replies), and moderation for moderators. */
export function ProposalPage() {
  const { t, i18n } = useTranslation();
  const { id } = useParams();
  const client = useQueryClient();
  const q = useProposal(id);
  const canPost = useCan('forum:post');
  const canModerate = useCan('forum:moderate');
  const [error, setError] = useState<string | null>(null);
  if (q.isPending) return <p>{t('system.loading')}</p>;
  if (q.isError)
    return (
      <section>
        <p className="error" role="alert" data-testid="proposal-error">
          {q.error.message}
        </p>
        <Link to="/forum">{t('forum.back')}</Link>
      </section>
    );
  const p = q.data;
  const act = async (fn: () => Promise<unknown>) => {
    try {
      setError(null);
      await fn();
      await client.invalidateQueries({ queryKey: ['forum'] });
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const vote = (value: 1 | 0 | -1) =>
    act(() => send('PUT', `/api/v1/forum/proposals/${p.id}/vote`, { value }));
  const follow = () =>
    act(() => send('PUT', `/api/v1/forum/proposals/${p.id}/follow`, { follow: !p.following }));
  const top = p.commentList.filter((c) => c.parentId === null);
  return (
    <article>
      <p>
        <Link to="/forum">{t('forum.back')}</Link>
      </p>
      <h1 data-testid="proposal-title">{p.title}</h1>
      <p className="source">
        <span className="badge">{t(`forum.kind.${p.kind}`)}</span>{' '}
        {p.techId && (
          <>
            {t('forum.technology')}: {techName(p, i18n.language)} ({p.techId})
          </>
        )}
        {p.proposedName && (
          <>
            {' '}
            · {t('forum.proposedName')}: <strong data-testid="proposed-name">{p.proposedName}</strong>
          </>
        )}{' '}
        · {p.author} · {new Date(p.createdAt).toLocaleString(i18n.language)}
      </p>
      {p.status !== 'visible' && (
        <p className="panel panel-muted" data-testid="proposal-status">
          {t(`forum.status.${p.status}`)}
          {p.moderationReason && `: ${p.moderationReason}`}
        </p>
      )}
      <RenderedMarkdown html={p.bodyHtml} testId="proposal-body" />
      {p.links.length > 0 && (
        <>
          <h2>{t('forum.links')}</h2>
          <ul>
            {p.links.map((l) => (
              <li key={l.url}>
                <a href={l.url} rel="nofollow ugc noopener noreferrer">
                  {l.title ?? l.url}
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
      <div className="toolbar" data-testid="proposal-votes">
        <span data-testid="support-count">{t('forum.supportCount', { count: p.supports })}</span>
        <span>{t('forum.opposeCount', { count: p.opposes })}</span>
        {canPost && !p.mine && (
          <>
            <button
              type="button"
              aria-pressed={p.myVote === 1}
              onClick={() => vote(p.myVote === 1 ? 0 : 1)}
              data-testid="support-button"
            >
              {p.myVote === 1 ? t('forum.withdrawSupport') : t('forum.support')}
            </button>
            <button
              type="button"
              aria-pressed={p.myVote === -1}
              onClick={() => vote(p.myVote === -1 ? 0 : -1)}
            >
              {p.myVote === -1 ? t('forum.withdrawOppose') : t('forum.oppose')}
            </button>
          </>
        )}
        {canPost && (
          <button type="button" onClick={follow} data-testid="follow-button">
            {p.following ? t('forum.unfollow') : t('forum.follow')}
          </button>
        )}
        {canPost && !p.mine && <ReportButton type="proposal" id={p.id} />}
        {canModerate && <ModerationButtons type="proposal" id={p.id} status={p.status} />}
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <h2>{t('forum.commentsTitle', { count: p.commentList.length })}</h2>
      <ul className="forum-comments" data-testid="comment-list">
        {top.map((c) => (
          <Comment
            key={c.id}
            c={c}
            replies={p.commentList.filter((r) => r.parentId === c.id)}
            proposalId={p.id}
          />
        ))}
      </ul>
      {canPost ? <CommentForm proposalId={p.id} /> : <p className="source">{t('forum.signInToPost')}</p>}
    </article>
  );
}

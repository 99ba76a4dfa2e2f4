/**
 * Research-security routes. Every route needs a permission; case reads are sensitive (audited before they are
 * answered), and the queries check the relation to the case as well (own case, own organisation, or admin).
 * Case text is never logged: the request logger records method, URL and status only.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { toCsv } from '../../taxonomy/csv.js';
import {
  ATTACHMENT_TYPES,
  MAX_ATTACHMENT_BYTES,
  REPORT_COLUMNS,
  activeRuleSet,
  addAttachment,
  assignCase,
  commentOnCase,
  decideCase,
  getAttachment,
  getCase,
  importWatchlist,
  listOwnCases,
  listRuleSets,
  listWatchlist,
  publishRuleSet,
  recordDeemedConsent,
  requestInformation,
  rescreenCase,
  reviewQueue,
  securityReport,
  submitCase,
  submitterStep,
  testScreening,
  type CaseViewer,
} from '../../security/security-queries.js';
import { DECISIONS, caseIntakeSchema } from '../../shared/schemas/security.js';
import { actorOf, requireUser } from '../access-control.js';
import type { AppDeps } from '../app.js';

export interface SecurityOptions {
  /** Case submissions per user (or client address) per hour. */
  intakePerHour?: number;
}

const refParams = z.object({
  ref: z.string().regex(/^RS-\d{4}-\d{6}$/, 'a case reference such as RS-2026-000042'),
});
const text = (max: number) => z.string().trim().min(1).max(max);

export const securityRoutes =
  (deps: AppDeps, options: SecurityOptions = {}): FastifyPluginAsyncZod =>
  async (app) => {
    const db = () => deps.handle.db;
    const viewer = (request: FastifyRequest): CaseViewer => {
      const user = requireUser(request);
      return {
        userId: user.id,
        organisation: user.organisation,
        reviewer: user.permissions.has('security:read'),
        admin: user.roles.includes('admin'),
        actor: actorOf(user),
        auditDetail: { ip: request.ip, requestId: request.id },
      };
    };

    // Attachments arrive as the raw file body with its own content type (no multipart parsing of case data).
    app.addContentTypeParser(
      Object.keys(ATTACHMENT_TYPES).filter((t) => t !== 'text/plain'),
      { parseAs: 'buffer', bodyLimit: MAX_ATTACHMENT_BYTES },
      (_request, body, done) => done(null, body),
    );

    // ---- rules and watch-list

    app.get(
      '/security/rules',
      {
        config: { access: { permission: 'security:read' } },
        schema: { tags: ['security'], summary: 'Screening rule sets, newest first; one is active' },
      },
      async () => ({ ruleSets: await listRuleSets(db()) }),
    );

    app.put(
      '/security/rules',
      {
        config: { access: { permission: 'security:rules' } },
        schema: {
          tags: ['security'],
          summary: 'Publish a new version of the screening rules (validated; becomes active; audited)',
          body: z.object({ rules: z.unknown(), note: z.string().trim().max(500).optional() }),
        },
      },
      async (request) =>
        publishRuleSet(db(), request.body.rules, actorOf(request.user), request.body.note ?? null, 'rules'),
    );

    app.post(
      '/security/rules/test',
      {
        config: { access: { permission: 'security:read' } },
        schema: {
          tags: ['security'],
          summary: 'Screen a case against the active rules without saving it',
          body: caseIntakeSchema,
        },
      },
      async (request) => testScreening(db(), request.body),
    );

    app.get(
      '/security/watchlist',
      {
        config: { access: { permission: 'security:read', sensitive: true } },
        schema: { tags: ['security'], summary: 'The entity watch-list' },
      },
      async () => ({ entities: await listWatchlist(db()) }),
    );

    app.post(
      '/security/watchlist',
      {
        config: { access: { permission: 'security:rules' } },
        schema: {
          tags: ['security'],
          summary: 'Add or update watch-list entries (same name and country = same entry; audited)',
          body: z.object({
            entries: z
              .array(
                z.object({
                  name: text(300),
                  aliases: z.array(text(300)).max(50).default([]),
                  country: z
                    .string()
                    .regex(/^[A-Za-z]{2}$/)
                    .transform((c) => c.toUpperCase())
                    .nullable()
                    .default(null),
                  source: text(500),
                  reason: z.string().trim().max(1000).nullable().default(null),
                }),
              )
              .min(1)
              .max(10_000),
          }),
        },
      },
      async (request) => importWatchlist(db(), request.body.entries, actorOf(request.user)),
    );

    // ---- cases

    app.post(
      '/security/cases',
      {
        config: {
          access: { permission: 'security:submit' },
          rateLimit: {
            max: options.intakePerHour ?? 30,
            timeWindow: '1 hour',
            keyGenerator: (request: FastifyRequest) =>
              request.user ? `user:${request.user.id}` : `ip:${request.ip}`,
          },
        },
        schema: {
          tags: ['security'],
          summary: 'Submit a case: saved first, then screened; answers with its reference number',
          body: caseIntakeSchema,
        },
      },
      async (request, reply) => {
        const saved = await submitCase(db(), viewer(request), request.body);
        return reply.code(201).send(saved);
      },
    );

    app.get(
      '/security/cases/mine',
      {
        config: { access: { permission: 'security:submit' } },
        schema: { tags: ['security'], summary: 'The cases I submitted, newest first' },
      },
      async (request) => ({ cases: await listOwnCases(db(), viewer(request)) }),
    );

    app.get(
      '/security/queue',
      {
        config: { access: { permission: 'security:read', sensitive: true } },
        schema: {
          tags: ['security'],
          summary: "Reviewer queue: the organisation's cases, highest risk first, then nearest deadline",
          querystring: z.object({ status: z.enum(['open', 'all']).default('open') }),
        },
      },
      async (request) => {
        const set = await activeRuleSet(db());
        return {
          cases: await reviewQueue(db(), viewer(request), { status: request.query.status }),
          deadlines: set.rules.deadlines,
        };
      },
    );

    app.get(
      '/security/cases/:ref',
      {
        config: { access: { permission: 'security:submit', sensitive: true } },
        schema: {
          tags: ['security'],
          summary: 'One case (reviewers see the screening explanation)',
          params: refParams,
        },
      },
      async (request) => getCase(db(), viewer(request), request.params.ref),
    );

    app.post(
      '/security/cases/:ref/assign',
      {
        config: { access: { permission: 'security:write' } },
        schema: { tags: ['security'], params: refParams, body: z.object({ assignee: text(100) }) },
      },
      async (request) => assignCase(db(), viewer(request), request.params.ref, request.body.assignee),
    );

    app.post(
      '/security/cases/:ref/comments',
      {
        config: { access: { permission: 'security:write' } },
        schema: {
          tags: ['security'],
          summary: 'Internal reviewer comment (not shown to the submitter)',
          params: refParams,
          body: z.object({ body: text(5000) }),
        },
      },
      async (request) => commentOnCase(db(), viewer(request), request.params.ref, request.body.body),
    );

    app.post(
      '/security/cases/:ref/information-requests',
      {
        config: { access: { permission: 'security:write' } },
        schema: { tags: ['security'], params: refParams, body: z.object({ question: text(5000) }) },
      },
      async (request) => requestInformation(db(), viewer(request), request.params.ref, request.body.question),
    );

    app.post(
      '/security/cases/:ref/responses',
      {
        config: { access: { permission: 'security:submit' } },
        schema: { tags: ['security'], params: refParams, body: z.object({ answer: text(20000) }) },
      },
      async (request) =>
        submitterStep(db(), viewer(request), request.params.ref, {
          kind: 'respond',
          answer: request.body.answer,
        }),
    );

    app.post(
      '/security/cases/:ref/withdraw',
      {
        config: { access: { permission: 'security:submit' } },
        schema: { tags: ['security'], params: refParams, body: z.object({ reason: text(2000) }) },
      },
      async (request) =>
        submitterStep(db(), viewer(request), request.params.ref, {
          kind: 'withdraw',
          reason: request.body.reason,
        }),
    );

    app.post(
      '/security/cases/:ref/decision',
      {
        config: { access: { permission: 'security:review' } },
        schema: {
          tags: ['security'],
          summary: 'Decide: approve, approve with conditions, refuse or refer, with reasons (audited)',
          params: refParams,
          body: z.object({
            decision: z.enum(DECISIONS),
            reason: text(5000),
            conditions: z.string().trim().max(5000).optional(),
          }),
        },
      },
      async (request) => decideCase(db(), viewer(request), request.params.ref, request.body),
    );

    app.post(
      '/security/cases/:ref/rescreen',
      {
        config: { access: { permission: 'security:write' } },
        schema: { tags: ['security'], summary: 'Screen again under the active rules', params: refParams },
      },
      async (request) => rescreenCase(db(), viewer(request), request.params.ref),
    );

    app.post(
      '/security/cases/:ref/attachments',
      {
        config: { access: { permission: 'security:submit' } },
        schema: {
          tags: ['security'],
          summary: `Attach a file (raw body with its content type; PDF, PNG, JPEG, text, CSV, DOCX, XLSX; ≤ 10 MiB)`,
          params: refParams,
          querystring: z.object({ filename: text(200) }),
        },
      },
      async (request, reply) => {
        const mediaType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
        const body = request.body;
        const content =
          body instanceof Buffer
            ? body
            : typeof body === 'string'
              ? Buffer.from(body, 'utf8')
              : Buffer.alloc(0);
        const saved = await addAttachment(db(), viewer(request), request.params.ref, {
          filename: request.query.filename,
          mediaType,
          content,
        });
        return reply.code(201).send(saved);
      },
    );

    app.get(
      '/security/cases/:ref/attachments/:id',
      {
        config: { access: { permission: 'security:submit', sensitive: true } },
        schema: {
          tags: ['security'],
          params: refParams.extend({ id: z.coerce.number().int().positive() }),
        },
      },
      async (request, reply) => {
        const file = await getAttachment(db(), viewer(request), request.params.ref, request.params.id);
        return reply
          .header('content-type', file.mediaType)
          .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
          .header('x-content-type-options', 'nosniff')
          .header('content-security-policy', "default-src 'none'; sandbox")
          .header('digest', `sha-256=${Buffer.from(file.sha256, 'hex').toString('base64')}`)
          .send(Buffer.from(file.content));
      },
    );

    // ---- reporting and deadlines

    app.get(
      '/security/report',
      {
        config: { access: { permission: 'security:read' } },
        schema: {
          tags: ['security'],
          summary:
            'Counts by type, country, technology, outcome and risk; median days to decision. format=csv exports rows without personal data',
          querystring: z.object({ format: z.enum(['json', 'csv']).default('json') }),
        },
      },
      async (request, reply) => {
        const { report, rows } = await securityReport(db(), viewer(request));
        if (request.query.format === 'csv') {
          return reply
            .header('content-type', 'text/csv; charset=utf-8')
            .header('content-disposition', 'attachment; filename="security-cases.csv"')
            .send(
              toCsv(
                REPORT_COLUMNS,
                rows.map((r) => REPORT_COLUMNS.map((c) => r[c])),
              ),
            );
        }
        return { report, columns: REPORT_COLUMNS, rows };
      },
    );

    app.post(
      '/security/deadlines/sweep',
      {
        config: { access: { permission: 'security:review' } },
        schema: {
          tags: ['security'],
          summary: 'Record deemed consent on open cases whose answer deadline lapsed (idempotent; audited)',
        },
      },
      async (request) => ({ deemedConsent: await recordDeemedConsent(db(), actorOf(request.user)) }),
    );
  };

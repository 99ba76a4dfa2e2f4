/**
 * Forum inputs and outputs as zod schemas: the API validates with them and the web app imports their types.
 * Sizes are limits users see in refusals; the database repeats them as check constraints.
 */
import { z } from 'zod';

export const PROPOSAL_KINDS = [
  'add_technology',
  'remove_technology',
  'rename_technology',
  'research_agenda',
  'regulation',
  'infrastructure',
  'cooperation',
] as const;
export type ProposalKind = (typeof PROPOSAL_KINDS)[number];

export const LIMITS = {
  title: { min: 5, max: 200 },
  body: { min: 1, max: 20_000 },
  comment: { min: 1, max: 5_000 },
  proposedName: { min: 2, max: 120 },
  reason: { min: 1, max: 500 },
  links: 5,
} as const;

const techId = z
  .string()
  .regex(/^[a-z][a-z0-9._]{0,199}$/, 'a technology id such as kr2025.quantum.computing');

export const linkSchema = z.object({
  url: z
    .string()
    .trim()
    .max(2000)
    .regex(/^https?:\/\/[^\s<>"']+$/i, 'an http(s) address'),
  title: z.string().trim().max(200).optional(),
});

export const newProposalSchema = z
  .object({
    kind: z.enum(PROPOSAL_KINDS),
    techId: techId.optional(),
    proposedName: z.string().trim().min(LIMITS.proposedName.min).max(LIMITS.proposedName.max).optional(),
    title: z.string().trim().min(LIMITS.title.min).max(LIMITS.title.max),
    body: z.string().trim().min(LIMITS.body.min).max(LIMITS.body.max),
    links: z.array(linkSchema).max(LIMITS.links).default([]),
  })
  .superRefine((p, ctx) => {
    if ((p.kind === 'add_technology' || p.kind === 'rename_technology') && !p.proposedName)
      ctx.addIssue({ code: 'custom', path: ['proposedName'], message: 'name the technology you propose' });
    if (p.kind !== 'add_technology' && !p.techId)
      ctx.addIssue({ code: 'custom', path: ['techId'], message: 'choose the technology this is about' });
  });
export type NewProposal = z.infer<typeof newProposalSchema>;

export const newCommentSchema = z.object({
  body: z.string().trim().min(LIMITS.comment.min).max(LIMITS.comment.max),
  parentId: z.number().int().positive().optional(),
});

export const statusSchema = z.enum(['visible', 'held', 'hidden']);
export const sortSchema = z.enum(['new', 'top', 'trending']);

const moderation = {
  status: statusSchema,
  moderationReason: z.string().nullable().describe('shown to moderators only'),
};

export const proposalSummarySchema = z.object({
  id: z.number(),
  kind: z.enum(PROPOSAL_KINDS),
  techId: z.string().nullable(),
  techNameKo: z.string().nullable(),
  techNameEn: z.string().nullable(),
  proposedName: z.string().nullable(),
  title: z.string(),
  author: z.string().describe('display name'),
  createdAt: z.string(),
  supports: z.number(),
  opposes: z.number(),
  comments: z.number(),
  ...moderation,
});
export type ProposalSummaryDto = z.infer<typeof proposalSummarySchema>;

export const commentSchema = z.object({
  id: z.number(),
  parentId: z.number().nullable(),
  author: z.string(),
  bodyHtml: z.string().describe('sanitised HTML rendered from the Markdown'),
  createdAt: z.string(),
  ...moderation,
});
export type CommentDto = z.infer<typeof commentSchema>;

export const proposalDetailSchema = proposalSummarySchema.extend({
  body: z.string().describe('the Markdown source'),
  bodyHtml: z.string().describe('sanitised HTML rendered from the Markdown'),
  links: z.array(z.object({ url: z.string(), title: z.string().optional() })),
  commentList: z.array(commentSchema),
  myVote: z.number().nullable(),
  following: z.boolean(),
  mine: z.boolean(),
});
export type ProposalDetailDto = z.infer<typeof proposalDetailSchema>;

export const proposalListSchema = z.object({
  sort: sortSchema,
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
  proposals: z.array(proposalSummarySchema),
});
export type ProposalListDto = z.infer<typeof proposalListSchema>;

const topProposal = z.object({
  id: z.number(),
  title: z.string(),
  kind: z.enum(PROPOSAL_KINDS),
  net: z.number(),
});
const demandFigures = {
  proposals: z.number(),
  supports: z.number(),
  opposes: z.number(),
  participants: z.number().describe('distinct accounts that proposed, commented or voted'),
  recentSupports: z.number(),
  previousSupports: z.number(),
  trend: z.enum(['rising', 'falling', 'steady', 'new']),
  top: z.array(topProposal),
};
export const demandSchema = z.object({
  version: z.string(),
  method: z.string(),
  windowDays: z.number(),
  asOf: z.string(),
  technologies: z.array(
    z.object({
      techId: z.string(),
      nameKo: z.string().nullable(),
      nameEn: z.string().nullable(),
      forumTechIds: z.array(z.string()).describe('the ids proposals named (this item or its predecessors)'),
      ...demandFigures,
    }),
  ),
  newTechnologies: z.array(
    z.object({ proposedName: z.string(), parentId: z.string().nullable(), ...demandFigures }),
  ),
});
export type DemandDto = z.infer<typeof demandSchema>;

export const queueItemSchema = z.object({
  targetType: z.enum(['proposal', 'comment']),
  targetId: z.number(),
  proposalId: z.number(),
  title: z.string().describe('the proposal title (for a comment: the proposal it is on)'),
  excerpt: z.string().describe('plain text, the first 300 characters'),
  author: z.string(),
  authorUsername: z.string(),
  createdAt: z.string(),
  reports: z.array(z.object({ reason: z.string(), reporter: z.string(), createdAt: z.string() })),
  ...moderation,
});
export type QueueItemDto = z.infer<typeof queueItemSchema>;

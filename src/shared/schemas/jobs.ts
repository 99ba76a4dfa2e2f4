/** The job queue's counts, as `GET /api/v1/jobs` returns them (shared by the API's validation and the web app). */
import { z } from 'zod';

export const queueCountsSchema = z.object({
  queue: z.string(),
  created: z.number(),
  retry: z.number(),
  active: z.number(),
  completed: z.number(),
  failed: z.number(),
});

export const jobsResponseSchema = z.object({
  database: z.enum(['pglite', 'postgres']),
  queues: z.array(queueCountsSchema),
});

export type QueueCounts = z.infer<typeof queueCountsSchema>;
export type JobsResponse = z.infer<typeof jobsResponseSchema>;

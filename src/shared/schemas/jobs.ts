/** The job queue's counts, as `GET /api/v1/jobs` returns them (shared by the server and the web app). */
export interface QueueCounts {
  queue: string;
  created: number;
  retry: number;
  active: number;
  completed: number;
  failed: number;
}

export interface JobsResponse {
  database: 'pglite' | 'postgres';
  queues: QueueCounts[];
}

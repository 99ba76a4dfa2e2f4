/** The web app's only way to the data: the HTTP API. Errors arrive as RFC 9457 problem+json. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

export async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(path, { headers: { accept: 'application/json' } });
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { detail?: string; code?: string };
    throw new ApiError(res.status, body.code, body.detail ?? `${res.status} ${res.statusText}`);
  }
  return (await res.json()) as T;
}

export interface Health {
  status: 'ok' | 'degraded';
  version: string;
  database: 'pglite' | 'postgres';
  migrationLevel: number;
  migrationsPending: number;
  time: string;
}

export interface DatasetList {
  synthetic: boolean;
  datasets: Array<{
    id: string;
    kind: string;
    title: string;
    synthetic: boolean;
    source: string | null;
    licence: string | null;
    loadedAt: string;
    rowCount: number;
  }>;
}

// How both pages report a failed call: the servers answer errors as {error:{code,message}}; a fetch that never got
// an answer is 'network'. The Workspace's calls go through workspace/shared/api.ts, the phones' through
// phones/simulator-api.ts.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** No answer at all (offline, server down, connection reset). */
export const unreachable = () => new ApiError(0, 'network', 'The server cannot be reached. Check the connection and try again.');

/** An answer that is not 2xx, from its status and its body (parsed JSON, or whatever else came). */
export function answerError(res: Response, body: unknown): ApiError {
  const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
  return new ApiError(res.status, error?.code ?? `http_${res.status}`, error?.message ?? `The server answered ${res.status} ${res.statusText}.`);
}

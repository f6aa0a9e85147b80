import { z } from 'zod';
import { getInit, takeEarly } from './early.ts';

/**
 * The console's one way to talk to HQ: same-origin fetches with the session cookie (HttpOnly,
 * so never read here), the session's CSRF token on every change, and every answer checked
 * with its zod schema before anything on screen uses it (DESIGN.md §2: zod at every boundary).
 */

/** Why a call did not give an answer the console can use, in the words the screen translates. */
export type ApiError =
  /** The session ended (expired, signed out elsewhere): back to sign-in. */
  | { kind: 'unauthenticated' }
  /** The signed-in role may not do this (the server's check; the screen hides what it knows). */
  | { kind: 'forbidden' }
  | { kind: 'bad-credentials' }
  | { kind: 'locked'; retryAfterS: number }
  /** HQ refused the request itself (a conflict, a missing kiosk, a bad value): its message says why. */
  | { kind: 'refused'; status: number; code: string; message: string }
  | { kind: 'server'; status: number }
  | { kind: 'network' }
  /** HQ answered something the console does not understand (a version mismatch). */
  | { kind: 'unexpected' };

export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ApiError };

const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string().optional(), retryAfterS: z.number().nonnegative().optional() }),
});

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export class ConsoleApi {
  private csrfToken: string | null = null;
  /** The last good answer per GET path, and when it came: pages show it at once and refresh behind it. */
  private readonly answers = new Map<string, { data: unknown; at: number }>();
  /** GETs started before a page asked (prefetch): the page that asks gets the same request. */
  private readonly pending = new Map<string, Promise<ApiResult<unknown>>>();

  constructor(private readonly onSessionEnded: () => void) {}

  /** A new session's token, or none after signing out (which also forgets every answer seen). */
  setSession(csrfToken: string | null): void {
    this.csrfToken = csrfToken;
    if (csrfToken === null) this.answers.clear();
  }

  /** The last good answer to `path` this session, and how old it is. */
  cached<T>(path: string): { data: T; ageMs: number } | undefined {
    const answer = this.answers.get(path);
    return answer && { data: answer.data as T, ageMs: Date.now() - answer.at };
  }

  get<S extends z.ZodType>(path: string, schema: S): Promise<ApiResult<z.output<S>>> {
    const started = this.pending.get(path);
    if (started) return started as Promise<ApiResult<z.output<S>>>;
    return this.request('GET', path, schema);
  }

  /**
   * Starts a GET nobody has asked for yet: the fleet list while HQ is still asked who is signed in,
   * so the two round trips overlap instead of following each other. Only a good answer is kept;
   * a refusal (nobody signed in yet) is forgotten and ends no session. `readAfter`: the answer
   * is read and checked only once that settles (the whole fleet after its first screenful is painted).
   */
  prefetch<S extends z.ZodType>(path: string, schema: S, options: { readAfter?: Promise<unknown> } = {}): Promise<unknown> {
    const started = this.pending.get(path);
    if (started) return started;
    const request = this.request('GET', path, schema, undefined, { quiet: true, readAfter: options.readAfter });
    this.pending.set(path, request);
    void request.then(() => this.pending.delete(path));
    return request;
  }

  send<S extends z.ZodType>(method: Exclude<Method, 'GET'>, path: string, schema: S, body?: unknown): Promise<ApiResult<z.output<S>>> {
    return this.request(method, path, schema, body);
  }

  private async request<S extends z.ZodType>(method: Method, path: string, schema: S, body?: unknown, options: { quiet?: boolean; readAfter?: Promise<unknown> } = {}): Promise<ApiResult<z.output<S>>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && this.csrfToken !== null) headers['x-csrf-token'] = this.csrfToken;
    let response: Response;
    let json: unknown;
    try {
      response = await (method === 'GET'
        ? (takeEarly(path) ?? fetch(path, getInit()))
        : fetch(path, { ...getInit(), method, headers, body: body === undefined ? undefined : JSON.stringify(body) }));
      await options.readAfter;
      json = await response.json().catch(() => undefined);
    } catch {
      return { ok: false, error: { kind: 'network' } };
    }
    if (!response.ok) {
      const error = toError(response.status, json);
      // Only the admin API ends a session this way: a 401 from sign-in is a wrong password.
      if (error.kind === 'unauthenticated' && path.startsWith('/v1/admin/') && !options.quiet) this.onSessionEnded();
      return { ok: false, error };
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      console.error(`HQ's answer to ${method} ${path} does not match the console's schema`, parsed.error.issues.slice(0, 3));
      return { ok: false, error: { kind: 'unexpected' } };
    }
    if (method === 'GET') this.answers.set(path, { data: parsed.data, at: Date.now() });
    return { ok: true, data: parsed.data };
  }
}

function toError(status: number, json: unknown): ApiError {
  const body = ErrorBody.safeParse(json);
  const code = body.success ? body.data.error.code : '';
  if (status === 401) return code === 'BAD_CREDENTIALS' ? { kind: 'bad-credentials' } : { kind: 'unauthenticated' };
  if (status === 403) return { kind: 'forbidden' };
  if (status === 429 && code === 'LOCKED') return { kind: 'locked', retryAfterS: body.success ? (body.data.error.retryAfterS ?? 0) : 0 };
  if (status >= 500) return { kind: 'server', status };
  return { kind: 'refused', status, code, message: body.success ? (body.data.error.message ?? code) : `HTTP ${status}` };
}

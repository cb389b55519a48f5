/**
 * The HTTP API client. Errors are values ({ ok: false, ... }) carrying the server's error document
 * (`{ error, issues: [{ path, message }] }`), so views can show what was wrong and where.
 */
export interface Issue {
  readonly path: string;
  readonly message: string;
}

export type ApiResult<T> =
  | { readonly ok: true; readonly value: T }
  | {
      readonly ok: false;
      readonly status: number;
      readonly error: string;
      readonly issues: readonly Issue[];
    };

export type Query = Readonly<Record<string, string | number | undefined>>;

export function apiUrl(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.set(key, String(value));
  }
  const search = params.toString();
  return search === '' ? path : `${path}?${search}`;
}

async function decode<T>(response: Response): Promise<ApiResult<T>> {
  const text = await response.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    // not JSON (a proxy's error page): reported by status below
  }
  if (response.ok) return { ok: true, value: body as T };
  const doc = (body ?? {}) as { error?: unknown; issues?: unknown };
  return {
    ok: false,
    status: response.status,
    error: typeof doc.error === 'string' ? doc.error : `HTTP ${response.status}`,
    issues: Array.isArray(doc.issues) ? (doc.issues as Issue[]) : [],
  };
}

async function send<T>(url: string, init: RequestInit): Promise<ApiResult<T>> {
  try {
    return await decode<T>(await fetch(url, init));
  } catch (error) {
    return { ok: false, status: 0, error: `network: ${(error as Error).message}`, issues: [] };
  }
}

export function getJson<T>(
  path: string,
  query: Query = {},
  signal?: AbortSignal,
): Promise<ApiResult<T>> {
  // Same-origin requests carry the session cookie of the sign-in page when the server has a token.
  return send<T>(apiUrl(path, query), signal ? { signal } : {});
}

export function postJson<T>(path: string, body: unknown): Promise<ApiResult<T>> {
  return send<T>(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** "400 invalid body: body.shock.usd: expected number" — one line for a message box. */
export function describeFailure(result: Extract<ApiResult<unknown>, { ok: false }>): string {
  const where = result.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
  const status = result.status === 0 ? '' : `${result.status} `;
  return where === '' ? `${status}${result.error}` : `${status}${result.error} — ${where}`;
}

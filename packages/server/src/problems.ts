/** The error documents every endpoint returns; never a stack trace. */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';

export const issueSchema = z.object({
  path: z.string().describe('where the problem is: query.from, body[2].entryPrice, params.id'),
  message: z.string(),
});

export const errorSchema = z.object({
  error: z.string(),
  issues: z.array(issueSchema).optional(),
});

export type Issue = z.infer<typeof issueSchema>;
export type ErrorDocument = z.infer<typeof errorSchema>;

/** `query.positions[2].entryPrice` from a location and a zod issue path. */
export function joinPath(location: string, path: readonly PropertyKey[]): string {
  let out = location;
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : `.${String(key)}`;
  return out;
}

export function issuesOf(location: string, error: z.ZodError): Issue[] {
  return error.issues.map((issue) => ({
    path: joinPath(location, issue.path),
    message: issue.message,
  }));
}

export function problem(
  c: Context,
  status: ContentfulStatusCode,
  error: string,
  issues?: readonly Issue[],
): Response {
  const body: ErrorDocument = issues === undefined ? { error } : { error, issues: [...issues] };
  return c.json(body, status);
}

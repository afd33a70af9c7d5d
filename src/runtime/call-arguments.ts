import type {z} from 'zod'

export type ParsedArguments = {ok: true; value: Record<string, unknown>} | {ok: false; message: string}

/**
 * Parses the raw argument text of a tool call. Small models and some servers send `""` for no
 * arguments, or the object encoded as a JSON string (sometimes twice); both are accepted.
 */
export function parseCallArguments(raw: string): ParsedArguments {
  if (raw.trim() === '') return {ok: true, value: {}}
  let value: unknown
  try {
    value = JSON.parse(raw)
    for (let depth = 0; typeof value === 'string' && depth < 2; depth++) value = JSON.parse(value)
  } catch (error) {
    return {ok: false, message: `the arguments are not valid JSON (${(error as Error).message}): ${clip(raw, 200)}`}
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    return {ok: false, message: `the arguments must be a JSON object, got ${clip(raw, 200)}`}
  return {ok: true, value: value as Record<string, unknown>}
}

/** Checks arguments against the tool's schema; the message is short enough for a small model to act on. */
export function validateArguments(schema: z.ZodObject, value: Record<string, unknown>): ParsedArguments {
  const result = schema.safeParse(value)
  if (result.success) return {ok: true, value: result.data as Record<string, unknown>}
  const problems = result.error.issues.slice(0, 5).map((issue) => {
    const where = issue.path.length > 0 ? issue.path.join('.') : 'arguments'
    return `${where}: ${issue.message}`
  })
  return {ok: false, message: problems.join('; ')}
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text
}

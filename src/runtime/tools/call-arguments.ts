import type {z} from 'zod'

import {isRecord} from '../text/is-record.js'

export type ParsedArguments = {ok: true; value: Record<string, unknown>} | {ok: false; message: string}

// The argument text itself, and up to two more layers of JSON-string encoding inside it.
const MAX_STRING_LAYERS = 3

/**
 * Arguments that may arrive as the JSON text of the object, sometimes encoded as a JSON string once or
 * twice more: each string layer is read with `read`, and an empty string stands for no arguments.
 * Native calls read strictly (JSON.parse), calls written as text leniently; both go through here.
 */
export function unwrapEncodedArguments(value: unknown, read: (text: string) => unknown): unknown {
  let decoded = value
  for (let layer = 0; typeof decoded === 'string' && layer < MAX_STRING_LAYERS; layer++) decoded = decoded.trim() === '' ? {} : read(decoded)
  return decoded
}

/**
 * Parses the raw argument text of a native tool call. Small models and some servers send `""` for no
 * arguments, or the object encoded as a JSON string (sometimes twice); both are accepted.
 */
export function parseCallArguments(raw: string): ParsedArguments {
  let value: unknown
  try {
    value = unwrapEncodedArguments(raw, (text) => JSON.parse(text) as unknown)
  } catch (error) {
    return {ok: false, message: `the arguments are not valid JSON (${(error as Error).message}): ${clip(raw, 200)}`}
  }
  if (!isRecord(value)) return {ok: false, message: `the arguments must be a JSON object, got ${clip(raw, 200)}`}
  return {ok: true, value}
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

import {z} from 'zod'

/**
 * The format this lillycoder writes; a file with a larger number was written by a newer one and is not read.
 * 2 added the `persona` and `model` lines: a version-1 reader says "update lillycoder" instead of "corrupt".
 */
export const SESSION_FORMAT_VERSION = 2

/** The first line of a session file. */
const headerSchema = z.object({
  type: z.literal('session'),
  version: z.number().int(),
  id: z.string().min(1),
  workspace: z.string(),
  endpoint: z.string(),
  model: z.string(),
  persona: z.string(),
  created: z.string(),
})

export type SessionHeader = z.output<typeof headerSchema>

const toolCallSchema = z.object({id: z.string(), name: z.string(), arguments: z.string()})

const messageSchema = z.discriminatedUnion('role', [
  z.object({role: z.literal('system'), content: z.string()}),
  z.object({role: z.literal('user'), content: z.string()}),
  z.object({role: z.literal('assistant'), content: z.string(), toolCalls: z.array(toolCallSchema).optional()}),
  z.object({role: z.literal('tool'), toolCallId: z.string(), name: z.string(), content: z.string()}),
])

/** Each line after the header: one change to the conversation, in the order it happened. */
export const recordSchema = z.discriminatedUnion('type', [
  z.object({type: z.literal('message'), message: messageSchema}),
  z.object({type: z.literal('replace_last'), message: messageSchema}),
  // A compaction or /clear: the whole history after the system prompt, and the summary of what was compacted.
  z.object({type: z.literal('reset'), summary: z.string().optional(), messages: z.array(messageSchema)}),
  // A persona switch: only the name; the system prompt is rebuilt from it on resume (the messages are untouched).
  z.object({type: z.literal('persona'), name: z.string().min(1)}),
  // A /model switch: a resumed session asks for the model it last used, not the one in the header.
  z.object({type: z.literal('model'), model: z.string().min(1)}),
])

export type SessionRecord = z.output<typeof recordSchema>

export {headerSchema}

/** The header's version, read before the rest of it: a newer file may have fields this version does not know. */
export const versionSchema = z.object({type: z.literal('session'), version: z.number().int()})

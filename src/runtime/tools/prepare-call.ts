import {z} from 'zod'

import {errorText} from '../text/error-text.js'
import {type ParsedArguments, validateArguments} from './call-arguments.js'
import type {Target, ToolDeclaration} from './tool-declaration.js'

/** A model call that passed schema validation, with what it acts on. */
export interface PreparedCall {
  tool: ToolDeclaration
  args: Record<string, unknown>
  targets: Target[]
}

/**
 * Why a call could not be prepared: its arguments (not JSON, not an object, not the schema's shape) or its
 * targets (the tool's own targets() threw or returned something that is not a list of targets).
 */
export type CallProblem = {stage: 'arguments' | 'targets'; message: string}

export type PreparedOrProblem = {ok: true; call: PreparedCall} | ({ok: false} & CallProblem)

// A plugin's tool is code we did not write: what its targets() hands back is checked before the policy or the gate see it.
const targetsSchema = z.array(
  z.discriminatedUnion('kind', [
    z.object({kind: z.literal('path'), path: z.string()}),
    z.object({kind: z.literal('command'), command: z.string()}),
    z.object({kind: z.literal('package'), name: z.string(), manager: z.string().optional()}),
    z.object({kind: z.literal('value'), value: z.string()}),
  ]),
)

/**
 * The one road from the model's arguments to a call the policy can judge, for the agent loop and
 * `policy explain` alike: parsed arguments → validated against the schema → targets built and checked.
 */
export function prepareCall(tool: ToolDeclaration, parsed: ParsedArguments): PreparedOrProblem {
  const valid = parsed.ok ? validateArguments(tool.parameters, parsed.value) : parsed
  if (!valid.ok) return {ok: false, stage: 'arguments', message: valid.message}
  let returned: unknown
  try {
    returned = tool.targets(valid.value)
  } catch (error) {
    return {ok: false, stage: 'targets', message: `${tool.name} could not read its arguments: ${errorText(error)}`}
  }
  const checked = targetsSchema.safeParse(returned)
  if (!checked.success)
    return {ok: false, stage: 'targets', message: `tool ${tool.name} is broken: its targets() must return a list of targets (${describeZodIssue(checked.error)}); tell the user`}
  return {ok: true, call: {tool, args: valid.value, targets: checked.data}}
}

/** The first problem zod found, with where it is: short enough for a small model to act on. */
export function describeZodIssue(error: z.ZodError): string {
  const issue = error.issues[0]
  if (!issue) return 'wrong shape'
  return issue.path.length > 0 ? `at ${issue.path.join('.')}: ${issue.message}` : issue.message
}

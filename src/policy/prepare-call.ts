import {parseCallArguments, validateArguments} from '../runtime/call-arguments.js'
import type {ToolDeclaration} from '../runtime/tool-declaration.js'
import type {PreparedCall} from './types.js'
import {errorText} from '../runtime/error-text.js'

export type PreparedOrProblem = {ok: true; call: PreparedCall} | {ok: false; problem: string}

/** A call as the agent loop would prepare it from the model's argument text: parsed, validated, its targets built. */
export function prepareCall(tool: ToolDeclaration, argumentsText: string): PreparedOrProblem {
  const parsed = parseCallArguments(argumentsText)
  if (!parsed.ok) return {ok: false, problem: parsed.message}
  const valid = validateArguments(tool.parameters, parsed.value)
  if (!valid.ok) return {ok: false, problem: `they do not fit ${tool.name}'s parameters: ${valid.message}`}
  try {
    return {ok: true, call: {tool, args: valid.value, targets: tool.targets(valid.value)}}
  } catch (error) {
    return {ok: false, problem: `${tool.name} could not read them: ${errorText(error)}`}
  }
}

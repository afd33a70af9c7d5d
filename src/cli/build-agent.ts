import type {Config} from '@oclif/core'

import {SessionPolicyEngine} from '../policy/session-policy-engine.js'
import type {AgentEvent} from '../runtime/agent-events.js'
import {AgentSession} from '../runtime/agent-loop.js'
import type {ModelClient} from '../runtime/model-client.js'
import {createOpenAIModelClient} from '../runtime/openai-model-client.js'
import {loadPersona, type Persona} from '../runtime/personas.js'
import type {Prompter} from '../runtime/prompter.js'
import {buildSystemPrompt} from '../runtime/system-prompt.js'
import type {ToolRegistry} from '../runtime/tool-registry.js'
import type {Ask} from './choose-model.js'
import {chooseModel} from './choose-model.js'
import {loadRegistryWithWarnings} from './load-registry.js'
import {resolveEndpoint} from './resolve-endpoint.js'
import {UserError} from './user-error.js'

export interface AgentFlags {
  api?: string
  'api-key'?: string
  model?: string
  'bypass-permissions': boolean
  'max-steps': number
  persona: string
}

export interface BuiltAgent {
  session: AgentSession
  client: ModelClient
  model: string
  registry: ToolRegistry
  policy: SessionPolicyEngine
  persona: Persona
  workspace: string
}

export interface BuildAgentOptions {
  config: Config
  flags: AgentFlags
  workspace: string
  /** Asks the person (model choice); absent when headless. */
  ask?: Ask
  /** Built after the persona is known, since the gate speaks in its voice. */
  prompter(persona: Persona): Prompter
  emit(event: AgentEvent): void
}

/** Wires the runtime for chat and run: endpoint, model, tools from every plugin, policy, persona. */
export async function buildAgent(options: BuildAgentOptions): Promise<BuiltAgent> {
  const {flags, workspace} = options
  const persona = await loadPersona(flags.persona).catch((error: Error) => {
    throw new UserError(error.message)
  })
  const api = await resolveEndpoint(flags.api, options.ask)
  const client = createOpenAIModelClient({api, apiKey: flags['api-key']})
  const model = await chooseModel(client, flags.model, options.ask)
  const registry = await loadRegistryWithWarnings(options.config, workspace)
  const policy = new SessionPolicyEngine({workspace, bypass: flags['bypass-permissions']})
  const session = new AgentSession(
    {
      model: client,
      modelName: model,
      registry,
      policy,
      prompter: options.prompter(persona),
      workspace,
      maxSteps: flags['max-steps'],
      maxResultChars: 24_000,
      emit: options.emit,
    },
    buildSystemPrompt(persona, workspace),
  )
  return {session, client, model, registry, policy, persona, workspace}
}

import type {Config, Interfaces} from '@oclif/core'

import {SessionPolicyEngine} from '../../policy/edge/session-policy-engine.js'
import type {AgentEvent} from '../../runtime/agent/agent-events.js'
import {AgentSession, type ToolMode} from '../../runtime/agent/agent-loop.js'
import {ContextBudget} from '../../runtime/context/context-budget.js'
import {inspectModel, type ModelInspection} from '../../runtime/context/context-window.js'
import {errorText} from '../../runtime/text/error-text.js'
import type {ModelClient} from '../../runtime/model/model-client.js'
import {matchModelFamily, unlistedModelWarning} from '../../runtime/model/model-families.js'
import {createOpenAIModelClient, preloadModelTransport} from '../../runtime/model/openai-model-client.js'
import {DEFAULT_PERSONA, type Persona} from '../../runtime/config/personas.js'
import type {Prompter} from '../../runtime/agent/prompter.js'
import {buildSystemPrompt} from '../../runtime/agent/system-prompt.js'
import type {ToolRegistry} from '../../runtime/tools/tool-registry.js'
import {type Asker, chooseModel} from './choose-model.js'
import type {EffectiveSettings} from '../../runtime/config/config-files.js'
import {loadPolicy} from './load-policy.js'
import {loadRegistryWithWarnings} from './load-registry.js'
import {parseMaxTokens} from '../parse-max-tokens.js'
import {resolveEndpoint} from './resolve-endpoint.js'
import type {sessionFlags} from '../session-flags.js'
import {defaultHome} from '../../runtime/files/workspace-path.js'
import type {SessionSandbox} from '../../runtime/process/sandbox-setup.js'
import {startSandbox} from './sandbox-session.js'
import {type CatalogPersona, PersonaCatalog} from '../../runtime/config/persona-catalog.js'
import {connectPersonaTools, withoutPersonaTools} from '../../runtime/agent/persona-port.js'
import {PersonaSwitcher} from '../../runtime/agent/persona-switcher.js'
import {loadProjectInstructions, type ProjectInstructions} from '../../runtime/agent/project-instructions.js'
import {saveUserSetting} from '../../runtime/config/save-user-setting.js'
import {xdgPaths} from '../../runtime/config/xdg-paths.js'
import {formatSize} from '../../runtime/text/format-size.js'
import {CommandHooks} from '../../runtime/agent/hooks-runner.js'
import type {McpServers} from '../../runtime/mcp/mcp-servers.js'
import {sessionExtensions} from './session-extensions.js'
import {startMcpServers} from './start-mcp.js'
import {SwitchableModelClient} from './switchable-model-client.js'
import {adoptModelWindow} from '../switches/model-window.js'
import {type ResumedChoices, startingPersona} from '../switches/resumed-choices.js'
import type {PreparedCall} from '../../runtime/tools/prepare-call.js'

/** Used when neither the server nor --context says; small enough to be safe on ollama's defaults. */
const DEFAULT_CONTEXT_TOKENS = 8192

/** The parsed flags chat and run share. */
export type AgentFlags = Interfaces.InferredFlags<typeof sessionFlags>

export interface BuiltAgent {
  session: AgentSession
  client: ModelClient
  model: string
  registry: ToolRegistry
  policy: SessionPolicyEngine
  persona: Persona
  workspace: string
  budget: ContextBudget
  /** Where the context size came from, e.g. `llama.cpp /props`, `--context`, `default`. */
  contextSource: string
  /** What commands run in: the chat start line says it. */
  sandbox: SessionSandbox
  /** The session's persona: which one speaks, switching and rewriting it. */
  personas: PersonaSwitcher
  /** The AGENTS.md files in the system prompt, if any. */
  instructions?: ProjectInstructions
  /** The configured MCP servers (started, failed or waiting for trust); undefined when none is configured. */
  mcp?: McpServers
  /** The user and project settings in force. */
  settings: EffectiveSettings
  /** The server's slots and build, when it said (llama.cpp). */
  serverFacts?: ModelInspection['facts']
  /** The model id requests carry, which /model changes. */
  modelSwitch: SwitchableModelClient
}

export interface BuildAgentOptions {
  config: Config
  flags: AgentFlags
  workspace: string
  /** Asks the person (server, model, trust in project rules); absent when headless. */
  asker?: Asker
  /** Built after the persona is known, since the gate speaks in its voice. */
  prompter(persona: Persona): Prompter
  emit(event: AgentEvent): void
  /** One-line warnings before the session starts: config problems, guesses made for a headless run. */
  warn(message: string): void
  /** Offer the model the persona tools (default true; `run` offers them only with --persona-tools). */
  personaTools?: boolean
  /** Awaited before each mutating tool call (the workspace checkpoint for /undo). */
  beforeMutation?(call: PreparedCall): Promise<void>
  /** The saved session continued, if any: its last model and persona are used unless a flag names others. */
  resumed?: ResumedChoices
}

/** Wires the runtime for chat and run: endpoint, model, context, tools from every plugin, policy, persona. */
export async function buildAgent(options: BuildAgentOptions): Promise<BuiltAgent> {
  const {flags, workspace, asker, warn} = options
  const maxTokens = parseMaxTokens(flags['max-tokens'])
  // --api and --model (or their variables) win over any config: the server can be asked about the model while
  // the tools and rules load, instead of after.
  const requestedModel = flags.model ?? options.resumed?.model
  const early = flags.api && requestedModel ? connect(await resolveEndpoint(flags.api, {warn}), requestedModel, flags) : undefined
  const loaded = await loadRegistryWithWarnings(options.config, workspace, {warn})
  const registry = options.personaTools === false ? withoutPersonaTools(loaded) : loaded
  const policySetup = await loadPolicy({workspace, toolNames: registry.names(), asker, warn})
  const {settings} = policySetup
  // MCP servers start now, in parallel with the model set-up; hooks and servers of an untrusted project file wait.
  const extensions = sessionExtensions(policySetup.files, policySetup.store)
  extensions.notes.forEach(warn)
  const mcp = await startMcpServers(extensions, {registry, workspace, warn})
  const userSandbox = policySetup.files.find((file) => file.origin === 'user')?.settings.sandbox
  // The bwrap probe runs while the server is asked about the model; its answer is needed only by the first command.
  // Its lines wait until then too, so they never land in the middle of a question about the server or model.
  const sandboxWarnings: string[] = []
  const sandboxing = startSandbox({flag: flags.sandbox, configured: userSandbox, workspace, warn: (line) => sandboxWarnings.push(line)})
  sandboxing.catch(() => undefined) // awaited below; this only keeps an early failure elsewhere from leaving it unhandled
  const catalog = new PersonaCatalog()
  const persona = await startingPersona(catalog, {flag: flags.persona, resumed: options.resumed?.persona, configured: settings.persona ?? DEFAULT_PERSONA}, warn)
  const instructions = await readProjectInstructions(workspace, settings.agentsMdLimit, warn)
  const {client, model, inspecting} = early ?? (await connectFromSettings(flags, settings, {asker, warn}, requestedModel))
  if (!flags.force && !matchModelFamily(model, settings.modelFamilies)) warn(unlistedModelWarning(model))
  // The first request's tools field, computed while the server answers the inspection.
  registry.schemas()

  const configured = flags.context ?? settings.context
  // What the server says only sizes the context and picks the tool mode: not being able to ask is no reason to stop.
  const asked = await inspecting
  // The first request carries the MCP tools: it waits for the servers, at most their start timeout.
  await mcp?.ready
  let inspection: ModelInspection
  if (asked.ok) inspection = asked.inspection
  else {
    const fallback = configured === undefined ? `assuming ${DEFAULT_CONTEXT_TOKENS} tokens of context (set --context)` : 'using the configured context size'
    warn(`could not ask ${client.baseURL} about ${model} (${errorText(asked.error)}); ${fallback}`)
    inspection = {contextWindow: null, toolSupport: null}
  }
  const contextTokens = configured ?? inspection.contextWindow?.tokens ?? DEFAULT_CONTEXT_TOKENS
  const contextSource = flags.context ? '--context' : settings.context ? 'config' : (inspection.contextWindow?.source ?? 'default')
  const toolMode: ToolMode = inspection.toolSupport === false ? 'prompt' : 'native'
  if (toolMode === 'prompt') warn(`${model} does not support native tool calls on this server; the tools are described in the prompt instead`)

  // One home for the policy and the tools: `~` must mean the same path to the check and to the write.
  const home = defaultHome()
  const policy = new SessionPolicyEngine({
    workspace,
    bypass: flags['bypass-permissions'],
    rules: policySetup.rules,
    home,
    readOnlyCommands: policySetup.readOnlyCommands,
  })
  const budget = new ContextBudget(contextTokens, maxTokens)
  const sandbox = await sandboxing
  sandboxWarnings.forEach(warn)
  const modelSwitch = new SwitchableModelClient(client, model, (next, signal) =>
    adoptModelWindow(next, {budget, baseURL: client.baseURL, configured: configured === undefined ? undefined : contextSource}, signal),
  )
  const session = new AgentSession(
    {
      model: modelSwitch,
      modelName: model,
      registry,
      policy,
      prompter: options.prompter(persona),
      workspace,
      home,
      maxSteps: flags['max-steps'],
      budget,
      toolMode,
      nudge: settings.nudge,
      emit: options.emit,
      hooks: extensions.hooks.length > 0 ? new CommandHooks(extensions.hooks, warn) : undefined,
      beforeMutation: options.beforeMutation,
    },
    buildSystemPrompt(persona, workspace, instructions?.section),
  )
  const personas = new PersonaSwitcher({
    catalog,
    active: persona,
    session,
    systemPromptFor: (next: CatalogPersona) => buildSystemPrompt(next, workspace, instructions?.section),
    remember: (name) => saveUserSetting(xdgPaths().config, 'persona', name),
    evolve: flags['persona-evolve'],
  })
  connectPersonaTools(registry, options.config.pjson.name, personas)
  return {session, client, model, registry, policy, persona, workspace, budget, contextSource, sandbox, personas, instructions, mcp: mcp?.servers, settings, serverFacts: inspection.facts, modelSwitch}
}

type Inspecting = Promise<{ok: true; inspection: ModelInspection} | {ok: false; error: unknown}>

interface Connection {
  client: ModelClient
  model: string
  /** Settles, never rejects: a server that cannot be asked is a warning, given once the settings are known. */
  inspecting: Inspecting
}

/** Endpoint and model from the config (or discovery, or the server's list) when the flags did not give both. */
async function connectFromSettings(flags: AgentFlags, settings: EffectiveSettings, options: {asker?: Asker; warn(message: string): void}, requested?: string): Promise<Connection> {
  const api = await resolveEndpoint(flags.api, {asker: options.asker, saved: settings.api, warn: options.warn})
  const client = createClient(api, flags)
  const model = await chooseModel(client, requested ?? settings.model, options)
  return connect(client, model, flags)
}

/** Starts asking the server about the model, and loads the HTTP client the first chat request will need meanwhile. */
function connect(endpoint: string | ModelClient, model: string, flags: AgentFlags): Connection {
  const client = typeof endpoint === 'string' ? createClient(endpoint, flags) : endpoint
  const inspecting: Inspecting = inspectModel({baseURL: client.baseURL, model}).then(
    (inspection) => ({ok: true, inspection}),
    (error: unknown) => ({ok: false, error}),
  )
  // The model client loads its SSE decoder and connection pool on its first request; loading them while the
  // inspection requests are in flight takes that off the first request's path.
  preloadModelTransport()
  return {client, model, inspecting}
}

function createClient(api: string, flags: AgentFlags): ModelClient {
  return createOpenAIModelClient({api, apiKey: flags['api-key'], idleTimeoutMs: flags['idle-timeout'] * 1000})
}

/** The AGENTS.md section; a cut is said once here (and in the prompt itself), an unreadable file is a warning. */
async function readProjectInstructions(workspace: string, limit: number | undefined, warn: (message: string) => void): Promise<ProjectInstructions | undefined> {
  try {
    const instructions = await loadProjectInstructions(workspace, limit)
    if (instructions?.cut)
      warn(`AGENTS.md is ${formatSize(instructions.cut.total)}; only the first ${formatSize(instructions.cut.limit)} went into the system prompt (raise agentsMdLimit in your config)`)
    return instructions
  } catch (error) {
    warn(`could not read AGENTS.md (${errorText(error)}); continuing without project instructions`)
    return undefined
  }
}

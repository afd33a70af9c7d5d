import {z} from 'zod'

import {ConfigError} from './config-error.js'
import {API_EXAMPLE, readApiEndpoint} from './api-endpoint.js'
import {hooksSettingsSchema, mcpSettingsSchema} from './mcp-hooks-settings.js'

export type ConfigOrigin = 'user' | 'project'

// `deny:` with nothing under it is YAML for null; it means an empty list, not a mistake.
const ruleList = z
  .array(z.string({error: 'each rule must be text, like "bash(npm test*)"'}), {error: 'must be a list of rules, like ["bash(git push*)"]'})
  .nullable()
  .transform((rules) => rules ?? [])

/** Whether bash commands proven read-only run without asking; a project file may only loosen it once trusted (policy/effective-rules.ts). */
const readOnlyCommands = z.enum(['allow', 'ask'], {
  error: 'must be "allow" (bash commands proven read-only run without asking, the default) or "ask" (they ask like any other command)',
})

const permissionsSchema = z.object(
  {deny: ruleList.optional(), ask: ruleList.optional(), allow: ruleList.optional(), readOnlyCommands: readOnlyCommands.optional()},
  {error: 'must be a mapping with deny, ask and allow lists (and readOnlyCommands: allow or ask)'},
)

const modelsSchema = z.object(
  {families: z.array(z.string({error: 'each family must be text, like "qwen3"'}), {error: 'must be a list of model family names'}).optional()},
  {error: 'must be a mapping, like {families: [qwen3]}'},
)

const sandboxMode = z.enum(['auto', 'on', 'off'], {
  error: 'must be auto (sandbox commands when bubblewrap works, the default), on (refuse commands without it) or off',
})

const onOff = z.union([z.enum(['on', 'off']), z.boolean()], {error: 'must be on or off'}).transform((value) => value === true || value === 'on')

const sandboxObjectSchema = z.object(
  {
    mode: sandboxMode.optional(),
    network: onOff.optional(),
    writable: z.array(z.string({error: 'each path must be text, like "~/.m2"'}), {error: 'must be a list of paths under home, like ["~/.m2"]'}).optional(),
  },
  {error: 'must be auto, on, off, or a mapping with mode, network and writable'},
)

/** `sandbox: on` or `sandbox: {mode, network, writable}`; read from the user file only (a repository must not loosen it). */
const sandboxSchema = z.preprocess(
  // The short form is the mode alone; anything else is checked as the mapping, so an error names the key inside it.
  (value) => (typeof value === 'string' && (sandboxMode.options as readonly string[]).includes(value) ? {mode: value} : value),
  sandboxObjectSchema,
)

/** Every setting a config file may hold; all optional. */
const configSchema = z.object({
  permissions: permissionsSchema.optional(),
  // The same forms --api takes (`localhost:11434/v1` included), kept as the URL they mean.
  api: z
    .string({error: `must be an http(s) endpoint, like ${API_EXAMPLE}`})
    .transform((value, ctx) => {
      const read = readApiEndpoint(value)
      if ('url' in read) return read.url
      ctx.addIssue({code: 'custom', message: `is not an http(s) endpoint (${read.problem}), expected the form ${API_EXAMPLE}`})
      return z.NEVER
    })
    .optional(),
  model: z.string({error: 'must be a model id (text)'}).min(1, 'must not be empty').optional(),
  models: modelsSchema.optional(),
  context: z.number({error: 'must be a number of tokens'}).int('must be a whole number of tokens').positive('must be a positive number of tokens').optional(),
  persona: z.string({error: 'must be a persona name (text)'}).min(1, 'must not be empty').optional(),
  /** Ask once per turn for the tool call a reply announced but did not make. */
  nudge: z.boolean({error: 'must be true or false'}).optional(),
  sandbox: sandboxSchema.optional(),
  /** Bytes of AGENTS.md that go into the system prompt (default 8 KB). */
  agentsMdLimit: z.number({error: 'must be a number of bytes'}).int('must be a whole number of bytes').positive('must be a positive number of bytes').optional(),
  /** MCP servers whose tools join the builtin ones; a project file's start only once it is trusted. */
  mcp: mcpSettingsSchema.optional(),
  /** Commands run before and after tool calls; a project file's run only once it is trusted. */
  hooks: hooksSettingsSchema.optional(),
  /** Whether conversations are saved under the state dir (`off` turns saving off). */
  sessions: z
    .union([z.boolean(), z.enum(['on', 'off'])], {error: 'must be on or off (or true or false)'})
    .transform((value) => value === true || value === 'on')
    .optional(),
})

export type ConfigSettings = z.output<typeof configSchema>

export interface ValidatedConfig {
  settings: ConfigSettings
  warnings: string[]
}

const KNOWN_KEYS: Record<string, readonly string[]> = {
  '': Object.keys(configSchema.shape),
  permissions: Object.keys(permissionsSchema.shape),
  models: Object.keys(modelsSchema.shape),
  sandbox: Object.keys(sandboxObjectSchema.shape),
}

/**
 * Checks one file's parsed content. A wrong value is a ConfigError naming the file and key; an
 * unknown key is a warning (a newer lillycoder may know it); `api` in a project file is dropped
 * with a warning, since a cloned repository must not send your prompts to its own server.
 */
export function validateConfig(raw: unknown, file: string, origin: ConfigOrigin): ValidatedConfig {
  if (raw === null || raw === undefined) return {settings: {}, warnings: []}
  if (!isMapping(raw)) throw new ConfigError(file, `must hold a mapping of settings (permissions, model, …), not ${kindOf(raw)}`)
  const warnings = unknownKeyWarnings(raw, file)
  const content = {...raw}
  if (origin === 'project' && Object.hasOwn(content, 'api')) {
    delete content.api
    warnings.push(`${file}: api is ignored in a project file (a repository must not redirect lillycoder to another server); set it in your user config or with --api`)
  }
  if (origin === 'project' && Object.hasOwn(content, 'sandbox')) {
    delete content.sandbox
    warnings.push(`${file}: sandbox is ignored in a project file (a repository must not loosen the sandbox); set it in your user config or with --sandbox`)
  }
  const result = configSchema.safeParse(content)
  if (!result.success) {
    const [issue] = result.error.issues
    throw new ConfigError(file, issue.message, formatKey(issue.path))
  }
  return {settings: result.data, warnings}
}

function unknownKeyWarnings(raw: Record<string, unknown>, file: string): string[] {
  const warnings: string[] = []
  const check = (value: unknown, at: string) => {
    if (!isMapping(value)) return
    const known = KNOWN_KEYS[at]
    for (const key of Object.keys(value)) {
      const where = at === '' ? key : `${at}.${key}`
      if (!known.includes(key)) warnings.push(`${file}: unknown key "${where}" is ignored (known here: ${known.join(', ')})`)
    }
  }
  check(raw, '')
  check(raw.permissions, 'permissions')
  check(raw.models, 'models')
  check(raw.sandbox, 'sandbox')
  return warnings
}

/** `permissions.deny[1]`, as a person would point at it. */
function formatKey(path: readonly PropertyKey[]): string {
  return path.map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`)).join('') || '(top level)'
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'a list'
  return typeof value === 'string' ? `the text "${value.length > 40 ? `${value.slice(0, 40)}…` : value}"` : `a ${typeof value}`
}

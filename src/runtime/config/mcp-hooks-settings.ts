import {z} from 'zod'

// The `mcp` and `hooks` keys of a config file. Both start programs, so a project file's entries only count once
// that file is trusted (cli/session/session-extensions.ts decides that); here they are only checked as data.

const seconds = (what: string) =>
  z.number({error: `must be a number of seconds (${what})`}).positive('must be a positive number of seconds').max(3600, 'must be at most 3600 seconds')

/** A strict mapping's error: its unknown keys named (a typo like `comand` is the likely cause), else what it must be. */
const mapping = (shape: string) => (issue: {code?: string; keys?: string[]}) =>
  issue.code === 'unrecognized_keys' ? `unknown key${issue.keys && issue.keys.length > 1 ? 's' : ''} ${(issue.keys ?? []).map((key) => `"${key}"`).join(', ')} (${shape})` : `must be a mapping: ${shape}`

const textList = (example: string) => z.array(z.string({error: `each entry must be text, like "${example}"`}), {error: `must be a list, like ["${example}"]`})

/** One MCP server: a program to start (stdio) or a streamable HTTP endpoint, with an optional allowlist of its tools. */
const mcpServerSchema = z
  .strictObject(
    {
      command: z.string({error: 'must be the program to start (text)'}).min(1, 'must not be empty').optional(),
      args: textList('--stdio').optional(),
      env: z.record(z.string(), z.string({error: 'each value must be text'}), {error: 'must be a mapping of NAME: value'}).optional(),
      url: z.url({protocol: /^https?$/, error: 'must be an http(s) URL, like http://127.0.0.1:8931/mcp'}).optional(),
      tools: textList('read_file').optional(),
    },
    {error: mapping('{command, args, env?, tools?} or {url, tools?}')},
  )
  .superRefine((server, ctx) => {
    if ((server.command === undefined) === (server.url === undefined))
      ctx.addIssue({code: 'custom', message: 'needs either command (a program speaking MCP on stdio) or url (a streamable HTTP endpoint), not both or neither'})
    else if (server.url !== undefined && (server.args !== undefined || server.env !== undefined))
      ctx.addIssue({code: 'custom', message: 'args and env belong to a command server; a url server takes only tools'})
  })

export const MCP_SERVER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/
const SERVER_NAME_RULE = 'server names are letters, digits, _ . - (at most 32), starting with a letter or digit'

export const mcpSettingsSchema = z.strictObject(
  {
    servers: z
      .record(
        z.string().regex(MCP_SERVER_NAME, SERVER_NAME_RULE),
        mcpServerSchema,
        {error: (issue) => (issue.code === 'invalid_key' ? SERVER_NAME_RULE : 'must be a mapping of server names to {command, args} or {url}')},
      )
      .optional(),
    startTimeout: seconds('how long a server may take to start; default 30').optional(),
    callTimeout: seconds('how long one tool call may take; default 120').optional(),
  },
  {error: mapping('servers, startTimeout, callTimeout')},
)

/** A regex on tool names; checked here so a bad one is a config error naming the key, not a surprise mid-session. */
const toolNamePattern = z.string({error: 'must be a regular expression on tool names, like "edit_file|write_file"'}).refine(
  (pattern) => {
    try {
      new RegExp(pattern)
      return true
    } catch {
      return false
    }
  },
  {error: 'is not a valid regular expression'},
)

const hookSchema = z.strictObject(
  {
    match: toolNamePattern,
    command: z.string({error: 'must be the command to run (text)'}).min(1, 'must not be empty'),
    timeout: seconds('default 30').optional(),
  },
  {error: mapping('{match: "tool regex", command: "program args", timeout?}')},
)

export const hooksSettingsSchema = z.strictObject(
  {
    before_tool: z.array(hookSchema, {error: 'must be a list of {match, command}'}).optional(),
    after_tool: z.array(hookSchema, {error: 'must be a list of {match, command}'}).optional(),
  },
  {error: mapping('before_tool and after_tool lists')},
)

export type McpServerSettings = z.output<typeof mcpServerSchema>
export type McpSettings = z.output<typeof mcpSettingsSchema>
export type HookSettings = z.output<typeof hookSchema>
export type HooksSettings = z.output<typeof hooksSettingsSchema>

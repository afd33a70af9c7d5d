import {existsSync, realpathSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

import type {ToolDescription} from './describe-tool.js'
import {formatJsonResult, formatToolDetails, formatToolTable} from './format-tools.js'
import {oclifDataDir, toolCacheDir, validToolListCache} from './session/tool-list-cache.js'
import {warnOnStderr} from './warn-on-stderr.js'

// Loaded by bin/run.js before oclif: node builtins and the cache module only.

const CLI_ROOT = fileURLToPath(new URL('../..', import.meta.url))

/** What a `tools list|show` command line asks for, when it is one the cache can answer exactly as oclif would. */
type ToolsQuery = {kind: 'list'; json: boolean} | {kind: 'show'; name: string; json: boolean}

export function parseToolsQuery(argv: readonly string[]): ToolsQuery | undefined {
  if (argv[0] !== 'tools') return undefined
  const rest = argv.slice(2)
  const json = rest.includes('--json')
  const others = rest.filter((arg) => arg !== '--json')
  if (rest.length - others.length > 1) return undefined
  if (argv[1] === 'list' && others.length === 0) return {kind: 'list', json}
  if (argv[1] === 'show' && others.length === 1 && /^[a-z][a-z0-9_]*$/.test(others[0])) return {kind: 'show', name: others[0], json}
  return undefined
}

/**
 * Answers `tools list [--json]` and `tools show NAME [--json]` from a valid cache, byte for byte as the command
 * would, and returns true; false means "not answered", and the caller runs the command through oclif as usual.
 */
export function answerToolsFromCache(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): boolean {
  const query = parseToolsQuery(argv)
  // Debug output and a user theme for JSON are oclif's to produce.
  if (!query || env.LILLYCODER_DEBUG || env.DEBUG || env.LILLYCODER_CONFIG_DIR) return false
  const cache = validToolListCache(toolCacheDir(env), {cliRoot: CLI_ROOT, dataDir: oclifDataDir(env), workspace: realpathSync(process.cwd())})
  if (!cache || hasUserTheme(env)) return false
  const output = render(query, cache.tools)
  if (output === undefined) return false
  for (const problem of cache.problems) warnOnStderr(problem)
  process.stdout.write(`${output}\n`)
  return true
}

function render(query: ToolsQuery, tools: ToolDescription[]): string | undefined {
  if (query.kind === 'list') return query.json ? formatJsonResult(tools) : formatToolTable(tools)
  // An unknown name: the command's own error, with its suggestions, comes from the normal path.
  const tool = tools.find((candidate) => candidate.name === query.name)
  if (!tool) return undefined
  return query.json ? formatJsonResult(tool) : formatToolDetails(tool)
}

function hasUserTheme(env: NodeJS.ProcessEnv): boolean {
  const home = env.HOME ?? ''
  const configHome = env.XDG_CONFIG_HOME || path.join(home, '.config')
  return existsSync(path.join(configHome, 'lillycoder', 'theme.json'))
}

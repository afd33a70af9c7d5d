import {createHash} from 'node:crypto'
import {access, readFile} from 'node:fs/promises'
import path from 'node:path'

import {ConfigError} from './config-error.js'
import {PROJECT_SEARCH_PLACES, USER_CONFIG_NAMES} from './config-names.js'
import {type ConfigOrigin, type ConfigSettings, validateConfig} from './config-schema.js'
import {errorText} from '../text/error-text.js'
import {errorCode} from '../files/file-system-error.js'
import {isRecord} from '../text/is-record.js'

const CODE_EXTENSIONS = ['.js', '.cjs', '.mjs', '.ts', '.cts', '.mts']

// cosmiconfig would run these; lillycoder never does, and says so when it sees one.
const CODE_CONFIG_NAMES = ['.lillycoderrc', '.config/lillycoderrc', 'lillycoder.config'].flatMap((base) =>
  CODE_EXTENSIONS.map((extension) => `${base}${extension}`),
)

/** A config file that was found, parsed and validated. */
export interface ConfigFile {
  path: string
  origin: ConfigOrigin
  /** Validated settings; `permissions` holds the rule texts, which the policy reads (policy/rule-file.ts). */
  settings: ConfigSettings
  /** sha256 of what was read: the file's text, or for package.json its `lillycoder` value (a version bump is not a rule change). */
  sha256: string
}

export interface ConfigLocations {
  /** The workspace root, symlinks resolved. */
  workspace: string
  home: string
  /** `$XDG_CONFIG_HOME/lillycoder`. */
  userConfigDir: string
}

export interface FoundConfig {
  user?: ConfigFile
  project?: ConfigFile
  /** The directories searched for a project file, nearest first. */
  searched: string[]
  warnings: string[]
}

/**
 * Finds the user file and the project file. The project search walks up from the workspace to the
 * first directory holding `.git` or to home, whichever comes first, and takes the FIRST file it finds
 * (cosmiconfig semantics: the nearest wins, files further up are not merged). Nothing is executed.
 */
export async function findConfig(where: ConfigLocations): Promise<FoundConfig> {
  const warnings: string[] = []
  const user = await searchConfig(USER_CONFIG_NAMES, [where.userConfigDir], 'user', warnings)
  const searched = await projectSearchDirs(where.workspace, where.home)
  const project = await searchConfig(PROJECT_SEARCH_PLACES, searched, 'project', warnings)
  warnings.push(...(await ignoredFileWarnings(searched, project?.path)))
  return {user, project, searched, warnings}
}

/** Reads one named file (e.g. for `policy trust FILE`), by the same rules as the search. */
export async function readConfigFile(file: string, origin: ConfigOrigin): Promise<{file: ConfigFile; warnings: string[]}> {
  const warnings: string[] = []
  const content = await readFile(file, 'utf8').catch((error: unknown) => {
    throw new ConfigError(file, `cannot be read (${errorText(error)})`)
  })
  const data = await parseData(file, content, warnings)
  if (path.basename(file) === 'package.json') {
    if (!isRecord(data) || data.lillycoder === undefined) throw new ConfigError(file, 'has no "lillycoder" key')
    return {file: toConfigFile(file, data.lillycoder, origin, sha256(JSON.stringify(data.lillycoder)), warnings), warnings}
  }
  return {file: toConfigFile(file, data, origin, sha256(content), warnings), warnings}
}

/** The workspace and its parents up to the repository root or home, whichever comes first; only the workspace when neither is above it. */
async function projectSearchDirs(workspace: string, home: string): Promise<string[]> {
  const dirs: string[] = []
  for (let dir = workspace; ; dir = path.dirname(dir)) {
    dirs.push(dir)
    if (dir === home || (await exists(path.join(dir, '.git')))) return dirs
    // Not in a repository and not under home (e.g. /tmp/x): a parent such as /tmp may belong to anyone.
    if (path.dirname(dir) === dir) return [workspace]
  }
}

async function searchConfig(
  places: readonly string[],
  dirs: string[],
  origin: ConfigOrigin,
  warnings: string[],
): Promise<ConfigFile | undefined> {
  const {lilconfig} = await import('lilconfig')
  const contents = new Map<string, string>()
  const data = async (file: string, content: string) => {
    contents.set(file, content)
    return parseData(file, content, warnings)
  }
  const refuse = (file: string) => {
    throw new ConfigError(file, 'is code, and lillycoder never runs code from config files')
  }
  const explorer = lilconfig('lillycoder', {
    searchPlaces: [...places],
    stopDir: dirs[dirs.length - 1],
    cache: false,
    packageProp: 'lillycoder',
    // Only data loaders; lilconfig's own code loaders are replaced in case a code name ever reaches it.
    loaders: {'.json': data, '.yaml': data, '.yml': data, noExt: data, '.js': refuse, '.cjs': refuse, '.mjs': refuse, '.ts': refuse},
  })
  const result = await explorer.search(dirs[0])
  if (!result) return undefined
  const file = result.filepath
  const isPackage = path.basename(file) === 'package.json'
  const hashed = isPackage ? JSON.stringify(result.config) : (contents.get(file) ?? '')
  return toConfigFile(file, result.config, origin, sha256(hashed), warnings)
}

async function parseData(file: string, content: string, warnings: string[]): Promise<unknown> {
  const name = path.basename(file)
  const extension = path.extname(file)
  if (CODE_EXTENSIONS.includes(extension)) throw new ConfigError(file, 'is code, and lillycoder never runs code from config files')
  if (extension === '.json') {
    try {
      return JSON.parse(content.replace(/^\uFEFF/, ''))
    } catch (error) {
      // A broken package.json is not ours to refuse over (the agent may be asked to fix it), but it is said.
      if (name === 'package.json') {
        warnings.push(`${file}: not valid JSON (${errorText(error)}); its "lillycoder" key, if any, is not read`)
        return {}
      }
      throw new ConfigError(file, `invalid JSON: ${errorText(error)}`)
    }
  }
  const yaml = await import('js-yaml')
  try {
    return yaml.load(content, {filename: file})
  } catch (error) {
    if (error instanceof yaml.YAMLException)
      throw new ConfigError(file, `invalid YAML: ${error.reason} (line ${error.mark.line + 1}, column ${error.mark.column + 1})`)
    throw error
  }
}

function toConfigFile(file: string, raw: unknown, origin: ConfigOrigin, hash: string, warnings: string[]): ConfigFile {
  const validated = validateConfig(raw, file, origin)
  warnings.push(...validated.warnings)
  return {path: file, origin, settings: validated.settings, sha256: hash}
}

/** Code configs are never run, and a second data file next to the one read is not read: both are said, not silently skipped. */
async function ignoredFileWarnings(searched: string[], found: string | undefined): Promise<string[]> {
  const warnings: string[] = []
  for (const dir of searched) {
    for (const name of CODE_CONFIG_NAMES) {
      const file = path.join(dir, name)
      if (await exists(file))
        warnings.push(`${file}: ignored: lillycoder never runs code from config files; use .lillycoderrc.yaml or .lillycoderrc.json`)
    }
    const here = found !== undefined && PROJECT_SEARCH_PLACES.some((place) => path.join(dir, place) === found)
    if (here) {
      for (const place of PROJECT_SEARCH_PLACES) {
        const file = path.join(dir, place)
        if (place !== 'package.json' && file !== found && (await exists(file))) warnings.push(`${file}: ignored: ${found} is read instead (only one project config file is used)`)
      }
      return warnings
    }
  }
  return warnings
}

export interface EffectiveSettings {
  /** From the user file only. */
  api?: string
  model?: string
  /** Extra model families, user and project together. */
  modelFamilies: string[]
  context?: number
  persona?: string
  /** false: never nudge a reply that announces work without a call. */
  nudge?: boolean
  /** Bytes of AGENTS.md for the system prompt. */
  agentsMdLimit?: number
  /** false when either file says `sessions: off` (a repository may stop saving, never start it against the user's word). */
  sessions?: false
}

/** The project file's settings win over the user file's, except `api`, which only the user file may set. */
export function effectiveSettings(found: Pick<FoundConfig, 'user' | 'project'>): EffectiveSettings {
  const user = found.user?.settings ?? {}
  const project = found.project?.settings ?? {}
  return {
    api: user.api,
    model: project.model ?? user.model,
    modelFamilies: [...new Set([...(user.models?.families ?? []), ...(project.models?.families ?? [])])],
    context: project.context ?? user.context,
    persona: project.persona ?? user.persona,
    nudge: project.nudge ?? user.nudge,
    agentsMdLimit: project.agentsMdLimit ?? user.agentsMdLimit,
    sessions: user.sessions === false || project.sessions === false ? false : undefined,
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file)
    return true
  } catch (error) {
    const code = errorCode(error)
    if (code === 'ENOENT' || code === 'ENOTDIR') return false
    throw error
  }
}


import {realpath} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import {checkRules} from '../policy/check-rules.js'
import {effectiveRules, untrustedAllowFiles} from '../policy/effective-rules.js'
import type {PolicyRuleSet} from '../policy/policy-rule.js'
import {loadTrustStore, type TrustStore} from '../policy/trust-store.js'
import {ConfigError} from '../runtime/config-error.js'
import {type ConfigFile, effectiveSettings, type EffectiveSettings, findConfig, type FoundConfig, readConfigFile} from '../runtime/config-files.js'
import {errorCode} from '../runtime/file-system-error.js'
import {xdgPaths} from '../runtime/xdg-paths.js'
import {askTrust} from './ask-trust.js'
import type {Ask} from './choose-model.js'
import {UserError} from './user-error.js'

export interface PolicySetup {
  config: FoundConfig
  /** The user file, then the project file, as found. */
  files: ConfigFile[]
  settings: EffectiveSettings
  store: TrustStore
  /** What the SessionPolicyEngine applies: untrusted project allow rules left out. */
  rules: PolicyRuleSet
  /** Project files whose allow rules are ignored until trusted. */
  untrusted: ConfigFile[]
  stateDir: string
}

export interface LoadPolicyOptions {
  workspace: string
  env?: NodeJS.ProcessEnv
  /** The registry's tool names: rules naming another tool are warned about. */
  toolNames?: readonly string[]
  /** Someone who can answer (chat): untrusted project allow rules are shown and asked about. Absent: they are ignored and that is said. */
  ask?: Ask
  print?: (text: string) => void
  /** `policy show` reports trust itself. */
  quietAboutTrust?: boolean
}

/** Config files, trust and effective rules for one workspace; problems are warned on stderr, a bad file is a one-line exit 2. */
export async function loadPolicy(options: LoadPolicyOptions): Promise<PolicySetup> {
  const env = options.env ?? process.env
  const {config: configDir, state: stateDir} = xdgPaths(env)
  return asUserError(async () => {
    const config = await findConfig({workspace: options.workspace, home: await realHome(env), userConfigDir: await realOrSame(configDir)})
    const files = [config.user, config.project].filter((file): file is ConfigFile => file !== undefined)
    warn(config.warnings)
    if (options.toolNames) warn(checkRules(files.flatMap((file) => file.rules), options.toolNames))
    let store = await loadTrustStore(stateDir)
    if (options.ask && untrustedAllowFiles(files, store).length > 0) {
      const print = options.print ?? ((text: string) => process.stdout.write(text))
      await askTrust({files: untrustedAllowFiles(files, store), ask: options.ask, print, stateDir, cwd: options.workspace})
      store = await loadTrustStore(stateDir)
    }
    const untrusted = untrustedAllowFiles(files, store)
    if (!options.quietAboutTrust)
      for (const file of untrusted)
        process.stderr.write(`lillycoder: ignoring the allow rules of ${file.path}: not trusted yet (review it, then run \`lillycoder policy trust\`)\n`)
    return {config, files, settings: effectiveSettings(config), store, rules: effectiveRules(files, store), untrusted, stateDir}
  })
}

/** The file `policy trust|untrust [FILE]` acts on: FILE, or the project file found from the workspace. */
export async function policyFileFor(file: string | undefined, workspace: string, env: NodeJS.ProcessEnv = process.env): Promise<ConfigFile> {
  return asUserError(async () => {
    const home = await realHome(env)
    if (file !== undefined) {
      const absolute = await realpath(path.resolve(file)).catch((error: unknown) => {
        throw errorCode(error) === 'ENOENT' ? new UserError(`${path.resolve(file)} does not exist`) : error
      })
      const userConfigDir = await realOrSame(xdgPaths(env).config)
      const origin = path.dirname(absolute) === userConfigDir ? 'user' : 'project'
      const read = await readConfigFile(absolute, origin, home)
      warn(read.warnings)
      return read.file
    }
    const config = await findConfig({workspace, home, userConfigDir: await realOrSame(xdgPaths(env).config)})
    warn(config.warnings)
    if (config.project) return config.project
    const searched = config.searched.length > 1 ? `${config.searched[0]} up to ${config.searched.at(-1)}` : config.searched[0]
    throw new UserError(`no project config file found in ${searched}; name one: lillycoder policy trust FILE`)
  })
}

export async function realHome(env: NodeJS.ProcessEnv): Promise<string> {
  return realOrSame(env.HOME || os.homedir())
}

// A home or config dir that does not exist yet is still where it would be.
async function realOrSame(dir: string): Promise<string> {
  return realpath(dir).catch((error: unknown) => {
    if (errorCode(error) === 'ENOENT') return path.resolve(dir)
    throw error
  })
}

function warn(warnings: readonly string[]): void {
  for (const warning of warnings) process.stderr.write(`lillycoder: warning: ${warning}\n`)
}

async function asUserError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (error instanceof ConfigError) throw new UserError(error.message)
    throw error
  }
}

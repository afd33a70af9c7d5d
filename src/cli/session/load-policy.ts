import {realpath} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import {checkRules} from '../../policy/check-rules.js'
import {effectiveReadOnlyCommands, effectiveRules, untrustedAllowFiles} from '../../policy/effective-rules.js'
import type {PolicyRuleSet} from '../../policy/policy-rule.js'
import {readRuleFile, type RuleFile} from '../../policy/rule-file.js'
import {loadTrustStore} from '../../policy/edge/trust-store.js'
import type {TrustStore} from '../../policy/trust.js'
import {ConfigError} from '../../runtime/config/config-error.js'
import {effectiveSettings, type EffectiveSettings, findConfig, readConfigFile} from '../../runtime/config/config-files.js'
import {errorCode} from '../../runtime/files/file-system-error.js'
import {xdgPaths} from '../../runtime/config/xdg-paths.js'
import {askTrust} from './ask-trust.js'
import type {Asker} from './choose-model.js'
import {UserError} from '../user-error.js'
import {warnOnStderr} from '../warn-on-stderr.js'

export interface PolicySetup {
  /** The user file, then the project file, as found. */
  files: RuleFile[]
  settings: EffectiveSettings
  store: TrustStore
  /** What the SessionPolicyEngine applies: untrusted project allow rules left out. */
  rules: PolicyRuleSet
  /** `permissions.readOnlyCommands` is allow (the default): bash commands proven read-only run without asking. */
  readOnlyCommands: boolean
}

export interface LoadPolicyOptions {
  workspace: string
  env?: NodeJS.ProcessEnv
  /** The registry's tool names: rules naming another tool are warned about. */
  toolNames?: readonly string[]
  /** Someone who can answer (chat): untrusted project allow rules are shown and asked about. Absent: they are ignored and that is said. */
  asker?: Asker
  /** Config problems, unknown tools in rules, ignored allow rules. Default: on stderr. */
  warn?: (message: string) => void
  /** `policy show` reports trust itself. */
  quietAboutTrust?: boolean
}

/** Config files, trust and effective rules for one workspace; problems are warned about, a bad file is a one-line exit 2. */
export async function loadPolicy(options: LoadPolicyOptions): Promise<PolicySetup> {
  const env = options.env ?? process.env
  const warn = options.warn ?? warnOnStderr
  const {config: configDir, state: stateDir} = xdgPaths(env)
  return asUserError(async () => {
    const home = await realHome(env)
    const config = await findConfig({workspace: options.workspace, home, userConfigDir: await realOrSame(configDir)})
    const files = [config.user, config.project].flatMap((file) => (file ? [readRuleFile(file, home)] : []))
    config.warnings.forEach(warn)
    if (options.toolNames) checkRules(files.flatMap((file) => file.rules), options.toolNames).forEach(warn)
    let store = await loadTrustStore(stateDir)
    if (options.asker && untrustedAllowFiles(files, store).length > 0) {
      await askTrust({files: untrustedAllowFiles(files, store), ...options.asker, stateDir, cwd: options.workspace})
      store = await loadTrustStore(stateDir)
    }
    const readOnly = effectiveReadOnlyCommands(files, store)
    if (!options.quietAboutTrust) {
      for (const file of untrustedAllowFiles(files, store))
        warn(`ignoring the allow rules of ${file.path}: not trusted yet (review it, then run \`lillycoder policy trust\`)`)
      if (readOnly.ignored !== undefined)
        warn(`ignoring permissions.readOnlyCommands: allow in ${readOnly.ignored}: your user config says ask and this file is not trusted yet (review it, then run \`lillycoder policy trust\`)`)
    }
    return {files, settings: effectiveSettings(config), store, rules: effectiveRules(files, store), readOnlyCommands: readOnly.value === 'allow'}
  })
}

/** The file `policy trust|untrust [FILE]` acts on: FILE, or the project file found from the workspace. */
export async function policyFileFor(file: string | undefined, workspace: string, env: NodeJS.ProcessEnv = process.env): Promise<RuleFile> {
  return asUserError(async () => {
    const home = await realHome(env)
    if (file !== undefined) {
      const absolute = await realpath(path.resolve(file)).catch((error: unknown) => {
        throw errorCode(error) === 'ENOENT' ? new UserError(`${path.resolve(file)} does not exist`) : error
      })
      const userConfigDir = await realOrSame(xdgPaths(env).config)
      const origin = path.dirname(absolute) === userConfigDir ? 'user' : 'project'
      const read = await readConfigFile(absolute, origin)
      read.warnings.forEach(warnOnStderr)
      return readRuleFile(read.file, home)
    }
    const config = await findConfig({workspace, home, userConfigDir: await realOrSame(xdgPaths(env).config)})
    config.warnings.forEach(warnOnStderr)
    if (config.project) return readRuleFile(config.project, home)
    const searched = config.searched.length > 1 ? `${config.searched[0]} up to ${config.searched.at(-1)}` : config.searched[0]
    throw new UserError(`no project config file found in ${searched}; name one: lillycoder policy trust FILE`)
  })
}

async function realHome(env: NodeJS.ProcessEnv): Promise<string> {
  return realOrSame(env.HOME || os.homedir())
}

// A home or config dir that does not exist yet is still where it would be.
async function realOrSame(dir: string): Promise<string> {
  return realpath(dir).catch((error: unknown) => {
    if (errorCode(error) === 'ENOENT') return path.resolve(dir)
    throw error
  })
}

async function asUserError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (error instanceof ConfigError) throw new UserError(error.message)
    throw error
  }
}

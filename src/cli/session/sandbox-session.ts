import os from 'node:os'
import path from 'node:path'

import type {ConfigSettings} from '../../runtime/config/config-schema.js'
import {xdgPaths} from '../../runtime/config/xdg-paths.js'
import {describeSandbox, type SandboxReport} from '../../runtime/process/describe-sandbox.js'
import {type SandboxMode, type SandboxSettings, setUpSandbox, type SessionSandbox} from '../../runtime/process/sandbox-setup.js'
import {useSessionSandbox} from '../../runtime/process/session-sandbox.js'
import {oclifDataDir, toolCacheDir} from './tool-list-cache.js'

export interface StartSandboxOptions {
  /** `--sandbox`, when given: it wins over the config. */
  flag?: SandboxMode
  /** The user config's `sandbox` setting (a project file's is never read). */
  configured?: ConfigSettings['sandbox']
  workspace: string
  env?: NodeJS.ProcessEnv
  warn(message: string): void
}

/** The sandbox settings from the flag and the user config: the flag's mode wins, network and writable come from the config. */
export function sandboxSettings(flag: SandboxMode | undefined, configured: ConfigSettings['sandbox']): SandboxSettings {
  const config: {mode?: SandboxMode; network?: boolean; writable?: string[]} = configured ?? {}
  return {
    mode: flag ?? config.mode ?? 'auto',
    modeSource: flag ? `--sandbox ${flag}` : config.mode ? `sandbox: ${config.mode} in the user config` : 'default',
    network: config.network ?? false,
    writable: config.writable ?? [],
  }
}

/** lillycoder's own config, state, plugins and caches: never writable from inside the sandbox (a planted plugin would run next time). */
export function ownPaths(env: NodeJS.ProcessEnv = process.env): string[] {
  const {config, state, data} = xdgPaths(env)
  return [...new Set([config, state, data, oclifDataDir(env), toolCacheDir(env)])]
}

/** Sets up the session's sandbox (every command tool of this process uses it) and says what it decided. */
export async function startSandbox(options: StartSandboxOptions): Promise<SessionSandbox> {
  const env = options.env ?? process.env
  const {sandbox, warnings} = await setUpSandbox(sandboxSettings(options.flag, options.configured), {
    workspace: options.workspace,
    home: env.HOME || os.homedir(),
    protectedPaths: ownPaths(env),
    searchPath: env.PATH ?? '',
  })
  warnings.forEach(options.warn)
  if (sandbox.state === 'refusing') options.warn(`the sandbox is on, but ${sandbox.reason}: every command will be refused (${sandbox.hint})`)
  useSessionSandbox(sandbox)
  return sandbox
}

/** The report with paths under home written `~/…`. */
export function sandboxReport(sandbox: SessionSandbox, workspace: string, env: NodeJS.ProcessEnv = process.env): SandboxReport {
  const home = env.HOME || os.homedir()
  const short = (file: string) => (file === home ? '~' : file.startsWith(`${home}${path.sep}`) ? `~${file.slice(home.length)}` : file)
  return describeSandbox(sandbox, workspace, short)
}

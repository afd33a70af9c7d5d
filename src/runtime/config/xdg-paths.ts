import os from 'node:os'
import path from 'node:path'

/** Where lillycoder keeps its files, following the XDG base directory spec. */
export interface XdgPaths {
  /** User config: config.{json,yaml,yml}. */
  config: string
  /** State: REPL history, trusted policy files. */
  state: string
  /** Data: user-installed plugins (oclif's own choice). */
  data: string
}

export function xdgPaths(env: NodeJS.ProcessEnv = process.env): XdgPaths {
  const home = env.HOME || os.homedir()
  const base = (name: string, fallback: string) => {
    const value = env[name]
    // The spec says relative values are invalid and must be ignored.
    return value && path.isAbsolute(value) ? value : path.join(home, fallback)
  }
  return {
    config: path.join(base('XDG_CONFIG_HOME', '.config'), 'lillycoder'),
    state: path.join(base('XDG_STATE_HOME', '.local/state'), 'lillycoder'),
    data: path.join(base('XDG_DATA_HOME', '.local/share'), 'lillycoder'),
  }
}

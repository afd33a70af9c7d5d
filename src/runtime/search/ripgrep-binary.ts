import {findExecutable} from '../process/find-executable.js'

/**
 * The `rg` binary to use, or undefined for the JavaScript fallback. `LILLYCODER_RG` overrides the
 * PATH lookup: a path to the binary, or `0` to never use ripgrep.
 */
export function findRipgrep(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const override = env.LILLYCODER_RG
  if (override === '0') return Promise.resolve(undefined)
  if (override) return Promise.resolve(override)
  return findExecutable(process.platform === 'win32' ? 'rg.exe' : 'rg', env.PATH ?? '')
}

import {spawn} from 'node:child_process'
import {readFileSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

/** The repository root: where `npm pack` and the .deb script run. */
export const REPO = fileURLToPath(new URL('../../', import.meta.url))
export const VERSION: string = (JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {version: string}).version

export interface CommandResult {
  code: number | null
  stdout: string
  stderr: string
}

/**
 * Runs a program to its end, collecting its output; a hang is killed after `timeoutMs` and reported in stderr.
 * Generous deadlines: npm on a loaded 2-core machine takes tens of seconds, and they only bound a hang.
 */
export function runProgram(file: string, args: string[], options: {cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe']})
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const timeoutMs = options.timeoutMs ?? 240_000
    let killed = false
    const timer = setTimeout(() => {
      killed = true
      child.kill('SIGKILL')
    }, timeoutMs)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({code, stdout, stderr: killed ? `${stderr}\n[killed after ${timeoutMs} ms]` : stderr})
    })
  })
}

/** Fails with the command's own words when it did not succeed. */
export function expectSuccess(what: string, result: CommandResult): CommandResult {
  if (result.code !== 0) throw new Error(`${what} exited ${result.code}:\n${result.stderr.slice(-3000)}\n${result.stdout.slice(-2000)}`)
  return result
}

/** An environment for running an installed lillycoder: HOME and XDG in `home`, this Node first on PATH, colours off. */
export function installedCliEnv(home: string, binDir: string): NodeJS.ProcessEnv {
  return {
    PATH: [binDir, path.dirname(process.execPath), process.env.PATH].join(path.delimiter),
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local/share'),
    XDG_STATE_HOME: path.join(home, '.local/state'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    NO_COLOR: '1',
    LANG: 'C.UTF-8',
    // Discovery must never find a real server on the machine.
    LILLYCODER_DISCOVERY_PORTS: '1',
  }
}

/** The tools every install must bring: src/plugins/builtin-tools and src/plugins/persona-tools (`tools list` shows both). */
export const BUILTIN_TOOLS = [
  'read_file', 'list_dir', 'find_files', 'grep', 'write_file', 'edit_file', 'move_file', 'delete_file', 'bash', 'install_package',
  'list_personas', 'add_persona', 'switch_persona', 'update_persona',
]

/** True when the output carries a stack trace rather than one line for the user. */
export const hasStackTrace = (text: string): boolean => /^\s+at .+:\d+:\d+\)?$/m.test(text)

import {spawn} from 'node:child_process'

import {SnapshotError} from './snapshot-error.js'

/**
 * git run against the shadow repository: `--git-dir` is ours, `--work-tree` is the workspace, so the workspace's
 * own `.git`, index and branches are never read or written.
 *
 * Why each setting: git reads config from the system, the user and the repository, and some keys make git run
 * programs or change bytes. The shadow repository's config is ours; the system and user files are switched off
 * (GIT_CONFIG_NOSYSTEM, GIT_CONFIG_GLOBAL=/dev/null) so a user's core.fsmonitor, core.hooksPath, filters, autocrlf
 * or excludesFile cannot run code or alter what is saved; fsmonitor and hooks are also off on the command line, in
 * case a future git reads them from elsewhere. GIT_* variables inherited from a calling git (a hook, `git rebase
 * -x`) would point git at another repository, so none are passed on. Paths are literal (a file named `*.ts` is one
 * file), and messages in English for the errors we show.
 */
const CONFIG = [
  'core.fsmonitor=false',
  'core.hooksPath=/dev/null',
  'core.autocrlf=false',
  'core.safecrlf=false',
  'core.quotePath=false',
  'core.untrackedCache=false',
  'gc.auto=0',
  'advice.addEmbeddedRepo=false',
].flatMap((setting) => ['-c', setting])

export class ShadowGit {
  constructor(
    readonly gitDir: string,
    readonly workTree: string,
  ) {}

  /** Runs one git command; stdout as text. A failure throws SnapshotError with git's own message. */
  async run(args: string[], options: {input?: string} = {}): Promise<string> {
    return (await this.runRaw(args, options)).toString('utf8')
  }

  /** Creates the shadow repository (bare: it has no work tree of its own; each command names the workspace). */
  async init(): Promise<void> {
    await this.spawnGit([...CONFIG, 'init', '--quiet', '--bare', this.gitDir], {})
  }

  /** NUL-separated output (`-z`) as a list. */
  async list(args: string[], options: {input?: string} = {}): Promise<string[]> {
    return (await this.run(args, options)).split('\0').filter(Boolean)
  }

  private runRaw(args: string[], options: {input?: string}): Promise<Buffer> {
    return this.spawnGit([...CONFIG, `--git-dir=${this.gitDir}`, `--work-tree=${this.workTree}`, ...args], options)
  }

  private spawnGit(full: string[], options: {input?: string}): Promise<Buffer> {
    const command = full[CONFIG.length + (full[CONFIG.length]?.startsWith('--git-dir=') ? 2 : 0)]
    return new Promise((resolve, reject) => {
      const child = spawn('git', full, {cwd: this.workTree, env: gitEnvironment(), stdio: ['pipe', 'pipe', 'pipe']})
      const out: Buffer[] = []
      const err: Buffer[] = []
      child.stdout.on('data', (chunk: Buffer) => out.push(chunk))
      child.stderr.on('data', (chunk: Buffer) => err.push(chunk))
      child.on('error', (error: NodeJS.ErrnoException) =>
        reject(
          error.code === 'ENOENT'
            ? new SnapshotError('git is not installed', 'undo keeps its checkpoints in a git repository of its own', 'install git to use /undo')
            : error,
        ),
      )
      child.on('close', (code) => {
        if (code === 0) return resolve(Buffer.concat(out))
        const message = Buffer.concat(err).toString('utf8').trim().split('\n').at(-1) ?? ''
        reject(new SnapshotError(`git ${command} failed (exit ${code})`, message || 'git said nothing', 'run with LILLYCODER_DEBUG=1 and report it'))
      })
      child.stdin.on('error', () => undefined) // git exiting early closes the pipe; its exit code says why
      child.stdin.end(options.input ?? '')
    })
  }
}

function gitEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('GIT_')) env[key] = value
  return {
    ...env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    GIT_LITERAL_PATHSPECS: '1',
    GIT_AUTHOR_NAME: 'lillycoder',
    GIT_AUTHOR_EMAIL: 'lillycoder@localhost',
    GIT_COMMITTER_NAME: 'lillycoder',
    GIT_COMMITTER_EMAIL: 'lillycoder@localhost',
    LC_ALL: 'C',
  }
}

import type {SandboxedCommandKind, SandboxMount} from './sandbox-plan.js'
import type {SessionSandbox} from './sandbox-setup.js'

/** What `sandbox check --json` prints and the start line and `policy explain` summarise. */
export interface SandboxReport {
  state: SessionSandbox['state']
  mode: SessionSandbox['mode']
  /** One line for a person. */
  summary: string
  /** Why there is no sandbox (unsandboxed or refusing), else null. */
  reason: string | null
  hint: string | null
  bwrap: string | null
  /** The mounts a bash command gets, in bwrap's order; empty without a sandbox. */
  mounts: SandboxMount[]
  network: {bash: boolean; install_package: boolean} | null
}

/** Shortens paths under home to `~/…` for the person; absolute paths stay in --json. */
export type PathShortener = (file: string) => string

export function describeSandbox(sandbox: SessionSandbox, workspace: string, short: PathShortener = (file) => file): SandboxReport {
  if (sandbox.state !== 'sandboxed') {
    const hint = sandbox.state === 'refusing' ? sandbox.hint : null
    const reason = sandbox.state === 'refusing' ? sandbox.reason : sandbox.why
    const summary =
      sandbox.state === 'refusing'
        ? `commands are refused: the sandbox is on, but ${reason}`
        : `commands run unsandboxed (${reason}): they can write anything you can, and reach the network`
    return {state: sandbox.state, mode: sandbox.mode, summary, reason, hint, bwrap: null, mounts: [], network: null}
  }
  const plan = (kind: SandboxedCommandKind) => sandbox.planFor(kind, workspace)
  const writable = sandbox.writable.map(short)
  const reach = sandbox.bashNetwork ? 'with the network' : 'no network for bash (install_package keeps it)'
  const summary = `commands run sandboxed (bubblewrap): they may write the workspace${writable.length > 0 ? `, ${writable.join(', ')}` : ''} and a private /tmp; ${reach}`
  return {
    state: 'sandboxed',
    mode: sandbox.mode,
    summary,
    reason: null,
    hint: null,
    bwrap: sandbox.bwrap,
    mounts: plan('bash').mounts,
    network: {bash: plan('bash').network, install_package: plan('install').network},
  }
}

import path from 'node:path'

/** Which kind of command is wrapped: `bash` loses the network by default, `install` must download. */
export type SandboxedCommandKind = 'bash' | 'install'

/** One mount, in the order bubblewrap applies them: a later mount covers an earlier one at the same place. */
export type SandboxMount =
  | {kind: 'read-only' | 'writable'; path: string; why: string}
  | {kind: 'tmpfs' | 'dev' | 'proc'; path: string; why: string}

/** What the plan is made from; every path absolute, and every bound path existing (the edge checked). */
export interface SandboxPlanInput {
  kind: SandboxedCommandKind
  /** The workspace root: the one project folder the command may change. */
  workspace: string
  /** $HOME, read-only inside; undefined when there is none. */
  home?: string
  /** Caches and `sandbox.writable` paths under home that stay writable. */
  writable: readonly string[]
  /** lillycoder's own config, state, data and cache dirs: read-only even under a writable path. */
  protectedPaths: readonly string[]
  /** `sandbox.network: on`: bash keeps the network too. */
  bashNetwork: boolean
}

export interface SandboxPlan {
  mounts: SandboxMount[]
  /** Whether the command reaches the network (its own empty network namespace when false). */
  network: boolean
  /** Where the command starts. */
  cwd: string
}

/**
 * The mounts and namespaces for one command. Pure: the same input gives the same plan, so `sandbox check`,
 * `policy explain` and the command itself describe one thing.
 */
export function planSandbox(input: SandboxPlanInput): SandboxPlan {
  const mounts: SandboxMount[] = [
    {kind: 'read-only', path: '/', why: 'the system, read-only'},
    {kind: 'dev', path: '/dev', why: 'a minimal /dev (null, zero, random, tty, …)'},
    {kind: 'proc', path: '/proc', why: "a fresh /proc: the command's own processes only"},
    {kind: 'tmpfs', path: '/tmp', why: 'a private /tmp, gone when the command ends'},
  ]
  // Bound again after the private /tmp, which would otherwise hide a home or workspace that lives under /tmp.
  if (input.home !== undefined) mounts.push({kind: 'read-only', path: input.home, why: 'home, read-only'})
  for (const writable of input.writable) mounts.push({kind: 'writable', path: writable, why: 'a cache or sandbox.writable path'})
  mounts.push({kind: 'writable', path: input.workspace, why: 'the workspace'})
  for (const own of input.protectedPaths)
    if (isCoveredByWritable(own, mounts))
      mounts.push({kind: 'read-only', path: own, why: "lillycoder's own files, never writable from inside"})
  return {mounts, network: input.kind === 'install' || input.bashNetwork, cwd: input.workspace}
}

/** True when a writable mount holds `target` (or is it), so it must be made read-only again. */
function isCoveredByWritable(target: string, mounts: readonly SandboxMount[]): boolean {
  return mounts.some((mount) => mount.kind === 'writable' && isInside(target, mount.path))
}

export function isInside(target: string, dir: string): boolean {
  const relative = path.relative(dir, target)
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative))
}

/**
 * bubblewrap's argv for the plan, then the command. `--die-with-parent` and the PID namespace make the command's
 * whole tree die with the bwrap process our process-group kill reaches; no `--new-session`, so the command stays in
 * that process group too.
 */
export function bwrapArguments(plan: SandboxPlan, command: {file: string; args: readonly string[]}): string[] {
  const namespaces = ['--die-with-parent', '--unshare-all', ...(plan.network ? ['--share-net'] : [])]
  const mounts = plan.mounts.flatMap((mount): string[] => {
    switch (mount.kind) {
      case 'read-only':
        return ['--ro-bind', mount.path, mount.path]
      case 'writable':
        return ['--bind', mount.path, mount.path]
      case 'tmpfs':
        return ['--tmpfs', mount.path]
      case 'dev':
        return ['--dev', mount.path]
      case 'proc':
        return ['--proc', mount.path]
    }
  })
  return [...namespaces, ...mounts, '--chdir', plan.cwd, '--', command.file, ...command.args]
}

import type {SandboxPlan} from './sandbox-plan.js'

/** What the sandbox blocked, as a failing command's output shows it. */
export type SandboxBlock = 'write' | 'network'

// What programs print when a write hits a read-only mount or a path they may not write.
const WRITE_BLOCKED = /Read-only file system|\bEROFS\b|Permission denied|\bEACCES\b|\bEPERM\b|Operation not permitted/iu
// What they print with no network: no route, no DNS, nothing listening on the namespace's own loopback.
const NETWORK_BLOCKED =
  /Network is unreachable|\bENETUNREACH\b|Could not resolve host|Temporary failure in name resolution|\bEAI_AGAIN\b|Name or service not known|getaddrinfo|Connection refused|\bECONNREFUSED\b|Couldn't connect to server|Failed to connect|No route to host|\bEHOSTUNREACH\b/iu

/** The blocks a failed sandboxed command's output points at; empty when it failed for a reason of its own. */
export function sandboxBlocks(output: string, plan: SandboxPlan): SandboxBlock[] {
  const blocks: SandboxBlock[] = []
  if (WRITE_BLOCKED.test(output)) blocks.push('write')
  if (!plan.network && NETWORK_BLOCKED.test(output)) blocks.push('network')
  return blocks
}

/**
 * Said to the model after a failed sandboxed command, so it does not retry the same thing: where it ran, what
 * the sandbox holds back, and who can change that.
 */
export function sandboxBlockNote(blocks: readonly SandboxBlock[], plan: SandboxPlan): string | undefined {
  if (blocks.length === 0) return undefined
  const writable = plan.mounts.filter((mount) => mount.kind === 'writable').map((mount) => mount.path)
  const said = blocks.map((block) =>
    block === 'write'
      ? `writes outside the workspace and the writable caches (it may write only ${writable.join(', ')} and a private /tmp)`
      : 'the network (this command has none)',
  )
  return [
    `Sandbox: this command ran in lillycoder's sandbox (bubblewrap), which blocks ${said.join(' and ')}; the failure above looks like that.`,
    'Retrying it the same way fails the same way: work inside the workspace, or tell the user what the command needs',
    `(they can allow it with sandbox.writable or sandbox.network: on in their config, or --sandbox off).`,
  ].join(' ')
}

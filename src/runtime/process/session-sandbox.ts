import {ToolError} from '../tools/tool-error.js'
import type {SandboxedCommandKind} from './sandbox-plan.js'
import type {SessionSandbox} from './sandbox-setup.js'
import type {ProcessSandbox} from './run-process.js'

/*
 * The sandbox of the session this process runs. One lillycoder process runs one session, and the command tools
 * reach it here rather than through the tool context, which is the plugin API third-party tools are written against.
 * Unset (a tool used outside chat or run, as in the tool's own unit tests), commands run as they always did.
 */
let current: SessionSandbox | undefined

/** Called once by the session set-up, before any command runs. */
export function useSessionSandbox(sandbox: SessionSandbox | undefined): void {
  current = sandbox
}

export function sessionSandbox(): SessionSandbox | undefined {
  return current
}

/**
 * The sandbox one command runs in, or undefined when it runs unsandboxed (sandbox off, or auto without one).
 * Throws a ToolError under `--sandbox on` without a working sandbox: nothing runs unsandboxed then.
 */
export function sandboxForCommand(kind: SandboxedCommandKind, workspace: string, sandbox = current): ProcessSandbox | undefined {
  if (sandbox === undefined || sandbox.state === 'unsandboxed') return undefined
  if (sandbox.state === 'refusing')
    throw new ToolError({
      what: 'Refusing to run the command unsandboxed',
      why: `the sandbox is on (--sandbox on or sandbox: on), but ${sandbox.reason}`,
      hint: `tell the user: ${sandbox.hint}, or start lillycoder with --sandbox auto or off`,
    })
  return {bwrap: sandbox.bwrap, plan: sandbox.planFor(kind, workspace)}
}

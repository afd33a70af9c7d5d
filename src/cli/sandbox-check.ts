import os from 'node:os'

import type {SandboxReport} from '../runtime/process/describe-sandbox.js'
import {setUpSandbox, type SessionSandbox} from '../runtime/process/sandbox-setup.js'
import type {ConfigSettings} from '../runtime/config/config-schema.js'
import {ownPaths, sandboxReport, sandboxSettings} from './session/sandbox-session.js'

/** What `lillycoder sandbox check` prints: the configured mode, and what a session here would run commands in. */
export interface SandboxCheck extends SandboxReport {
  /** Where the mode came from. */
  modeSource: string
  /** Whether bubblewrap works here for this workspace, whatever the mode. */
  available: boolean
  /** Writable paths left out, and the like. */
  warnings: string[]
}

/** Probes as `on` would even when the mode is off, so the check says whether the sandbox could work here. */
export async function checkSandbox(workspace: string, configured: ConfigSettings['sandbox'], env: NodeJS.ProcessEnv = process.env): Promise<SandboxCheck> {
  const settings = sandboxSettings(undefined, configured)
  const place = {workspace, home: env.HOME || os.homedir(), protectedPaths: ownPaths(env), searchPath: env.PATH ?? ''}
  const {sandbox: probed, warnings} = await setUpSandbox({...settings, mode: 'on'}, place)
  const sandbox: SessionSandbox =
    settings.mode === 'off'
      ? {state: 'unsandboxed', mode: 'off', why: `sandbox is off (${settings.modeSource})`}
      : probed.state === 'sandboxed'
        ? {...probed, mode: settings.mode}
        : settings.mode === 'auto' && probed.state === 'refusing'
          ? {state: 'unsandboxed', mode: 'auto', why: probed.reason}
          : probed
  const report = sandboxReport(sandbox, workspace, env)
  const hint = probed.state === 'refusing' ? probed.hint : null
  const reason = probed.state === 'refusing' ? probed.reason : report.reason
  return {...report, reason, hint, modeSource: settings.modeSource, available: probed.state === 'sandboxed', warnings}
}

const MOUNT_LABEL: Record<SandboxReport['mounts'][number]['kind'], string> = {
  'read-only': 'read-only',
  writable: 'writable ',
  tmpfs: 'tmpfs    ',
  dev: 'dev      ',
  proc: 'proc     ',
}

export function formatSandboxCheck(check: SandboxCheck): string {
  const lines = [`mode: ${check.mode} (${check.modeSource})`]
  lines.push(check.available ? `bubblewrap: works here (${check.bwrap ?? 'bwrap'})` : `bubblewrap: not available: ${check.reason}`)
  if (!check.available && check.hint) lines.push(`  ${check.hint}`)
  lines.push(check.summary)
  if (check.mounts.length > 0) {
    lines.push('mounts for bash, in order (a later one covers an earlier one):')
    for (const mount of check.mounts) lines.push(`  ${MOUNT_LABEL[mount.kind]}  ${mount.path}  (${mount.why})`)
  }
  if (check.network) lines.push(`network: bash ${check.network.bash ? 'yes' : 'no'}, install_package ${check.network.install_package ? 'yes' : 'no'}`)
  return lines.join('\n')
}

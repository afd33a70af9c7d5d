// Recursive deletes and permission changes (rm -r, find -delete, rsync --delete, chmod -R …) that reach a protected directory.

import type {ShellWord} from '../shell-parse/parsed-command.js'
import {abbreviates, operands} from '../shell-classify/command-options.js'
import {parseFind} from '../shell-classify/find-command.js'
import {deny, type Finding, type Hazard, type Rule, shown} from './hazard-finding.js'
import type {Invocation} from '../shell-classify/invocation.js'
import {pathDanger} from './protected-paths.js'
import type {Env} from '../shell-classify/shell-state.js'
import {appendParts} from '../shell-classify/word-edits.js'

/** A finding for each target that is, or may turn out to be, a protected directory. */
function protectedTargets(invocation: Invocation, targets: ShellWord[], env: Env, hazard: Hazard, doing: string): Finding[] {
  return targets.flatMap((word) => {
    const danger = pathDanger(word, env)
    if (danger?.kind === 'deny') return [deny(hazard, `${doing} ${danger.label} (${shown(invocation)})`)]
    if (danger?.kind === 'suspicious') return [{kind: 'suspicious', why: `${shown(invocation)}: ${danger.why}`} satisfies Finding]
    return []
  })
}

function recursiveDelete(invocation: Invocation, args: ShellWord[], env: Env): Finding[] {
  let recursive = invocation.viaFind
  let noPreserveRoot = false
  const targets: ShellWord[] = []
  let ended = false
  for (const word of args) {
    const value = env.text(word)
    if (ended || value === undefined || value === '-' || !value.startsWith('-')) targets.push(word)
    else if (value === '--') ended = true
    else if (value.startsWith('--')) {
      const name = value.slice(2).split('=')[0] ?? ''
      if (abbreviates(name, 'recursive', 1)) recursive = true
      if (abbreviates(name, 'no-preserve-root', 2)) noPreserveRoot = true
    } else if (/[rR]/.test(value)) recursive = true
  }
  if (noPreserveRoot) return [deny('recursive-delete', `rm --no-preserve-root (${shown(invocation)})`)]
  return recursive ? deleteTargets(invocation, targets, env) : []
}

function deleteTargets(invocation: Invocation, targets: ShellWord[], env: Env): Finding[] {
  return protectedTargets(invocation, targets, env, 'recursive-delete', 'recursive deletion of')
}

/** `find P -delete` empties P: refused where `rm -rf P/*` would be. */
function findDelete(invocation: Invocation, args: ShellWord[], env: Env): Finding[] {
  const find = parseFind(args, env)
  if (!find.deletes || find.targeted) return []
  return deleteTargets(invocation, find.starts.map((start) => appendParts(start, '/*')), env)
}

/** `rsync --delete src/ dest`: makes dest hold only what src has, deleting the rest of dest. */
function rsyncDelete(invocation: Invocation, args: ShellWord[], env: Env): Finding[] {
  if (!args.some((word) => /^--(delete|del$|remove-source)/.test(env.text(word) ?? ''))) return []
  const found = operands(args, env.text, {short: 'eBfTM', long: ['rsh', 'rsync-path', 'filter', 'exclude', 'include', 'exclude-from', 'include-from', 'files-from', 'temp-dir', 'compare-dest', 'link-dest', 'copy-dest', 'backup-dir', 'suffix', 'chmod', 'chown', 'log-file', 'password-file', 'port', 'timeout', 'bwlimit']})
  const destination = found.length >= 2 ? found.at(-1) : undefined
  return destination && !/^[^/]*:/.test(destination.text) ? deleteTargets(invocation, [appendParts(destination, '/*')], env) : []
}

function recursivePermissions(invocation: Invocation, args: ShellWord[], env: Env): Finding[] {
  let recursive = invocation.viaFind
  let reference = false
  const rest: ShellWord[] = []
  let ended = false
  for (const word of args) {
    const value = env.text(word)
    const isOption = !ended && value !== undefined && value.startsWith('-') && value !== '-'
    // chmod takes modes like -x or -rw as operands; its options are only R, c, f, v.
    const isMode = invocation.name === 'chmod' && isOption && !value.startsWith('--') && !/^-[Rcfv]+$/.test(value)
    if (!isOption || isMode) rest.push(word)
    else if (value === '--') ended = true
    else if (value.startsWith('--')) {
      const name = value.slice(2).split('=')[0] ?? ''
      if (abbreviates(name, 'recursive', 3)) recursive = true
      if (abbreviates(name, 'reference', 3)) reference = true
    } else if (value.includes('R')) recursive = true
  }
  if (!recursive) return []
  const targets = reference ? rest : rest.slice(1)
  return protectedTargets(invocation, targets, env, 'recursive-permissions', `recursive ${invocation.name ?? 'chmod'} of`)
}

/** Commands that delete or re-permission whole trees. */
export const RECURSIVE_RULES: Record<string, Rule> = {
  rm: recursiveDelete,
  rimraf: (invocation, args, env) => deleteTargets(invocation, operands(args, env.text, {}), env),
  find: findDelete,
  rsync: rsyncDelete,
  chmod: recursivePermissions,
  chown: recursivePermissions,
  chgrp: recursivePermissions,
}

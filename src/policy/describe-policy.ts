import {allowRulesTrusted, effectiveReadOnlyCommands, type ReadOnlyCommandsSetting, type RuleFile, type SettingsFile} from './effective-rules.js'
import type {RuleAction} from './policy-rule.js'
import type {TrustStore} from './trust.js'

export interface PolicyFileDescription {
  path: string
  origin: 'user' | 'project'
  /** Whether its allow rules apply: always for the user file. */
  trusted: boolean
}

export interface PolicyRuleDescription {
  action: RuleAction
  rule: string
  source: string
  origin: 'user' | 'project'
  /** False for an allow rule of an untrusted project file. */
  active: boolean
}

export interface PolicyDescription {
  files: PolicyFileDescription[]
  rules: PolicyRuleDescription[]
  /** Whether bash commands proven read-only run without asking, and a project file's `allow` that is ignored. */
  readOnlyCommands: ReadOnlyCommandsSetting
}

const ORDER: Record<RuleAction, number> = {deny: 0, ask: 1, allow: 2}

/** What `policy show` prints: every file and rule, strongest action first, with whether it applies. */
export function describePolicy(files: ReadonlyArray<RuleFile & SettingsFile>, store: TrustStore): PolicyDescription {
  const rules = files.flatMap((file) => {
    const trusted = allowRulesTrusted(file, store)
    return file.rules.map((rule) => ({
      action: rule.action,
      rule: rule.text,
      source: file.path,
      origin: file.origin,
      active: rule.action !== 'allow' || trusted,
    }))
  })
  return {
    files: files.map((file) => ({path: file.path, origin: file.origin, trusted: allowRulesTrusted(file, store)})),
    rules: rules.sort((a, b) => ORDER[a.action] - ORDER[b.action]),
    readOnlyCommands: effectiveReadOnlyCommands(files, store),
  }
}

/** Plain text for the terminal. */
export function formatPolicy(description: PolicyDescription): string {
  if (description.files.length === 0)
    return 'No policy files. Defaults apply: read-only tools and bash commands proven read-only run, tools that change things ask first.'
  const lines = ['Policy files:']
  for (const file of description.files)
    lines.push(`  ${file.origin.padEnd(8)}${file.path}${file.trusted ? '' : '  (not trusted: its allow rules are ignored; run `lillycoder policy trust`)'}`)
  const {value, ignored} = description.readOnlyCommands
  lines.push('', `Bash commands proven read-only: ${value === 'allow' ? 'run without asking' : 'ask first'} (permissions.readOnlyCommands: ${value})`)
  if (ignored !== undefined) lines.push(`  ignored: readOnlyCommands: allow in ${ignored} (not trusted; run \`lillycoder policy trust\`)`)
  lines.push('', 'Rules (deny beats ask beats allow):')
  if (description.rules.length === 0) lines.push('  (none)')
  const width = Math.max(0, ...description.rules.map((rule) => rule.rule.length))
  for (const rule of description.rules)
    lines.push(`  ${rule.action.padEnd(6)}${rule.rule.padEnd(width + 2)}${rule.source}${rule.active ? '' : '  [ignored: not trusted]'}`)
  return lines.join('\n')
}

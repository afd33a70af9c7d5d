import type {PolicyRuleSet} from './policy-rule.js'
import {isTrusted, type TrustStore} from './trust.js'
import type {RuleFile as ConfigRuleFile} from './rule-file.js'

/** A config file's rules, as far as trust cares: where they came from and what the file held. */
export type RuleFile = Pick<ConfigRuleFile, 'path' | 'origin' | 'rules' | 'sha256'>

/** The user's own file is always trusted; a project file once the user trusted it exactly as it is now. */
export function allowRulesTrusted(file: RuleFile, store: TrustStore): boolean {
  return file.origin === 'user' || isTrusted(store, file.path, file.sha256)
}

/**
 * User and project rules together. Deny and ask rules apply from any file (they only tighten); allow
 * rules only from trusted files. Deny beats ask beats allow wherever each comes from: decide() checks
 * the lists in that order.
 */
export function effectiveRules(files: readonly RuleFile[], store: TrustStore): PolicyRuleSet {
  const all = files.flatMap((file) => file.rules)
  const trustedAllow = files.filter((file) => allowRulesTrusted(file, store)).flatMap((file) => file.rules)
  return {
    deny: all.filter((rule) => rule.action === 'deny'),
    ask: all.filter((rule) => rule.action === 'ask'),
    allow: trustedAllow.filter((rule) => rule.action === 'allow'),
  }
}

/** A config file as far as the read-only setting cares. */
export type SettingsFile = Pick<ConfigRuleFile, 'path' | 'origin' | 'sha256' | 'settings'>

export interface ReadOnlyCommandsSetting {
  /** `allow`: bash commands proven read-only run without asking (the default); `ask`: they ask. */
  value: 'allow' | 'ask'
  /** A project file that says `allow` against the user's `ask` and is not trusted: it is ignored. */
  ignored?: string
}

/**
 * `permissions.readOnlyCommands` of the user and project files. Like rules: any file may tighten it to
 * `ask`; a project file that turns it back on against the user's `ask` counts only once trusted.
 */
export function effectiveReadOnlyCommands(files: readonly SettingsFile[], store: TrustStore): ReadOnlyCommandsSetting {
  const valueIn = (origin: 'user' | 'project') => files.find((file) => file.origin === origin)?.settings.permissions?.readOnlyCommands
  const user = valueIn('user')
  const project = files.find((file) => file.origin === 'project' && file.settings.permissions?.readOnlyCommands !== undefined)
  const projectValue = valueIn('project')
  if (projectValue === 'ask' || user === 'ask') {
    const loosened = projectValue === 'allow' && project !== undefined
    if (!loosened) return {value: 'ask'}
    return isTrusted(store, project.path, project.sha256) ? {value: 'allow'} : {value: 'ask', ignored: project.path}
  }
  return {value: 'allow'}
}

/** Project files with allow rules that are ignored until the user trusts them. */
export function untrustedAllowFiles<F extends RuleFile>(files: readonly F[], store: TrustStore): F[] {
  return files.filter((file) => !allowRulesTrusted(file, store) && file.rules.some((rule) => rule.action === 'allow'))
}

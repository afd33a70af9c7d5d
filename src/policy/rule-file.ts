import {ConfigError} from '../runtime/config/config-error.js'
import type {ConfigFile} from '../runtime/config/config-files.js'
import {parseRule, type PolicyRule, type RuleAction} from './policy-rule.js'

/** A config file with its permission rules read: what trust, `policy show` and the engine work from. */
export interface RuleFile extends ConfigFile {
  rules: readonly PolicyRule[]
}

/**
 * Reads a config file's `permissions` lists into rules. Config loading only checks that they are lists of
 * text; what a rule means is the policy's business. A bad rule is a ConfigError naming the file and the key.
 */
export function readRuleFile(file: ConfigFile, home: string): RuleFile {
  const rules: PolicyRule[] = []
  for (const action of ['deny', 'ask', 'allow'] as const satisfies readonly RuleAction[])
    for (const [index, text] of (file.settings.permissions?.[action] ?? []).entries()) {
      const parsed = parseRule(text, action, file.path, home)
      if (!parsed.ok) throw new ConfigError(file.path, `rule "${text}": ${parsed.problem}`, `permissions.${action}[${index}]`)
      rules.push(parsed.rule)
    }
  return {...file, rules}
}

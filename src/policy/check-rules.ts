import {closestNames} from '../runtime/text/closest-names.js'
import type {PolicyRule} from './policy-rule.js'

/**
 * Warnings for rules that name no installed tool: such a rule matches nothing, which for a deny
 * rule is a hole the user believes is closed. A warning, not an error: a plugin may be missing today.
 */
export function checkRules(rules: readonly PolicyRule[], toolNames: readonly string[]): string[] {
  const known = new Set(toolNames)
  return rules
    .filter((rule) => !known.has(rule.tool))
    .map((rule) => `${rule.source}: rule "${rule.text}" names no known tool "${rule.tool}", so it matches nothing${suggestion(rule.tool, toolNames)}`)
}

function suggestion(tool: string, toolNames: readonly string[]): string {
  const close = closestNames(tool, toolNames)
  return close.length > 0 ? ` (did you mean ${close.join(' or ')}?)` : ''
}

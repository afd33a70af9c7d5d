import type {CallFacts, CommandTargetFacts, PathTargetFacts, TargetFacts} from '../../src/policy/call-facts.js'
import {parseRule, type PolicyRule, type PolicyRuleSet, type RuleAction} from '../../src/policy/policy-rule.js'
import {relativeInsideDir} from '../../src/runtime/files/workspace-path.js'

/** Shared by the policy tests: a fake workspace and home, and builders for rules and call facts. */
export const WS = '/ws'
export const HOME = '/home/u'
export const PROJECT_FILE = '/ws/.lillycoderrc.yaml'

export function rule(action: RuleAction, text: string, source = PROJECT_FILE): PolicyRule {
  const parsed = parseRule(text, action, source, HOME)
  if (!parsed.ok) throw new Error(`test rule ${text} does not parse: ${parsed.problem}`)
  return parsed.rule
}

export function ruleSet(spec: Partial<Record<RuleAction, string[]>>): PolicyRuleSet {
  return {
    deny: (spec.deny ?? []).map((text) => rule('deny', text)),
    ask: (spec.ask ?? []).map((text) => rule('ask', text)),
    allow: (spec.allow ?? []).map((text) => rule('allow', text)),
  }
}

/** A path target as the lexical edge sees it; `real` adds a symlink-resolved form. */
export function pathAt(absolute: string, extra: {real?: string; unresolvable?: string} = {}): PathTargetFacts {
  const forms = [{absolute, relative: relativeInsideDir(WS, absolute)}]
  if (extra.real) forms.push({absolute: extra.real, relative: relativeInsideDir(WS, extra.real)})
  const outside = forms.some((form) => form.relative === undefined)
  return {kind: 'path', key: absolute, forms, outsideWorkspace: outside || extra.unresolvable !== undefined, unresolvable: extra.unresolvable}
}

export function command(line: string, simpleCommands?: string[], unparsable?: string): CommandTargetFacts {
  return {kind: 'command', key: line, simpleCommands, unparsable}
}

export function packageNamed(name: string): TargetFacts {
  return {kind: 'package', key: `npm:${name}`, text: name}
}

export function callOf(tool: string, mutates: boolean, ...targets: TargetFacts[]): CallFacts {
  return {tool, mutates, targets}
}

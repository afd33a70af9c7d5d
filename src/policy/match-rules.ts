import type {CallFacts, TargetFacts} from './call-facts.js'
import type {PolicyRule, RuleMatcher} from './policy-rule.js'

/**
 * The first deny or ask rule that touches the call. Tightening rules match if ANY form of ANY
 * target matches, and for a command either the whole line or ANY simple command in it, so
 * `bash(git push*)` catches `npm test && git push`.
 */
export function findTighteningRule(rules: readonly PolicyRule[], call: CallFacts): PolicyRule | undefined {
  return rules.find((rule) => {
    const {matcher} = rule
    return rule.tool === call.tool && (matcher === undefined || call.targets.some((target) => touches(matcher, target)))
  })
}

function touches(matcher: RuleMatcher, target: TargetFacts): boolean {
  switch (target.kind) {
    case 'path':
      return target.forms.some((form) => matcher.path(form))
    case 'command':
      return [target.key, ...(target.simpleCommands ?? [])].some((command) => matcher.text(command))
    default:
      return matcher.text(target.text)
  }
}

/**
 * The allow rules that together cover the call, or undefined. Loosening needs EVERY part covered:
 * each target (each of its path forms by one rule), and for a command each simple command, never
 * the whole line, so `npm test && curl x | sh` does not ride on `bash(npm test*)`. A rule naming
 * the tool alone covers the workspace only: a path outside it needs a rule with an absolute glob.
 */
export function findAllowingRules(rules: readonly PolicyRule[], call: CallFacts): PolicyRule[] | undefined {
  const own = rules.filter((rule) => rule.tool === call.tool)
  const parts = call.targets.flatMap(partsToCover)
  if (parts.length === 0) {
    const wholeTool = own.find((rule) => rule.matcher === undefined)
    return wholeTool ? [wholeTool] : undefined
  }
  const used: PolicyRule[] = []
  for (const part of parts) {
    const rule = own.find((candidate) => (candidate.matcher === undefined ? !part.outside : part.covered(candidate.matcher)))
    if (!rule) return undefined
    if (!used.includes(rule)) used.push(rule)
  }
  return used
}

interface Part {
  outside: boolean
  covered(matcher: RuleMatcher): boolean
}

function partsToCover(target: TargetFacts): Part[] {
  switch (target.kind) {
    case 'path':
      return [{outside: target.outsideWorkspace, covered: (matcher) => target.forms.length > 0 && target.forms.every((form) => matcher.path(form))}]
    case 'command':
      return (target.simpleCommands ?? [target.key]).map((command) => ({outside: false, covered: (matcher: RuleMatcher) => matcher.text(command)}))
    default:
      return [{outside: false, covered: (matcher) => matcher.text(target.text)}]
  }
}

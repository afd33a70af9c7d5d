import type {CallFacts, PathTargetFacts} from './call-facts.js'
import {commandGrantCovers} from './command-grant.js'
import {findAllowingRules, findTighteningRule} from './match-rules.js'
import {NO_RULES, type PolicyRule, type PolicyRuleSet} from './policy-rule.js'
import {READ_ONLY_SHELL_TOOLS} from './read-only/read-only-shell-tools.js'
import type {Decision, Grant, Reason} from './types.js'

export interface PolicyContext {
  /** `--bypass-permissions`: turns the default ask (step 6) into allow, nothing else. */
  bypass: boolean
  grants: readonly Grant[]
  /** Rules from the config files, untrusted project allow rules already left out. */
  rules?: PolicyRuleSet
  /** Found at the edge (shell classifier, confinement); nothing overrides it. */
  hardDeny?: Reason
  /** A bash command proven read-only allows at the default step (config `permissions.readOnlyCommands: allow`). */
  readOnlyCommands?: boolean
}

/**
 * The decision order of DESIGN.md. Pure: no I/O.
 * 1 hard deny (and a mutating target outside the workspace or unresolvable), 2 deny rules, 3 ask rules
 * (then what no rule or grant may allow: an unparsable command, an unresolvable read), 4 session grants,
 * 5 allow rules, then a read outside the workspace asks, 6 the default: read-only tools allow, so does a bash command
 * proven read-only (unless turned off), other mutating calls ask.
 */
export function decide(call: CallFacts, ctx: PolicyContext): Decision {
  const rules = ctx.rules ?? NO_RULES
  if (ctx.hardDeny) return {action: 'deny', reason: ctx.hardDeny}
  return (
    refuseOutside(call) ??
    byRule('deny', findTighteningRule(rules.deny, call)) ??
    byRule('ask', findTighteningRule(rules.ask, call)) ??
    askUnchecked(call) ??
    matchGrant(call, ctx.grants) ??
    allowByRule(findAllowingRules(rules.allow, call)) ??
    askOutsideRead(call) ??
    byDefault(call, ctx)
  )
}

/**
 * Session grants. A tool grant (`a`) covers the workspace only: a read outside it asks again, since
 * the user granted the tool while looking at one path and secrets live outside. A target grant (`p`)
 * covers that exact path wherever it is; a command grant (`a` on bash) a plain line with that program and subcommand.
 */
function matchGrant(call: CallFacts, grants: readonly Grant[]): Decision | undefined {
  const forTool = grants.filter((grant) => grant.tool === call.tool)
  if (forTool.some((grant) => grant.scope === 'tool') && outsidePaths(call).length === 0)
    return {action: 'allow', reason: {code: 'grant-tool', message: `you allowed ${call.tool} for this session`}}
  const granted = new Set(forTool.filter((grant) => grant.scope === 'target').map((grant) => grant.target))
  if (call.targets.length === 0) return undefined
  if (call.targets.every((target) => granted.has(target.key)))
    return {action: 'allow', reason: {code: 'grant-target', message: `you allowed ${call.tool} on this target for this session`}}
  // A command grant (`a` on bash) covers a plain command line starting with its program and subcommand.
  const commandGrants = forTool.filter((grant) => grant.scope === 'command')
  const covering = call.targets.map((target) => (granted.has(target.key) ? 'target' : commandGrants.find((grant) => commandGrantCovers(grant, target))))
  if (covering.every((grant) => grant !== undefined)) {
    const words = covering.flatMap((grant) => (grant === 'target' ? [] : [`${(grant.words ?? []).join(' ')} …`]))
    return {action: 'allow', reason: {code: 'grant-command', message: `you allowed ${call.tool}: ${[...new Set(words)].join(', ')} for this session`}}
  }
  return undefined
}

function refuseOutside(call: CallFacts): Decision | undefined {
  if (!call.mutates) return undefined
  const path = pathTargets(call).find((target) => target.outsideWorkspace || target.unresolvable !== undefined)
  if (!path) return undefined
  const message = path.unresolvable
    ? `${call.tool} may not change ${path.key}: it could not be resolved (${path.unresolvable}), so it is not known to be inside the workspace`
    : `${call.tool} may not change ${path.key}: ${path.outsideReason ?? 'it is outside the workspace'}`
  return {action: 'deny', reason: {code: 'outside-workspace', message}}
}

function byRule(action: 'deny' | 'ask', rule: PolicyRule | undefined): Decision | undefined {
  if (!rule) return undefined
  const message = action === 'deny' ? `denied by rule ${rule.text} in ${rule.source}` : `rule ${rule.text} in ${rule.source} says ask first`
  return {action, reason: {code: action === 'deny' ? 'rule-deny' : 'rule-ask', message, rule: {text: rule.text, source: rule.source}}}
}

/** What was not checked cannot be allowed by a rule, a grant or --bypass-permissions: the person decides. */
function askUnchecked(call: CallFacts): Decision | undefined {
  for (const target of call.targets) {
    if (target.kind === 'command' && target.unparsable !== undefined)
      return {action: 'ask', reason: {code: 'unparsable', message: `the command could not be fully checked (${target.unparsable}), so you decide; no rule or grant can allow it`}}
    if (target.kind === 'path' && target.unresolvable !== undefined)
      return {
        action: 'ask',
        reason: {code: 'outside-workspace', message: `${target.key} could not be resolved (${target.unresolvable}); it may lead outside the workspace`},
      }
  }
  return undefined
}

function allowByRule(rules: PolicyRule[] | undefined): Decision | undefined {
  if (!rules) return undefined
  const [first] = rules
  const named = rules.length === 1 ? `rule ${first.text}` : `rules ${rules.map((rule) => rule.text).join(', ')}`
  return {action: 'allow', reason: {code: 'rule-allow', message: `allowed by ${named} in ${first.source}`, rule: {text: first.text, source: first.source}}}
}

/** Reading outside the workspace may read secrets: it asks unless a grant or an allow rule covered it above. */
function askOutsideRead(call: CallFacts): Decision | undefined {
  const [outside] = outsidePaths(call)
  if (!outside) return undefined
  return {action: 'ask', reason: {code: 'outside-workspace', message: `${call.tool} reads ${outside.key}, outside the workspace`}}
}

function byDefault(call: CallFacts, ctx: PolicyContext): Decision {
  if (!call.mutates) return {action: 'allow', reason: {code: 'default-read-only', message: `${call.tool} only reads`}}
  const readOnly = readOnlyCommand(call)
  if (readOnly.proven && ctx.readOnlyCommands)
    return {
      action: 'allow',
      reason: {code: 'read-only-command', message: `${call.tool} runs a command proven read-only: known read-only programs, nothing written, only files inside the workspace`},
    }
  if (ctx.bypass)
    return {action: 'allow', reason: {code: 'bypass', message: '--bypass-permissions allows calls that would ask'}}
  const why = readOnly.proven ? 'read-only commands ask too: permissions.readOnlyCommands is ask' : readOnly.why && `not proven read-only: ${readOnly.why}`
  return {action: 'ask', reason: {code: 'default-mutating', message: `${call.tool} can change files or run commands${why ? ` (${why})` : ''}`}}
}

/** Whether every target of a shell tool's call is a command line the edge proved read-only; else the first reason it is not. */
function readOnlyCommand(call: CallFacts): {proven: boolean; why?: string} {
  if (!READ_ONLY_SHELL_TOOLS.has(call.tool) || call.targets.length === 0) return {proven: false}
  for (const target of call.targets) {
    if (target.kind !== 'command' || !target.readOnly) return {proven: false}
    if (!target.readOnly.proven) return {proven: false, why: target.readOnly.why}
  }
  return {proven: true}
}

function pathTargets(call: CallFacts): PathTargetFacts[] {
  return call.targets.filter((target): target is PathTargetFacts => target.kind === 'path')
}

function outsidePaths(call: CallFacts): PathTargetFacts[] {
  return pathTargets(call).filter((target) => target.outsideWorkspace)
}

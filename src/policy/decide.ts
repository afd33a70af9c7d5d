import type {Decision, Grant, Reason} from './types.js'

/** What the edge found out about a call before the pure decision: its tool and its resolved targets. */
export interface CallFacts {
  tool: string
  mutates: boolean
  /** Each target as a grant key: the resolved absolute path, the exact command line, the package name. */
  targetKeys: string[]
}

export interface PolicyContext {
  /** `--bypass-permissions`: turns the default ask into allow, nothing else. */
  bypass: boolean
  grants: readonly Grant[]
  /** Found at the edge (shell classifier, confinement); nothing overrides it. */
  hardDeny?: Reason
}

/** The decision order of DESIGN.md: hard deny, session grants, then the default. Pure: no I/O. */
export function decide(call: CallFacts, ctx: PolicyContext): Decision {
  if (ctx.hardDeny) return {action: 'deny', reason: ctx.hardDeny}
  return matchGrant(call, ctx.grants) ?? byDefault(call, ctx)
}

export function matchGrant(call: CallFacts, grants: readonly Grant[]): Decision | undefined {
  const forTool = grants.filter((grant) => grant.tool === call.tool)
  if (forTool.some((grant) => grant.scope === 'tool'))
    return {action: 'allow', reason: {code: 'grant-tool', message: `you allowed ${call.tool} for this session`}}
  const granted = new Set(forTool.filter((grant) => grant.scope === 'target').map((grant) => grant.target))
  if (call.targetKeys.length > 0 && call.targetKeys.every((key) => granted.has(key)))
    return {action: 'allow', reason: {code: 'grant-target', message: `you allowed ${call.tool} on this target for this session`}}
  return undefined
}

function byDefault(call: CallFacts, ctx: PolicyContext): Decision {
  if (!call.mutates) return {action: 'allow', reason: {code: 'default-read-only', message: `${call.tool} only reads`}}
  if (ctx.bypass)
    return {action: 'allow', reason: {code: 'bypass', message: '--bypass-permissions allows calls that would ask'}}
  return {action: 'ask', reason: {code: 'default-mutating', message: `${call.tool} can change files or run commands`}}
}

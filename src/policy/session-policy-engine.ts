import path from 'node:path'

import {expandHome} from '../runtime/tool-context.js'
import type {Target} from '../runtime/tool-declaration.js'
import {type CallFacts, decide} from './decide.js'
import type {Decision, Grant, GrantScope, PolicyEngine, PreparedCall} from './types.js'

export interface SessionPolicyOptions {
  workspace: string
  bypass: boolean
}

/** The policy for one session: the pure decision plus the grants the user gave, kept in memory only. */
export class SessionPolicyEngine implements PolicyEngine {
  private readonly sessionGrants: Grant[] = []

  constructor(private readonly options: SessionPolicyOptions) {}

  async decide(call: PreparedCall): Promise<Decision> {
    return decide(this.facts(call), {bypass: this.options.bypass, grants: this.sessionGrants})
  }

  async grant(call: PreparedCall, scope: GrantScope): Promise<Grant[]> {
    const added: Grant[] =
      scope === 'tool'
        ? [{scope, tool: call.tool.name}]
        : this.facts(call).targetKeys.map((target) => ({scope, tool: call.tool.name, target}))
    for (const grant of added) if (!this.sessionGrants.some((existing) => sameGrant(existing, grant))) this.sessionGrants.push(grant)
    return added
  }

  grants(): Grant[] {
    return [...this.sessionGrants]
  }

  revoke(grant: Grant): boolean {
    const index = this.sessionGrants.findIndex((existing) => sameGrant(existing, grant))
    if (index === -1) return false
    this.sessionGrants.splice(index, 1)
    return true
  }

  private facts(call: PreparedCall): CallFacts {
    return {tool: call.tool.name, mutates: call.tool.mutates, targetKeys: call.targets.map((target) => this.targetKey(target))}
  }

  private targetKey(target: Target): string {
    switch (target.kind) {
      case 'path':
        return path.resolve(this.options.workspace, expandHome(target.path))
      case 'command':
        return target.command
      case 'package':
        return target.manager ? `${target.manager}:${target.name}` : target.name
      case 'value':
        return target.value
    }
  }
}

function sameGrant(a: Grant, b: Grant): boolean {
  return a.scope === b.scope && a.tool === b.tool && a.target === b.target
}

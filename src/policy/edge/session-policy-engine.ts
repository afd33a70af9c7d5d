import type {Target} from '../../runtime/tools/tool-declaration.js'
import {defaultHome, locateToolPath, relativeInsideDir, type ToolPath} from '../../runtime/files/workspace-path.js'
import type {CallFacts, TargetFacts} from '../call-facts.js'
import {decide} from '../decide.js'
import {alwaysGrants} from '../command-grant.js'
import {NO_RULES, type PathForm, type PolicyRuleSet} from '../policy-rule.js'
import type {CommandFacts, PathFacts, PolicyEdge} from './policy-edge.js'
import {createSystemEdge} from './system-edge.js'
import type {Decision, Grant, GrantScope, PolicyEngine, PreparedCall, Reason} from '../types.js'
import {errorText} from '../../runtime/text/error-text.js'

export interface SessionPolicyOptions {
  workspace: string
  bypass: boolean
  /** Effective rules from the config files (untrusted project allow rules already left out). */
  rules?: PolicyRuleSet
  /** Default: the system edge (confinement on disk, the shell classifier); tests pass their own. */
  edge?: PolicyEdge
  /** For `~` in paths and commands; default $HOME. Give createToolContext the same, so tools touch the path checked here. */
  home?: string
  /** Bash commands proven read-only run without asking (config `permissions.readOnlyCommands`); default false: they ask. */
  readOnlyCommands?: boolean
}

/** The policy for one session: the pure decision plus the grants the user gave, kept in memory only. */
export class SessionPolicyEngine implements PolicyEngine {
  private readonly sessionGrants: Grant[] = []

  private readonly edge: PolicyEdge

  private readonly home: string

  constructor(private readonly options: SessionPolicyOptions) {
    this.home = options.home ?? defaultHome()
    this.edge = options.edge ?? createSystemEdge(this.home)
  }

  async decide(call: PreparedCall): Promise<Decision> {
    const {facts, hardDeny} = await this.facts(call)
    const {bypass, rules = NO_RULES, readOnlyCommands = false} = this.options
    const decision = decide(facts, {bypass, grants: this.sessionGrants, rules, hardDeny, readOnlyCommands})
    return decision.action === 'ask' ? {...decision, onAlways: alwaysGrants(facts)} : decision
  }

  /** `tool` (the `a` answer) grants what alwaysGrants says: bash its program and subcommand, other tools the tool. */
  async grant(call: PreparedCall, scope: GrantScope): Promise<Grant[]> {
    const added: Grant[] =
      scope === 'target'
        ? call.targets.map((target) => ({scope, tool: call.tool.name, target: this.targetKey(target)}))
        : alwaysGrants((await this.facts(call)).facts)
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

  private async facts(call: PreparedCall): Promise<{facts: CallFacts; hardDeny?: Reason}> {
    const inspected = await Promise.all(call.targets.map((target) => this.targetFacts(target)))
    const hardDeny = inspected.find((entry) => entry.hardDeny)?.hardDeny
    return {facts: {tool: call.tool.name, mutates: call.tool.mutates, targets: inspected.map((entry) => entry.facts)}, hardDeny}
  }

  private async targetFacts(target: Target): Promise<{facts: TargetFacts; hardDeny?: Reason}> {
    const {edge} = this
    const key = this.targetKey(target)
    switch (target.kind) {
      case 'path': {
        const {workspace} = this.options
        const located = this.locate(target.path)
        // Refused the way the tool will refuse it (`~user/x`): unresolvable, so a change is denied and a read asks.
        if (located.kind === 'refused') return {facts: {kind: 'path', key, forms: [], outsideWorkspace: true, unresolvable: located.reason}}
        // Fail closed: a path the edge could not inspect is treated as unresolvable (mutating: deny, read: ask).
        const inspected = await edge
          .inspectPath(key, workspace)
          .catch((error: unknown): PathFacts => ({outsideWorkspace: true, unresolvable: errorText(error)}))
        const forms: PathForm[] = [{absolute: key, relative: relativeInsideDir(workspace, key)}]
        if (inspected.real !== undefined && inspected.real !== key)
          forms.push({absolute: inspected.real, relative: relativeInsideDir(workspace, inspected.real)})
        const {outsideWorkspace, outsideReason, unresolvable} = inspected
        return {facts: {kind: 'path', key, forms, outsideWorkspace, outsideReason, unresolvable}}
      }
      case 'command': {
        const inspected = await edge.inspectCommand(target.command, this.options.workspace).catch((error: unknown): CommandFacts => ({unparsable: errorText(error)}))
        return {
          facts: {kind: 'command', key, simpleCommands: inspected.simpleCommands, unparsable: inspected.unparsable, readOnly: inspected.readOnly, plainWords: inspected.plainWords},
          hardDeny: inspected.hardDeny,
        }
      }
      case 'package':
        return {facts: {kind: 'package', key, text: target.name}}
      case 'value':
        return {facts: {kind: 'value', key, text: target.value}}
    }
  }

  /** The path the tool will touch (the same function and home as its ToolContext). */
  private locate(target: string): ToolPath {
    return locateToolPath(this.options.workspace, target, this.home)
  }

  private targetKey(target: Target): string {
    switch (target.kind) {
      case 'path': {
        const located = this.locate(target.path)
        return located.kind === 'path' ? located.path : target.path
      }
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
  return a.scope === b.scope && a.tool === b.tool && a.target === b.target && JSON.stringify(a.words) === JSON.stringify(b.words)
}


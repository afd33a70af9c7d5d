// The hazards: one rule per command name, looked up for every command a line runs.

import {DEVICE_WRITE_RULES} from './device-write-rules.js'
import {formatting, FORMAT_RULES} from './format-rules.js'
import {deny, type Finding, type Rule} from './hazard-finding.js'
import type {Invocation} from '../shell-classify/invocation.js'
import {RECURSIVE_RULES} from './recursive-rules.js'
import type {Env} from '../shell-classify/shell-state.js'
import {SHUTDOWN_RULES} from './shutdown-rules.js'

const PRIVILEGE = ['sudo', 'sudoedit', 'doas', 'su', 'pkexec', 'run0', 'ksu', 'runuser', 'gksu', 'gksudo', 'kdesu', 'kdesudo']

const escalation: Rule = (invocation) => [deny('privilege-escalation', `privilege escalation (${invocation.name ?? ''})`)]

// A Map, not an object: command names come from the model, and `constructor` or `__proto__` must find nothing.
const RULES = new Map<string, Rule>([
  ...PRIVILEGE.map((name): [string, Rule] => [name, escalation]),
  ...Object.entries(SHUTDOWN_RULES),
  ...Object.entries(FORMAT_RULES),
  ...Object.entries(RECURSIVE_RULES),
  ...Object.entries(DEVICE_WRITE_RULES),
])

function ruleByPattern(name: string): Rule | undefined {
  if (/^mkfs(\..+)?$|^newfs(_\w+)?$/.test(name)) return formatting
  return undefined
}

/** What the rule for this command finds; a command whose name is only known at run time is suspicious. */
export function classifyInvocation(invocation: Invocation, env: Env): Finding[] {
  if (invocation.name === undefined) {
    const word = invocation.words[0]
    return [{kind: 'suspicious', why: `the command name ${word?.raw ?? ''} is only known at run time`}]
  }
  const rule = RULES.get(invocation.name) ?? ruleByPattern(invocation.name)
  const args = invocation.words.slice(1)
  const findings = rule ? rule(invocation, args, env) : []
  if (invocation.forkLoop) findings.push(deny('fork-bomb', `a fork bomb (${invocation.name} forking in a loop)`))
  return findings
}

import {posix} from 'node:path'
import {redirectFindings} from './hazard-rules/device-write-rules.js'
import {forkBombs} from './hazard-rules/fork-bombs.js'
import type {Finding, Hazard} from './hazard-rules/hazard-finding.js'
import {classifyInvocation} from './hazard-rules/hazard-rules.js'
import type {Invocation, ScriptRef} from './shell-classify/invocation.js'
import type {Env, Known, Variables} from './shell-classify/shell-state.js'
import {walkCommands} from './shell-classify/walk-commands.js'
import type {ParsedCommand, ShellWord, SimpleCommand} from './shell-parse/parsed-command.js'

export type {Hazard} from './hazard-rules/hazard-finding.js'

export interface ClassifyContext {
  /** Absolute directory the command starts in (the workspace root). */
  cwd: string
  /** The user's home directory ($HOME), absolute. */
  home: string
}

export type Classification =
  | {denied: true; hazard: Hazard; reason: string}
  /** `suspicious`: not provably safe (dynamic command name, unparsable syntax …): ask, never allow by rule. */
  | {denied: false; suspicious?: string}

/**
 * The hard-deny shell classifier. Pure: it reads an already parsed command (nested `bash -c`
 * scripts included) and the two facts it needs about the world, and says whether the command is
 * one that lillycoder never runs, whatever the flags, rules or answers.
 */
export function classifyCommand(parsed: ParsedCommand, ctx: ClassifyContext): Classification {
  // A relative cwd would make every relative target unknowable: treat it as unknown rather than guess.
  const cwd = posix.isAbsolute(ctx.cwd) ? normalized(ctx.cwd) : null
  const known: Known = {cwd, home: normalized(ctx.home)}
  const findings = classifyParsed(parsed, known, known.cwd, new Map())
  for (const finding of findings) {
    if (finding.kind === 'deny')
      return {denied: true, hazard: finding.hazard, reason: `refused: ${oneLine(finding.what)} is never run by lillycoder`}
  }
  const suspicion = findings.find((finding) => finding.kind === 'suspicious')
  return suspicion?.kind === 'suspicious' ? {denied: false, suspicious: oneLine(suspicion.why)} : {denied: false}
}

/** `/a//b/` → `/a/b`; `/` stays `/`. */
function normalized(path: string): string {
  return posix.normalize(path).replace(/(.)\/+$/, '$1')
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

function classifyParsed(parsed: ParsedCommand, known: Known, cwd: string | null, inherited: Variables): Finding[] {
  const findings: Finding[] = []
  if (parsed.hasErrors)
    findings.push({kind: 'suspicious', why: 'lillycoder could not parse this shell syntax completely'})
  for (const commands of [parsed.commands, parsed.fallback ?? []]) {
    walkCommands(commands, known, cwd, inherited, (command, env, invocations) => {
      for (const invocation of invocations) {
        const here = invocation.cwd === undefined ? env : {...env, cwd: invocation.cwd}
        findings.push(...classifyInvocation(invocation, here))
        for (const script of invocation.scripts) findings.push(...classifyScript(command, invocation, script, here, known))
      }
      findings.push(...redirectFindings(command, env))
    })
  }
  findings.push(...forkBombs(parsed))
  return findings
}

function classifyScript(command: SimpleCommand, invocation: Invocation, script: ScriptRef, env: Env, known: Known): Finding[] {
  const runner = invocation.name ?? 'a command'
  if (script.text === undefined) return [{kind: 'suspicious', why: script.why ?? `${runner} runs a script only known at run time`}]
  const nested = command.nested.find((entry) => entry.script === script.text)
  // The outer shell expanded the script's variables before handing it over: the inner one sees their values.
  if (nested) return classifyParsed(nested.parsed, known, env.cwd, withPositional(env, script.positional))
  return [{kind: 'suspicious', why: `${runner} runs a script lillycoder did not parse (nested too deep or built at run time)`}]
}

function withPositional(env: Env, positional: ShellWord[] | undefined): Variables {
  const variables = env.variables()
  if (!positional) return variables
  const values = positional.map((word) => env.text(word) ?? null)
  values.forEach((value, index) => variables.set(String(index), value))
  const rest = values.slice(1)
  const all = rest.length === 1 ? (rest[0] ?? null) : null
  variables.set('@', all)
  variables.set('*', all)
  return variables
}

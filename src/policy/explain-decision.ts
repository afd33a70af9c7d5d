import type {Decision, DecisionAction, ReasonCode} from './types.js'

/** A decision as `policy explain --json` prints it. */
export interface DecisionExplanation {
  decision: DecisionAction
  code: ReasonCode
  reason: string
  /** The rule's text, or null when no rule decided. */
  rule: string | null
  source: string | null
  /** For a tool that runs commands: whether they run sandboxed, and what they may write and reach. */
  sandbox?: string
}

export function explainDecision(decision: Decision, sandbox?: string): DecisionExplanation {
  return {
    decision: decision.action,
    code: decision.reason.code,
    reason: decision.reason.message,
    rule: decision.reason.rule?.text ?? null,
    source: decision.reason.rule?.source ?? null,
    ...(sandbox === undefined ? {} : {sandbox}),
  }
}

export function formatExplanation(explanation: DecisionExplanation): string {
  const lines = [`${explanation.decision} (${explanation.code}): ${explanation.reason}`]
  if (explanation.rule !== null) lines.push(`  rule: ${explanation.rule}`, `  from: ${explanation.source}`)
  if (explanation.sandbox !== undefined) lines.push(`  sandbox: ${explanation.sandbox}`)
  return lines.join('\n')
}

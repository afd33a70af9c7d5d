// Prompt size: what every request carries before the conversation starts (the builtin tool list as
// sent in `tools`, and the default system prompt), and how much of a small context that takes.
import {builtinTools} from '../dist/plugins/builtin-tools/index.js'
import {ContextBudget} from '../dist/runtime/context/context-budget.js'
import {DEFAULT_PERSONA, loadPersona} from '../dist/runtime/config/personas.js'
import {buildSystemPrompt} from '../dist/runtime/agent/system-prompt.js'
import {toToolSchema} from '../dist/runtime/tools/tool-schema.js'
import {markdownTable} from './measure.js'

const CHARS_PER_TOKEN = 3.5 // the runtime's own estimate (src/runtime/context-budget.ts)
const CONTEXTS = [8192, 32768]
/** A typical workspace path; the system prompt names it. */
const WORKSPACE = '/home/user/projects/my-app'

export async function benchPromptSize() {
  const tools = builtinTools.map(toToolSchema)
  const toolsJson = JSON.stringify(tools)
  const systemPrompt = buildSystemPrompt(await loadPersona(DEFAULT_PERSONA), WORKSPACE)
  const parts = [
    ['tool list (`tools` JSON, ' + tools.length + ' builtin tools)', toolsJson],
    [`system prompt (persona ${DEFAULT_PERSONA})`, systemPrompt],
    ['total', toolsJson + systemPrompt],
  ]
  const rows = parts.map(([label, text]) => {
    const tokens = text.length / CHARS_PER_TOKEN
    return [label, String(text.length), String(Math.round(tokens)), String(wordsAndPunctuation(text)), ...CONTEXTS.map((context) => percent(tokens / context))]
  })
  // The runtime's own estimate for a first request (system message only), with its per-message overhead.
  const runtimeEstimate = new ContextBudget(CONTEXTS[0]).estimatePrompt([{role: 'system', content: systemPrompt}], tools)
  const perTool = tools
    .map((tool) => ({name: tool.function.name, chars: JSON.stringify(tool).length}))
    .sort((a, b) => b.chars - a.chars)
    .map(({name, chars}) => [`\`${name}\``, String(chars), String(Math.round(chars / CHARS_PER_TOKEN))])

  const total = (toolsJson.length + systemPrompt.length) / CHARS_PER_TOKEN
  const markdown = [
    markdownTable(['part', 'chars', '≈ tokens (chars/3.5)', 'words + punctuation', 'share of 8k', 'share of 32k'], rows),
    '',
    `Shares use chars/3.5. "words + punctuation" counts runs of letters/digits and each other non-space character: a tokenizer-free second estimate that runs high on JSON, where real tokenizers merge \`":"\` and the like.`,
    `The runtime's own estimate for the first request (ContextBudget.estimatePrompt, system message only, with per-message overhead): ${runtimeEstimate} tokens.`,
    '',
    markdownTable(['tool', 'schema chars', '≈ tokens'], perTool),
  ].join('\n')
  return {title: 'Prompt size', markdown, summary: `${toolsJson.length + systemPrompt.length} chars ≈ ${Math.round(total)} tokens (${percent(total / CONTEXTS[0])} of 8k, ${percent(total / CONTEXTS[1])} of 32k)`}
}

function wordsAndPunctuation(text) {
  return text.match(/[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu)?.length ?? 0
}

function percent(fraction) {
  return `${(fraction * 100).toFixed(1)} %`
}

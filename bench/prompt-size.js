// Prompt size: what every request carries before the conversation starts (the builtin tool list as
// sent in `tools`, and the system prompt), measured against the first-request budget of issue 9.
import {builtinTools} from '../dist/plugins/builtin-tools/index.js'
import {ContextBudget} from '../dist/runtime/context/context-budget.js'
import {DEFAULT_PERSONA, loadPersona} from '../dist/runtime/config/personas.js'
import {buildSystemPrompt} from '../dist/runtime/agent/system-prompt.js'
import {toToolSchema} from '../dist/runtime/tools/tool-schema.js'
import {markdownTable} from './measure.js'
import registerGitTools from '../plugins.example/git/hooks/tools.js'

/** The headline estimate: chars/4, the usual rule of thumb for English and code on BPE tokenizers. */
const CHARS_PER_TOKEN = 4
/** The runtime's own, more cautious estimate (src/runtime/context/context-budget.ts). */
const RUNTIME_CHARS_PER_TOKEN = 3.5
/** Tokens the first request (builtin tools + system prompt with the default persona) may take at chars/4. */
const BUDGET_TOKENS = 1500
const CONTEXTS = [8192, 32768]
/** A typical workspace path; the system prompt names it. */
const WORKSPACE = '/home/user/projects/my-app'
const OTHER_PERSONA = 'plain'

export async function benchPromptSize() {
  const tools = builtinTools.map(toToolSchema)
  const toolsJson = JSON.stringify(tools)
  const persona = await loadPersona(DEFAULT_PERSONA)
  const systemPrompt = buildSystemPrompt(persona, WORKSPACE)
  const otherPrompt = buildSystemPrompt(await loadPersona(OTHER_PERSONA), WORKSPACE)
  // The runtime's part is everything the persona did not write: workspace facts and tool rules.
  const runtimePart = systemPrompt.slice(persona.prompt.length)
  const total = toolsJson + systemPrompt
  const parts = [
    [`tool list (\`tools\` JSON, ${tools.length} builtin tools)`, toolsJson],
    [`system prompt: persona ${DEFAULT_PERSONA}`, persona.prompt],
    ['system prompt: workspace + tool rules', runtimePart],
    [`**first request** (tools + system prompt, persona ${DEFAULT_PERSONA})`, total],
    [`first request with persona ${OTHER_PERSONA}`, toolsJson + otherPrompt],
  ]
  const rows = parts.map(([label, text]) => [
    label,
    String(text.length),
    String(tokens(text)),
    String(Math.round(text.length / RUNTIME_CHARS_PER_TOKEN)),
    String(wordsAndPunctuation(text)),
    ...CONTEXTS.map((context) => percent(tokens(text) / context)),
  ])
  // The runtime's own estimate for a first request (system message only), with its per-message overhead.
  const runtimeEstimate = new ContextBudget(CONTEXTS[0]).estimatePrompt([{role: 'system', content: systemPrompt}], tools)
  const perTool = tools
    .map((tool) => ({name: tool.function.name, text: JSON.stringify(tool)}))
    .sort((a, b) => b.text.length - a.text.length)
    .map(({name, text}) => [`\`${name}\``, String(text.length), String(tokens(text)), String(Math.round(text.length / RUNTIME_CHARS_PER_TOKEN))])

  const headline = tokens(total)
  const verdict = headline <= BUDGET_TOKENS ? 'pass' : 'FAIL'
  const markdown = [
    `Budget for the first request (builtin tools + system prompt, persona ${DEFAULT_PERSONA}): ${BUDGET_TOKENS} tokens at chars/4. **${headline} tokens: ${verdict}.**`,
    '',
    markdownTable(['part', 'chars', '≈ tokens (chars/4)', 'chars/3.5', 'words + punctuation', 'share of 8k', 'share of 32k'], rows),
    '',
    'Tokens and shares use chars/4. Second opinions: chars/3.5 is the runtime\'s own cautious estimate; "words + punctuation" counts runs of letters/digits and each other non-space character, a tokenizer-free estimate that runs high on JSON, where real tokenizers merge `":"` and the like.',
    `The runtime's own estimate for the first request (ContextBudget.estimatePrompt, system message only, with per-message overhead): ${runtimeEstimate} tokens.`,
    '',
    markdownTable(['tool', 'schema chars', '≈ tokens (chars/4)', 'chars/3.5'], perTool),
    '',
    ...(await gitPluginRows(total)),
  ].join('\n')
  return {
    title: 'Prompt size',
    markdown,
    summary: `${total.length} chars ≈ ${headline} tokens at chars/4, budget ${BUDGET_TOKENS}: ${verdict} (${percent(headline / CONTEXTS[0])} of 8k)`,
  }
}

function tokens(text) {
  return Math.round(text.length / CHARS_PER_TOKEN)
}

function wordsAndPunctuation(text) {
  return text.match(/[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu)?.length ?? 0
}

function percent(fraction) {
  return `${(fraction * 100).toFixed(1)} %`
}

/** What linking plugins.example/git adds to every request: its four tool schemas, as the runtime converts them. */
async function gitPluginRows(firstRequest) {
  const tools = (await registerGitTools()).map(toToolSchema)
  const json = JSON.stringify(tools)
  // Appended to the builtin list: one `tools` array, so the added text is the entries and their commas.
  const added = json.length - 1
  const rows = [
    ['**git plugin adds** (4 tools)', String(added), String(Math.round(added / CHARS_PER_TOKEN)), String(Math.round(added / RUNTIME_CHARS_PER_TOKEN))],
    ...tools.map((tool) => {
      const text = JSON.stringify(tool)
      return [`\`${tool.function.name}\``, String(text.length), String(tokens(text)), String(Math.round(text.length / RUNTIME_CHARS_PER_TOKEN))]
    }),
    ['first request with the git plugin linked', String(firstRequest.length + added), String(Math.round((firstRequest.length + added) / CHARS_PER_TOKEN)), '—'],
  ]
  return ['With `lillycoder plugins link plugins.example/git`:', '', markdownTable(['part', 'chars', '≈ tokens (chars/4)', 'chars/3.5'], rows)]
}

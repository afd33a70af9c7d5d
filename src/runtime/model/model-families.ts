/**
 * Model families proven reliable at tool calling. A small model outside them often writes broken
 * calls, so the CLI warns (unless --force). Matched against the model id as servers spell it:
 * ollama `qwen2.5-coder:7b`, GGUF files `Qwen3-14B-Q4_K_M.gguf`, HF repos `google/gemma-3-27b-it`,
 * LM Studio `lmstudio-community/…-MLX-4bit`, vLLM served names.
 *
 * Each pattern is tested against the lower-cased id, anywhere in it. Versions need their separator
 * (`qwen2.5`, `qwen2_5`; not `qwen25`, which no server writes and which reads as nothing in
 * particular), and a version is never followed by another digit, so `llama3.1` does not match a
 * `llama3.10` and `qwen3` not a `qwen30`.
 */
export interface ModelFamily {
  id: string
  /** How the family is named to the user. */
  name: string
  patterns: readonly RegExp[]
}

// Ordered so that a fine-tune is named before the base it contains (`Hermes-3-Llama-3.1-8B` is Hermes 3).
export const MODEL_FAMILIES: readonly ModelFamily[] = [
  // Hermes 3 (Llama 3.1/3.2 based). Not Hermes 2 Pro, nous-hermes2, OpenHermes.
  {id: 'hermes3', name: 'Hermes 3', patterns: [/hermes[-_ ]?3(?!\d)/]},
  // Dolphin 3.0 (Llama 3.1, Qwen 2.5, Mistral 24B bases) and Dolphin 3.0 R1. Not dolphin-mixtral / dolphin-llama3 (2.9).
  {id: 'dolphin3', name: 'Dolphin 3', patterns: [/dolphin[-_ ]?3(?!\d)/]},
  // Fireworks' function-calling models (v1 Mixtral-based, v2 Llama-3-70B-based); both were trained for calls.
  {id: 'firefunction', name: 'Firefunction', patterns: [/firefunction/]},
  // Qwen 2.5, incl. Coder, VL, Math.
  {id: 'qwen2.5', name: 'Qwen 2.5', patterns: [/qwen[-_ ]?2[._]5(?!\d)/]},
  // Qwen 3 and its point releases (3.5, 3.6, 2026), incl. Coder, Next, VL. Not Qwen 1/1.5/2, QwQ, CodeQwen.
  {id: 'qwen3', name: 'Qwen 3', patterns: [/qwen[-_ ]?3(?!\d)/]},
  // Gemma 3 (not Gemma 3n, the on-device variant without tool support in ollama) and Gemma 4.
  {id: 'gemma3', name: 'Gemma 3', patterns: [/gemma[-_ ]?3(?![\dn])/]},
  {id: 'gemma4', name: 'Gemma 4', patterns: [/gemma[-_ ]?4(?!\d)/]},
  // Llama 3.1, 3.2, 3.3 and 4. Not Llama 3.0 (`llama3:8b`, `Meta-Llama-3-8B`), 2, Code Llama, TinyLlama.
  {id: 'llama3.1+', name: 'Llama 3.1+', patterns: [/llama[-_ ]?3[._][1-3](?!\d)/, /llama[-_ ]?4(?!\d)/]},
  // Mistral Small 3, 3.1, 3.2 (24B, 2025 releases 2501/2503/2506). Ollama's bare `mistral-small`
  // (= :latest = :24b) is Small 3 since January 2025; `mistral-small:22b` and `…-2409` are Small 2 (Sept 2024).
  {
    id: 'mistral-small3',
    name: 'Mistral Small 3',
    patterns: [
      /mistral[-_ ]?small[-_ ]?3(?!\d)/,
      /mistral[-_ ]?small[-_:]?24b/,
      /mistral[-_ ]?small.*[-_]25(0[1-9]|1[0-2])(?!\d)/,
      /mistral[-_ ]?small(:latest)?$/,
    ],
  },
  // Mistral Nemo 12B (2407). Not NVIDIA Nemotron.
  {id: 'mistral-nemo', name: 'Mistral Nemo', patterns: [/mistral[-_ ]?nemo(?!tron)/]},
  // Devstral (Small 2505/2507, Devstral 2 and Small 2, 2512).
  {id: 'devstral', name: 'Devstral', patterns: [/devstral/]},
]

// Not chat models at all, whatever family name they carry (Qwen3-Embedding, Qwen3Guard, Llama-Guard).
const NOT_A_CHAT_MODEL = /embed|rerank|guard/

export interface ModelFamilyMatch {
  /** The family's name, or the user's pattern that matched. */
  family: string
  source: 'builtin' | 'config'
}

/**
 * The family a model id belongs to, or null. `extraFamilies` are the user's additions from config:
 * case-insensitive patterns found anywhere in the id, where `*` stands for any run of characters
 * and `?` for one (`granite3.3`, `phi-4*mini`).
 */
export function matchModelFamily(modelId: string, extraFamilies: readonly string[] = []): ModelFamilyMatch | null {
  const id = modelId.trim().toLowerCase()
  if (!NOT_A_CHAT_MODEL.test(id)) {
    const family = MODEL_FAMILIES.find((f) => f.patterns.some((pattern) => pattern.test(id)))
    if (family) return {family: family.name, source: 'builtin'}
  }
  const extra = extraFamilies.find((pattern) => pattern.trim() !== '' && wildcardPattern(pattern).test(id))
  return extra === undefined ? null : {family: extra.trim(), source: 'config'}
}

/** One line for the terminal when the model is in no known family. */
export function unlistedModelWarning(modelId: string): string {
  const families = MODEL_FAMILIES.map((family) => family.name).join(', ')
  return (
    `Model "${modelId}" is not in a family known to call tools reliably (${families}); ` +
    'small models outside these often write broken tool calls, so edits and commands may fail. Pass --force to silence this.'
  )
}

function wildcardPattern(pattern: string): RegExp {
  const source = [...pattern.trim().toLowerCase()]
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('')
  return new RegExp(source)
}

import {describe, expect, test} from '@jest/globals'
import {MODEL_FAMILIES, matchModelFamily, unlistedModelWarning} from '../../../src/runtime/model/model-families.js'

// Ids as ollama, llama.cpp (GGUF file names), LM Studio, Hugging Face and vLLM spell them.
const listed: Array<[modelId: string, family: string]> = [
  ['qwen2.5-coder:7b', 'Qwen 2.5'],
  ['qwen2.5:14b-instruct-q4_K_M', 'Qwen 2.5'],
  ['qwen2.5-coder:32b-instruct-q8_0', 'Qwen 2.5'],
  ['bartowski/Qwen2.5-32B-Instruct-GGUF', 'Qwen 2.5'],
  ['lmstudio-community/Qwen2.5-Coder-14B-Instruct-MLX-4bit', 'Qwen 2.5'],
  ['Qwen/Qwen2.5-7B-Instruct', 'Qwen 2.5'],
  ['qwen2.5-7b-instruct-q4_k_m.gguf', 'Qwen 2.5'],
  ['qwen2_5-coder-7b-instruct', 'Qwen 2.5'],
  ['mlx-community--Qwen2.5-Coder-7B-Instruct-4bit', 'Qwen 2.5'],
  ['qwen2.5vl:7b', 'Qwen 2.5'],
  ['qwen3:8b', 'Qwen 3'],
  ['qwen3', 'Qwen 3'],
  ['Qwen3-14B-Q4_K_M.gguf', 'Qwen 3'],
  ['qwen3-coder:30b', 'Qwen 3'],
  ['Qwen/Qwen3-Coder-30B-A3B-Instruct', 'Qwen 3'],
  ['hf.co/unsloth/Qwen3-8B-GGUF:Q4_K_M', 'Qwen 3'],
  ['qwen3:30b-a3b', 'Qwen 3'],
  ['unsloth/Qwen3.5-9B-GGUF', 'Qwen 3'],
  ['Qwen3.6-27B-Q8_0.gguf', 'Qwen 3'],
  ['qwen3-vl:8b', 'Qwen 3'],
  ['gemma3:12b', 'Gemma 3'],
  ['gemma3:27b-it-qat', 'Gemma 3'],
  ['google/gemma-3-27b-it', 'Gemma 3'],
  ['gemma-3-12b-it-Q4_K_M.gguf', 'Gemma 3'],
  ['lmstudio-community/gemma-3-4b-it-GGUF', 'Gemma 3'],
  ['gemma4:e4b', 'Gemma 4'],
  ['google/gemma-4-31b-it', 'Gemma 4'],
  ['llama3.1:8b', 'Llama 3.1+'],
  ['llama3.1:70b-instruct-q4_0', 'Llama 3.1+'],
  ['Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf', 'Llama 3.1+'],
  ['meta-llama/Llama-3.1-8B-Instruct', 'Llama 3.1+'],
  ['llama3.2', 'Llama 3.1+'],
  ['llama3.2:3b', 'Llama 3.1+'],
  ['meta-llama/Llama-3.2-3B-Instruct', 'Llama 3.1+'],
  ['llama-3.2-1b-instruct', 'Llama 3.1+'],
  ['llama3.3:70b', 'Llama 3.1+'],
  ['Llama-3.3-70B-Instruct-Q4_K_M.gguf', 'Llama 3.1+'],
  ['llama4:scout', 'Llama 3.1+'],
  ['meta-llama/Llama-4-Scout-17B-16E-Instruct', 'Llama 3.1+'],
  ['mistral-small3.1', 'Mistral Small 3'],
  ['mistral-small3.1:24b-instruct-2503-q4_K_M', 'Mistral Small 3'],
  ['mistral-small3.2:24b', 'Mistral Small 3'],
  ['mistral-small:24b', 'Mistral Small 3'],
  ['mistral-small', 'Mistral Small 3'],
  ['mistral-small:latest', 'Mistral Small 3'],
  ['mistralai/Mistral-Small-24B-Instruct-2501', 'Mistral Small 3'],
  ['mistralai/Mistral-Small-3.1-24B-Instruct-2503', 'Mistral Small 3'],
  ['unsloth/Mistral-Small-3.2-24B-Instruct-2506-GGUF', 'Mistral Small 3'],
  ['mistral-small-2501', 'Mistral Small 3'],
  ['Mistral-Nemo-Instruct-2407', 'Mistral Nemo'],
  ['mistral-nemo:12b', 'Mistral Nemo'],
  ['Mistral-Nemo-Instruct-2407-Q4_K_M.gguf', 'Mistral Nemo'],
  ['devstral:24b', 'Devstral'],
  ['mistralai/Devstral-Small-2505', 'Devstral'],
  ['devstral-small-2-24b-instruct-2512', 'Devstral'],
  ['dolphin3', 'Dolphin 3'],
  ['dolphin3:8b', 'Dolphin 3'],
  ['dolphin3.0-r1-mistral-24b', 'Dolphin 3'],
  ['cognitivecomputations/Dolphin3.0-Llama3.1-8B', 'Dolphin 3'],
  ['hermes3:8b', 'Hermes 3'],
  ['NousResearch/Hermes-3-Llama-3.1-8B', 'Hermes 3'],
  ['hermes-3-llama-3.2-3b', 'Hermes 3'],
  ['firefunction-v2', 'Firefunction'],
  ['fireworks-ai/llama-3-firefunction-v2', 'Firefunction'],
]

const unlisted: Array<[modelId: string, why: string]> = [
  ['qwen:7b', 'Qwen 1'],
  ['qwen:14b-chat-v1.5-q4_0', 'Qwen 1.5'],
  ['qwen2:7b', 'Qwen 2, not 2.5'],
  ['Qwen/Qwen2-7B-Instruct', 'Qwen 2, not 2.5'],
  ['qwen2-57b-a14b', 'Qwen 2 MoE (57B), not 2.5'],
  ['qwen2-math:7b', 'Qwen 2 Math'],
  ['qwen25-coder:7b', 'no server spells 2.5 without a separator'],
  ['codeqwen:7b', 'CodeQwen 1.5'],
  ['qwq:32b', 'QwQ'],
  ['qwen3-embedding:8b', 'an embedding model'],
  ['Qwen3-Reranker-4B', 'a reranker'],
  ['Qwen3Guard-Gen-8B', 'a safety classifier'],
  ['llama2', 'Llama 2'],
  ['llama2:13b-chat', 'Llama 2'],
  ['llama3:8b', 'Llama 3.0'],
  ['llama3', 'Llama 3.0'],
  ['Meta-Llama-3-8B-Instruct-Q4_K_M.gguf', 'Llama 3.0'],
  ['meta-llama/Meta-Llama-3-70B-Instruct', 'Llama 3.0'],
  ['llama3-groq-tool-use:8b', 'Llama 3.0 fine-tune, superseded; add it in config to use it'],
  ['llama-guard3:8b', 'a safety classifier'],
  ['meta-llama/Llama-Guard-3-8B', 'a safety classifier'],
  ['codellama:7b', 'Code Llama'],
  ['tinyllama', 'TinyLlama'],
  ['llava-llama3', 'LLaVA on Llama 3.0'],
  ['gemma2:9b', 'Gemma 2'],
  ['gemma:7b', 'Gemma 1'],
  ['google/gemma-2-9b-it', 'Gemma 2'],
  ['codegemma:7b', 'CodeGemma'],
  ['gemma3n:e4b', 'Gemma 3n, no tool support'],
  ['google/gemma-3n-E4B-it', 'Gemma 3n'],
  ['functiongemma:270m', 'FunctionGemma, its own call format'],
  ['mistral:7b', 'Mistral 7B'],
  ['mistral:7b-instruct-v0.3-q4_K_M', 'Mistral 7B v0.3'],
  ['mistral-small:22b', 'Mistral Small 2 (Sept 2024)'],
  ['mistralai/Mistral-Small-Instruct-2409', 'Mistral Small 2 (Sept 2024)'],
  ['mistral-small:22b-instruct-2409-q4_K_M', 'Mistral Small 2 (Sept 2024)'],
  ['magistral:24b', 'Magistral, a reasoning model'],
  ['mixtral:8x7b', 'Mixtral'],
  ['nemotron:70b', 'NVIDIA Nemotron, not Mistral Nemo'],
  ['phi3', 'Phi 3'],
  ['phi4-mini', 'Phi 4'],
  ['deepseek-coder:6.7b', 'DeepSeek Coder'],
  ['deepseek-r1:8b', 'DeepSeek R1 distill'],
  ['DeepSeek-R1-Distill-Qwen-7B', 'R1 distill on Qwen 2.5, named without its version'],
  ['hermes-2-pro', 'Hermes 2 Pro'],
  ['NousResearch/Hermes-2-Pro-Llama-3-8B', 'Hermes 2 Pro on Llama 3.0'],
  ['nous-hermes2:10.7b', 'Nous Hermes 2'],
  ['openhermes', 'OpenHermes'],
  ['dolphin-mixtral:8x7b', 'Dolphin 2.x'],
  ['dolphin-llama3:8b', 'Dolphin 2.9'],
  ['dolphin-mistral', 'Dolphin 2.x'],
  ['starcoder2:7b', 'StarCoder 2'],
  ['granite3.3:8b', 'not in the table (config can add it)'],
]

describe('matchModelFamily', () => {
  test.each(listed)('%s → %s', (modelId, family) => {
    expect(matchModelFamily(modelId)).toEqual({family, source: 'builtin'})
  })

  test.each(unlisted)('%s is not listed (%s)', (modelId) => {
    expect(matchModelFamily(modelId)).toBeNull()
  })

  test('the tables have the size the task asks for', () => {
    expect(listed.length).toBeGreaterThanOrEqual(40)
    expect(unlisted.length).toBeGreaterThanOrEqual(40)
  })

  test('every family in the table is exercised by a listed id', () => {
    const seen = new Set(listed.map(([, family]) => family))
    expect(MODEL_FAMILIES.map((family) => family.name).filter((name) => !seen.has(name))).toEqual([])
  })

  const extra: Array<[modelId: string, patterns: string[], expected: string | null]> = [
    ['granite3.3:8b', ['granite3.3'], 'granite3.3'],
    ['ibm-granite/granite-3.3-8b-instruct', ['GRANITE-3.3'], 'GRANITE-3.3'],
    ['phi-4-mini-instruct-Q4_K_M.gguf', ['phi-4*mini'], 'phi-4*mini'],
    ['llama3-groq-tool-use:70b', ['*groq-tool-use'], '*groq-tool-use'],
    ['phi3:mini', ['phi?:mini'], 'phi?:mini'],
    ['phi3:mini', ['phi-3'], null],
    ['phi3:mini', ['', '   '], null], // an empty pattern is ignored, not a match-everything
    ['granite3.3:8b', ['granite3+3'], null], // regex characters are literal
    ['qwen3-embedding:8b', ['qwen3-embedding'], 'qwen3-embedding'], // the user's word wins
  ]
  test.each(extra)('%s with config families %j → %s', (modelId, patterns, expected) => {
    expect(matchModelFamily(modelId, patterns)).toEqual(expected === null ? null : {family: expected, source: 'config'})
  })

  test('a builtin family is reported even when a config pattern also matches', () => {
    expect(matchModelFamily('qwen2.5-coder:7b', ['qwen'])).toEqual({family: 'Qwen 2.5', source: 'builtin'})
  })
})

describe('unlistedModelWarning', () => {
  test('is one line that names the model, says why it matters and how to silence it', () => {
    const line = unlistedModelWarning('phi3:mini')
    expect(line).not.toContain('\n')
    expect(line).toContain('"phi3:mini"')
    expect(line).toMatch(/broken tool calls/)
    expect(line).toContain('--force')
    for (const family of MODEL_FAMILIES) expect(line).toContain(family.name)
  })
})

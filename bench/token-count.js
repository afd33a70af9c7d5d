// Token counts: lillycoder's estimate against the real count of llama.cpp's tokenizer (a Qwen2 vocabulary, via
// the real llama-server's /tokenize), for prose, code, dense JSON, CJK text and a long tool result; before
// calibration, and after the estimate learned from the server's count of a first prompt of the same kind.
import {spawn} from 'node:child_process'
import {existsSync, readFileSync} from 'node:fs'
import {createServer} from 'node:net'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

import {ContextBudget, messageChars} from '../dist/runtime/context/context-budget.js'
import {markdownTable} from './measure.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const CACHE = process.env.LILLYCODER_TEST_CACHE ?? path.join(os.homedir(), '.cache', 'lillycoder-test')
const BINARY = path.join(CACHE, 'bin', 'llama-server')
const MODEL = path.join(CACHE, 'models', 'tiny-qwen2-tools.gguf')

export async function benchTokenCount() {
  if (!existsSync(BINARY) || !existsSync(MODEL)) throw new Error(`llama-server is not built in ${CACHE}: run scripts/build-llama-server.sh`)
  const server = await startServer()
  try {
    const rows = []
    let worstAfter = 0
    for (const [kind, text] of samples()) {
      const real = await countTokens(server.root, text)
      const old = Math.ceil(text.length / 3.5)
      const before = new ContextBudget(32_768).estimateText(text)
      const after = await calibratedEstimate(server.root, text)
      worstAfter = Math.max(worstAfter, Math.abs(after.estimate / after.real - 1))
      rows.push([kind, String(text.length), String(real), `${old} (${ratio(old, real)})`, `${before} (${ratio(before, real)})`, `${after.estimate} of ${after.real} (${ratio(after.estimate, after.real)})`])
    }
    const markdown = [
      'Estimate ÷ real count in brackets: under 1.00 is an undercount (a request that may not fit), over 1.00 room given away.',
      '"old" is the estimate before issue 14 (characters ÷ 3.5); "before calibration" the weighted estimate with its',
      '15 % headroom, on a fresh session; "after calibration" the estimate of the second half of the text once the',
      "server has counted a prompt holding the first half (the session's anchor and learned rate), against the second half's real count.",
      '',
      markdownTable(['text', 'chars', 'real tokens', 'old estimate', 'before calibration', 'after calibration'], rows),
    ].join('\n')
    return {title: 'Token counts: estimate against the real tokenizer', markdown, summary: `worst error after calibration ${(worstAfter * 100).toFixed(0)} %`}
  } finally {
    server.stop()
  }
}

function ratio(estimate, real) {
  return (estimate / real).toFixed(2)
}

/** The loop's case: the server counted a prompt with the first half; the second half is new text. */
async function calibratedEstimate(root, text) {
  const half = Math.floor(text.length / 2)
  const [first, second] = [text.slice(0, half), text.slice(half)]
  const budget = new ContextBudget(32_768)
  const estimated = budget.estimateChars(messageChars({role: 'user', content: first}))
  budget.calibrate(estimated, await countTokens(root, first))
  return {estimate: budget.estimateText(second), real: await countTokens(root, second)}
}

export function samples() {
  const code = readFileSync(path.join(ROOT, 'src/runtime/agent/agent-loop.ts'), 'utf8')
  const records = Array.from({length: 300}, (_, i) => ({id: i, name: `item-${i}`, tags: ['red', 'blue'], price: Math.round(i * 137.31) / 100, ok: i % 3 === 0, ref: `0x${(i * 2654435761).toString(16)}`}))
  const prose = [
    'The agent reads the files it needs, asks before it changes anything, and explains what it did in plain words.',
    'When a command fails, the error goes back to the model with a hint, and the person sees one short line.',
    'Local models are small, so every request is kept within the window the server allocated, with a margin.',
    'A long conversation is summarised before it overflows, and the latest exchange is always kept word for word.',
  ]
  const cjk = [
    '这个工具在终端里运行，读取当前目录中的文件，并在修改任何内容之前先询问用户。',
    '当命令失败时，错误信息会连同提示一起返回给模型，用户只会看到简短的一行说明。',
    'ローカルのモデルは小さいので、各リクエストはサーバーが確保したコンテキストに収まるように送られます。',
    '대화가 길어지면 넘치기 전에 요약되고, 가장 최근의 대화는 그대로 유지됩니다。',
  ]
  const sourceLines = code.split('\n')
  const toolResult = Array.from({length: 400}, (_, i) => `src/runtime/agent/agent-loop.ts:${(i % sourceLines.length) + 1}: ${sourceLines[i % sourceLines.length]}`).join('\n')
  return [
    ['English prose', Array.from({length: 40}, (_, i) => prose[i % prose.length]).join(' ')],
    ['TypeScript code (agent-loop.ts)', code],
    ['dense JSON (300 records)', JSON.stringify(records)],
    ['CJK (Chinese, Japanese, Korean)', Array.from({length: 40}, (_, i) => cjk[i % cjk.length]).join('')],
    ['long tool result (grep-style lines)', toolResult],
  ]
}

async function countTokens(root, content) {
  const response = await fetch(`${root}/tokenize`, {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify({content})})
  const body = await response.json()
  return body.tokens.length
}

async function startServer() {
  const port = await freePort()
  const child = spawn(BINARY, ['-m', MODEL, '-c', '4096', '--host', '127.0.0.1', '--port', String(port), '-t', '1', '--no-webui', '--no-warmup', '--offline'], {stdio: 'ignore'})
  const root = `http://127.0.0.1:${port}`
  const endsAt = Date.now() + 120_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`llama-server exited with code ${child.exitCode}`)
    const ok = await fetch(`${root}/health`).then((response) => response.ok, () => false)
    if (ok) break
    if (Date.now() > endsAt) {
      child.kill('SIGKILL')
      throw new Error('llama-server was not ready within 120 s')
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  return {root, stop: () => child.kill('SIGTERM')}
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const {port} = server.address()
      server.close(() => resolve(port))
    })
  })
}

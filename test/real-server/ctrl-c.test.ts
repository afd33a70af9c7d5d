/** Ctrl-C in the REPL while the real llama-server streams, and the next request going through on the same server. */
import {afterEach, beforeEach, expect, test} from '@jest/globals'

import {type JudgingProxy, startJudgingProxy} from '../support/judging-proxy.js'
import {describeWithRealServer, REAL_CONTEXT_TOKENS, REAL_SERVER_TIMEOUT_MS} from '../support/real-server-suite.js'
import {CLI, createSandbox, type Sandbox} from '../support/run-cli.js'
import {TmuxSession} from '../support/tmux.js'

let sandbox: Sandbox
let proxy: JudgingProxy | undefined
let term: TmuxSession | undefined

beforeEach(async () => {
  sandbox = await createSandbox()
})

afterEach(async () => {
  await term?.kill()
  await proxy?.close()
  term = undefined
  proxy = undefined
  await sandbox.cleanup()
})

// Long enough that the stream, paced at one chunk per 150 ms, is still going when Ctrl-C comes.
const LONG_REPLY = Array.from({length: 120}, (_, i) => `word${i}`).join(' ')

describeWithRealServer('Ctrl-C against a real llama-server', (context) => {
  test(
    'Ctrl-C stops the real stream; the next message is answered by the same server',
    async () => {
      const {root} = context.server
      const models = (await (await fetch(`${root}/v1/models`)).json()) as {data: Array<{id: string}>}
      proxy = await startJudgingProxy(root, REAL_CONTEXT_TOKENS, [{realWords: LONG_REPLY, paceMs: 150}, {realWords: 'Second answer.'}])
      term = await TmuxSession.start([process.execPath, CLI, '--api', proxy.url, '--model', models.data[0].id], {cwd: sandbox.workspace, env: sandbox.env})
      await term.waitFor(/Ctrl-D to leave/, 60_000)
      await term.typeLine('say many words')
      await term.waitFor(/word3\b/, 120_000)
      await term.press('C-c')
      await term.waitFor(/cancelled/, 60_000)
      const cut = await term.screen()
      expect(cut).not.toContain('word119')
      await term.typeLine('again')
      await term.waitFor(/Second answer\./, 120_000)
      expect(proxy.judgements).toHaveLength(2)
      expect(proxy.judgements.every((judgement) => judgement.accepted && judgement.fits)).toBe(true)
      // The real server's first stream was cut: it never reached its end.
      expect(proxy.forwarded[0]?.text ?? '').not.toContain('[DONE]')
    },
    REAL_SERVER_TIMEOUT_MS,
  )
})

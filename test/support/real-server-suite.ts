/**
 * For test/real-server: one real llama-server per test file, started before its tests and stopped after. Where
 * the server is not built, the file says so in one line and how to build it; with CI=true that is a failure.
 */
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'

import {findLlamaServer, llamaServerCache, type RunningLlamaServer, startLlamaServer} from './llama-server-process.js'

/** Generous: the machine running the suite may be loaded, and a real server is slower than a scripted one. */
export const REAL_SERVER_TIMEOUT_MS = 240_000

export const REAL_CONTEXT_TOKENS = 4096

const HOW_TO_BUILD = `llama-server is not built in ${llamaServerCache()}: run scripts/build-llama-server.sh (minutes on 2 cores) to run the real-server tests`

export interface RealServerContext {
  readonly server: RunningLlamaServer
}

/** Runs `body` against a started real server, or reports in one line why it cannot (and fails in CI). */
export function describeWithRealServer(title: string, body: (context: RealServerContext) => void): void {
  const files = findLlamaServer()
  if (!files) {
    if (process.env.CI === 'true') {
      test(`${title}: needs llama-server`, () => {
        throw new Error(`${HOW_TO_BUILD} (CI must run them)`)
      })
      return
    }
    process.stderr.write(`real-server tests not run: ${HOW_TO_BUILD}\n`)
    test(`${title}: not run here (${HOW_TO_BUILD})`, () => {
      expect(findLlamaServer()).toBeUndefined()
    })
    return
  }
  let running: RunningLlamaServer | undefined
  describe(title, () => {
    beforeAll(async () => {
      running = await startLlamaServer(files, {contextTokens: REAL_CONTEXT_TOKENS})
    }, REAL_SERVER_TIMEOUT_MS)
    afterAll(async () => {
      await running?.stop()
    })
    body({
      get server() {
        if (!running) throw new Error('the real server runs only while this file runs')
        return running
      },
    })
  })
}

import {afterEach, beforeEach} from '@jest/globals'

import {createSandbox, type Sandbox} from './run-cli.js'
import {startWireServer, type WireServer, type WireServerOptions, type WireTurn} from './wire-server.js'

export interface E2EContext {
  /** This test's temp workspace and home. */
  readonly sandbox: Sandbox
  /** The scripted server this test started with `serve`. */
  readonly server: WireServer
  /** Starts this test's scripted server; it is closed after the test. */
  serve(turns: WireTurn[], options?: WireServerOptions): Promise<WireServer>
}

/** For an end-to-end test file: a fresh sandbox per test, and the test's server and sandbox cleaned up after it. */
export function useE2E(): E2EContext {
  let sandbox: Sandbox | undefined
  let server: WireServer | undefined
  beforeEach(async () => {
    sandbox = await createSandbox()
  })
  afterEach(async () => {
    try {
      await server?.close()
    } finally {
      // A server that fails to close must not leave this test's temp dirs behind.
      server = undefined
      await sandbox?.cleanup()
      sandbox = undefined
    }
  })
  return {
    get sandbox() {
      if (!sandbox) throw new Error('the sandbox exists only while a test runs')
      return sandbox
    },
    get server() {
      if (!server) throw new Error('this test started no server: call serve() first')
      return server
    },
    async serve(turns, options) {
      await server?.close()
      server = await startWireServer(turns, options)
      return server
    },
  }
}

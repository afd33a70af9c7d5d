import {afterEach} from '@jest/globals'

import {startWireServer, type WireServer, type WireServerOptions, type WireTurn} from './wire-server.js'

/** For a test file: `serve(turns)` starts a scripted server that is closed after the test that started it. */
export function useWireServers(): (turns: WireTurn[], options?: WireServerOptions) => Promise<WireServer> {
  const servers: WireServer[] = []
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()))
  })
  return async (turns, options) => {
    const server = await startWireServer(turns, options)
    servers.push(server)
    return server
  }
}

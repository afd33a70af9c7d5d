/** `/mcp` in the chat REPL (tmux): servers with their state and tool count, a crash seen there, and a restart. */
import {afterEach, beforeEach, test} from '@jest/globals'

import {TEST_MCP_SERVER, writeUserConfig} from '../support/mcp-config.js'
import {CLI, createSandbox, type Sandbox} from '../support/run-cli.js'
import {TmuxSession} from '../support/tmux.js'
import {startWireServer, type WireServer} from '../support/wire-server.js'

let sandbox: Sandbox
let server: WireServer | undefined
let term: TmuxSession | undefined

beforeEach(async () => {
  sandbox = await createSandbox()
})

afterEach(async () => {
  await term?.kill()
  await server?.close()
  term = undefined
  server = undefined
  await sandbox.cleanup()
})

test('/mcp lists the servers; after a crash it says failed, and /mcp restart brings the tools back', async () => {
  await writeUserConfig(sandbox, {mcp: {servers: {notes: TEST_MCP_SERVER}}})
  server = await startWireServer([
    {flavor: 'llamacpp', toolCalls: [{name: 'notes__crash', arguments: {}}]},
    {flavor: 'llamacpp', text: 'The notes server is gone.'},
  ])
  term = await TmuxSession.start([process.execPath, CLI, '--api', server.url, '--model', 'qwen2.5-coder:7b'], {cwd: sandbox.workspace, env: sandbox.env, width: 200})
  await term.waitFor(/lillycoder · qwen2\.5-coder:7b/, 60_000)
  await term.typeLine('/mcp')
  await term.waitFor(/notes {2}running {2}5 tools {2}\S*node/)
  await term.typeLine('crash it')
  await term.waitFor(/The notes server is gone\./, 60_000)
  await term.typeLine('/mcp')
  await term.waitFor(/notes {2}failed {2}stopped unexpectedly/)
  await term.typeLine('/mcp restart nope')
  await term.waitFor(/no MCP server named nope; the servers are: notes/)
  await term.typeLine('/mcp restart notes')
  await term.waitFor(/notes restarted: 5 tools/, 60_000)
}, 120_000)

// `lillycoder chat` from spawn to the first /chat/completions request with one stdio MCP server configured (the
// bench's own, bench/mcp-stdio-server.js), against the same launch without one, interleaved in the same run.
// The difference is what a configured server costs at start-up: loading the MCP SDK, spawning the server,
// initialize and tools/list — the first request waits for them.
import fs from 'node:fs/promises'
import path from 'node:path'
import process from 'node:process'
import {fileURLToPath} from 'node:url'

import {launchChat, startTimestampingServer} from './chat-launch.js'
import {formatMs, formatRatio, makeBenchSandbox, markdownTable, median} from './measure.js'

const MCP_SERVER = fileURLToPath(new URL('./mcp-stdio-server.js', import.meta.url))

export async function benchMcpLaunch({runs = 7} = {}) {
  const plain = await makeBenchSandbox('mcp-launch-plain', {NO_COLOR: '1'})
  const withMcp = await makeBenchSandbox('mcp-launch-stdio', {NO_COLOR: '1'})
  const configDir = path.join(withMcp.env.XDG_CONFIG_HOME, 'lillycoder')
  await fs.mkdir(configDir, {recursive: true})
  await fs.writeFile(path.join(configDir, 'config.json'), JSON.stringify({mcp: {servers: {bench: {command: process.execPath, args: [MCP_SERVER]}}}}))
  const server = await startTimestampingServer()
  try {
    const node = process.execPath
    // One untimed launch each: the tool-list cache written, the OS file cache warm.
    await launchChat({node, cwd: plain.cwd, env: plain.env, server})
    await launchChat({node, cwd: withMcp.cwd, env: withMcp.env, server})
    const without = []
    const stdio = []
    for (let i = 0; i < runs; i++) {
      without.push(await launchChat({node, cwd: plain.cwd, env: plain.env, server}))
      stdio.push(await launchChat({node, cwd: withMcp.cwd, env: withMcp.env, server}))
    }
    const baseMs = median(without.map((launch) => launch.firstRequestMs))
    const mcpMs = median(stdio.map((launch) => launch.firstRequestMs))
    const baseCpu = median(without.map((launch) => launch.cpuMs))
    const mcpCpu = median(stdio.map((launch) => launch.cpuMs))
    const rows = [
      ['`lillycoder chat`, no MCP server (baseline)', formatMs(baseMs), formatMs(baseCpu), formatRatio(baseMs, baseMs)],
      ['`lillycoder chat`, one stdio MCP server configured', formatMs(mcpMs), formatMs(mcpCpu), formatRatio(mcpMs, baseMs)],
    ]
    const markdown = [
      markdownTable(['launch → first /chat/completions', 'median', 'chat CPU at the first request', 'ratio to no server'], rows),
      '',
      `${runs} launches each, interleaved, after one untimed launch each. The server is \`node bench/mcp-stdio-server.js\` (the MCP SDK's server side, one tool); the first request waits until it has answered initialize and tools/list. The CPU column is the chat process's own (the server's is not in it).`,
    ].join('\n')
    return {
      title: 'Chat launch with one stdio MCP server',
      markdown,
      summary: `chat → first request ${formatMs(mcpMs)} with one stdio MCP server vs ${formatMs(baseMs)} without (${formatRatio(mcpMs, baseMs)})`,
    }
  } finally {
    await server.close()
    await fs.rm(plain.scratch, {recursive: true, force: true})
    await fs.rm(withMcp.scratch, {recursive: true, force: true})
  }
}

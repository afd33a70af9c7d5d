import {mkdir, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

import type {Sandbox} from './run-cli.js'

/** The test MCP server as a stdio server entry: node with tsx, so the suite's TypeScript runs as it is. */
export const TEST_MCP_SERVER = {
  command: process.execPath,
  args: ['--import', new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).href, fileURLToPath(new URL('./mcp-test-server.ts', import.meta.url))],
}

/** Writes the sandbox's user config (`~/.config/lillycoder/config.json`). */
export async function writeUserConfig(sandbox: Sandbox, config: Record<string, unknown>): Promise<string> {
  const dir = path.join(sandbox.home, '.config', 'lillycoder')
  await mkdir(dir, {recursive: true})
  const file = path.join(dir, 'config.json')
  await writeFile(file, JSON.stringify(config, null, 2))
  return file
}

/** Writes the workspace's project config (`.lillycoderrc.json`). */
export async function writeProjectConfig(sandbox: Sandbox, config: Record<string, unknown>): Promise<string> {
  const file = path.join(sandbox.workspace, '.lillycoderrc.json')
  await writeFile(file, JSON.stringify(config, null, 2))
  return file
}

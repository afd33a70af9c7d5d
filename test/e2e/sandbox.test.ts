/** Commands in the bubblewrap sandbox, through the built CLI against a scripted server (bwrap is installed here and in CI). */
import {once} from 'node:events'
import {mkdir, readdir, readFile, writeFile} from 'node:fs/promises'
import {createServer, type Server} from 'node:net'
import path from 'node:path'

import {afterEach, beforeEach, describe, expect, test} from '@jest/globals'

import {useE2E} from '../support/e2e-context.js'
import {CLI} from '../support/run-cli.js'
import {jsonLines} from '../support/run-output.js'
import {TmuxSession} from '../support/tmux.js'

const e2e = useE2E()

type Call = {name: string; arguments: Record<string, unknown>}

async function runCalls(toolCalls: Call[], flags: string[] = [], env: NodeJS.ProcessEnv = {}) {
  await e2e.serve([{flavor: 'vllm', toolCalls}, {flavor: 'vllm', text: 'ok'}])
  const result = await e2e.sandbox.run(['run', 'do it', '--api', e2e.server.url, '--model', 'qwen2.5-coder:7b', '--bypass-permissions', '--json', ...flags], {env})
  const results = jsonLines(result.stdout).filter((event) => event.type === 'tool_result')
  return {result, results, texts: results.map((event) => String(event.text))}
}

const bash = (command: string): Call => ({name: 'bash', arguments: {command}})

async function writeUserConfig(config: unknown) {
  const dir = path.join(e2e.sandbox.home, '.config', 'lillycoder')
  await mkdir(dir, {recursive: true})
  await writeFile(path.join(dir, 'config.json'), JSON.stringify(config))
}

/** A PATH with node and bash but no bwrap: the machine without bubblewrap. */
async function pathWithoutBwrap(): Promise<string> {
  const bin = path.join(e2e.sandbox.home, 'bin-without-bwrap')
  await mkdir(bin)
  const {symlink} = await import('node:fs/promises')
  for (const [name, target] of [['bash', '/bin/bash'], ['node', process.execPath], ['sh', '/bin/sh']]) await symlink(target, path.join(bin, name))
  return bin
}

describe('by default (auto, bwrap works)', () => {
  test("the issue's escape: node writing outside the workspace fails, says it ran sandboxed, and nothing outside changes", async () => {
    const outside = path.join(e2e.sandbox.home, 'escaped.txt')
    const {results, texts} = await runCalls([bash(`"${process.execPath}" -e "require('fs').writeFileSync('${outside}','x')"`)])
    expect(results[0]).toMatchObject({outcome: 'ok', decision: 'allow'})
    expect(texts[0]).toMatch(/EROFS|read-only file system/i)
    expect(texts[0]).toMatch(/ran in lillycoder's sandbox \(bubblewrap\), which blocks writes outside the workspace/)
    await expect(readFile(outside)).rejects.toThrow(/ENOENT/)
  })

  test('writes in the workspace and its subfolders work', async () => {
    const {texts} = await runCalls([bash('mkdir -p src/deep && echo hi > src/deep/a.txt && echo top > b.txt && echo done')])
    expect(texts[0]).toMatch(/^Exit code 0\./)
    expect(await readFile(path.join(e2e.sandbox.workspace, 'src/deep/a.txt'), 'utf8')).toBe('hi\n')
    expect(await readFile(path.join(e2e.sandbox.workspace, 'b.txt'), 'utf8')).toBe('top\n')
  })

  test('a write beside the workspace lands in the private /tmp at most: nothing beside it changes', async () => {
    const root = path.dirname(e2e.sandbox.workspace)
    const before = await readdir(root)
    await runCalls([bash(`echo x > ${path.join(root, 'escaped.txt')}; echo x > /etc/lilly-escaped`)])
    expect(await readdir(root)).toEqual(before)
    await expect(readFile('/etc/lilly-escaped')).rejects.toThrow()
  })
})

describe('network from bash', () => {
  let server: Server
  let port: number
  let connections: number
  beforeEach(async () => {
    connections = 0
    server = createServer((socket) => {
      connections++
      socket.end('hello from outside\n')
    })
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    port = (server.address() as {port: number}).port
  })
  afterEach(async () => {
    server.close()
    await once(server, 'close')
  })

  // Node, not bash's /dev/tcp, which the policy treats as a device redirect.
  const connect = () =>
    bash(`"${process.execPath}" -e "require('net').connect(${port}, '127.0.0.1').on('data', (d) => process.stdout.write(d)).on('error', (e) => { console.error(e.message); process.exit(1) })"`)

  test('fails by default, and the result says the sandbox has no network', async () => {
    const {texts} = await runCalls([connect()])
    expect(connections).toBe(0)
    expect(texts[0]).toContain('ECONNREFUSED')
    expect(texts[0]).toMatch(/blocks the network/)
  })

  test('works with sandbox.network: on in the user config', async () => {
    await writeUserConfig({sandbox: {network: 'on'}})
    const {texts} = await runCalls([connect()])
    expect(connections).toBe(1)
    expect(texts[0]).toContain('hello from outside')
  })

  test('a project file cannot turn the sandbox off: it is ignored with a warning', async () => {
    await writeFile(path.join(e2e.sandbox.workspace, '.lillycoderrc.json'), JSON.stringify({sandbox: 'off'}))
    const {result} = await runCalls([connect()])
    expect(connections).toBe(0)
    expect(result.stderr).toContain('sandbox is ignored in a project file')
  })
})

describe('modes', () => {
  test('--sandbox on without bwrap on PATH refuses the command with the reason; nothing runs', async () => {
    const {result, texts} = await runCalls([bash('echo ran > ran.txt')], ['--sandbox', 'on'], {PATH: await pathWithoutBwrap()})
    expect(texts[0]).toMatch(/Refusing to run the command unsandboxed.*bwrap\) is not on PATH/s)
    expect(result.stderr).toMatch(/the sandbox is on, but bubblewrap \(bwrap\) is not on PATH: every command will be refused/)
    await expect(readFile(path.join(e2e.sandbox.workspace, 'ran.txt'))).rejects.toThrow()
  })

  test('auto without bwrap: one line saying commands run unsandboxed and how to install bubblewrap, then as today', async () => {
    const {result, texts} = await runCalls([bash('echo ran > ran.txt && echo ok')], [], {PATH: await pathWithoutBwrap()})
    const lines = result.stderr.split('\n').filter((line) => line.includes('unsandboxed'))
    expect(lines).toEqual([expect.stringMatching(/commands run unsandboxed: bubblewrap \(bwrap\) is not on PATH; install bubblewrap \(Debian\/Ubuntu: apt-get install bubblewrap/)])
    expect(texts[0]).toMatch(/^Exit code 0\./)
  })

  test.each([['--sandbox', 'off'], ['config', 'off']])('%s off: as today, a write outside the workspace works', async (how) => {
    if (how === 'config') await writeUserConfig({sandbox: 'off'})
    const outside = path.join(e2e.sandbox.home, 'written.txt')
    const {texts} = await runCalls([bash(`echo x > ${outside}`)], how === '--sandbox' ? ['--sandbox', 'off'] : [])
    expect(texts[0]).toMatch(/^Exit code 0\./)
    expect(await readFile(outside, 'utf8')).toBe('x\n')
  })

  test.each([
    [['--sandbox', 'maybe'], /Expected --sandbox=maybe to be one of: auto, on, off/],
  ])('bad flag %j: one line, exit 2', async (flags, message) => {
    const result = await e2e.sandbox.run(['run', 'x', '--api', 'http://127.0.0.1:9/v1', ...flags])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(message)
    expect(result.stderr).not.toMatch(/\n\s+at /)
  })

  test.each([
    [{sandbox: 'maybe'}, /sandbox: must be auto, on, off/],
    [{sandbox: {network: 'sometimes'}}, /sandbox.network: must be on or off/],
    [{sandbox: {writable: '~/.m2'}}, /sandbox.writable: must be a list of paths/],
  ])('bad config %j: one line naming the key, exit 2', async (config, message) => {
    await writeUserConfig(config)
    const result = await e2e.sandbox.run(['run', 'x', '--api', 'http://127.0.0.1:9/v1', '--model', 'm'])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(message)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
  })
})

describe('sandbox check and policy explain', () => {
  test('sandbox check --json: works here, with the workspace writable and the home read-only', async () => {
    const result = await e2e.sandbox.run(['sandbox', 'check', '--json'])
    expect(result.code).toBe(0)
    const check = JSON.parse(result.stdout) as {available: boolean; state: string; mounts: Array<{kind: string; path: string}>; network: unknown}
    expect(check).toMatchObject({available: true, state: 'sandboxed', network: {bash: false, install_package: true}})
    expect(check.mounts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({kind: 'writable', path: e2e.sandbox.workspace}),
        expect.objectContaining({kind: 'read-only', path: e2e.sandbox.home}),
      ]),
    )
  })

  test('sandbox check without bwrap: exit 1, the reason and how to install it', async () => {
    const result = await e2e.sandbox.run(['sandbox', 'check'], {env: {PATH: await pathWithoutBwrap()}})
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('bubblewrap: not available: bubblewrap (bwrap) is not on PATH')
    expect(result.stdout).toContain('apt-get install bubblewrap')
  })

  test('a sandbox.writable path that does not exist or lies outside home: one line each, left out', async () => {
    await mkdir(path.join(e2e.sandbox.home, '.m2'))
    await writeUserConfig({sandbox: {writable: ['~/.m2', '~/nope', '/etc']}})
    const result = await e2e.sandbox.run(['sandbox', 'check'])
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringContaining(`${path.join(e2e.sandbox.home, 'nope')} does not exist, so it is left out`),
      expect.stringContaining('/etc is left out: only paths inside'),
    ])
    expect(result.stdout).toContain(`writable   ${path.join(e2e.sandbox.home, '.m2')}`)
  })

  test.each([
    [[], /sandbox: commands run sandboxed \(bubblewrap\): they may write the workspace and a private \/tmp; no network for bash/],
    [['off'], /sandbox: commands run unsandboxed \(sandbox is off \(sandbox: off in the user config\)\)/],
  ])('policy explain bash says what commands may write and reach (config %j)', async (mode, line) => {
    if (mode.length > 0) await writeUserConfig({sandbox: mode[0]})
    const result = await e2e.sandbox.run(['policy', 'explain', 'bash', '--args', '{"command":"npm test"}'])
    expect(result.stdout).toMatch(line)
  })
})

describe('install_package', () => {
  test('runs sandboxed: the workspace and the npm cache are writable, the rest of home is not', async () => {
    const bin = path.join(e2e.sandbox.home, 'fake-bin')
    await mkdir(bin)
    await mkdir(path.join(e2e.sandbox.home, '.npm'))
    // A stand-in npm: installs into the workspace, caches in ~/.npm, and tries to change ~/.bashrc.
    const npm = ['#!/bin/sh', 'mkdir -p node_modules/left-pad && echo installed > node_modules/left-pad/index.js', 'echo cached > "$HOME/.npm/left-pad.tgz"', 'echo evil >> "$HOME/.bashrc" || echo "bashrc blocked"'].join('\n')
    await writeFile(path.join(bin, 'npm'), `${npm}\n`, {mode: 0o755})
    await writeFile(path.join(e2e.sandbox.workspace, 'package.json'), '{"name":"x"}')
    const {texts} = await runCalls([{name: 'install_package', arguments: {packages: ['left-pad']}}], [], {PATH: `${bin}:${process.env.PATH ?? ''}`})
    expect(texts[0]).toContain('bashrc blocked')
    expect(await readFile(path.join(e2e.sandbox.workspace, 'node_modules/left-pad/index.js'), 'utf8')).toBe('installed\n')
    expect(await readFile(path.join(e2e.sandbox.home, '.npm/left-pad.tgz'), 'utf8')).toBe('cached\n')
    await expect(readFile(path.join(e2e.sandbox.home, '.bashrc'))).rejects.toThrow(/ENOENT/)
  })
})

describe('chat', () => {
  test.each([
    [[], /commands run sandboxed \(bubblewrap\): they may write the workspace and a private \/tmp; no network for bash/],
    [['--sandbox', 'off'], /commands run unsandboxed \(sandbox is off \(--sandbox off\)\)/],
  ])('the start line says what commands may write and reach (%j)', async (flags, line) => {
    await e2e.serve([{flavor: 'llamacpp', text: 'hi'}])
    const term = await TmuxSession.start([process.execPath, CLI, '--api', e2e.server.url, '--model', 'qwen2.5-coder:7b', ...flags], {cwd: e2e.sandbox.workspace, env: e2e.sandbox.env})
    try {
      await term.waitFor(line)
    } finally {
      await term.kill()
    }
  })
})

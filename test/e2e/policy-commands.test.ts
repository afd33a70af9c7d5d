import {access, mkdir, realpath, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

import {afterEach, beforeEach, describe, expect, test} from '@jest/globals'

import {createSandbox, type Sandbox} from '../support/run-cli.js'

// A linked test plugin with one tool per target kind, so these tests do not depend on which builtins exist.
const FIXTURE_PLUGIN = fileURLToPath(new URL('./fixtures/policy-tools', import.meta.url))

let sandbox: Sandbox
let rc: string
// The CLI reports real paths (symlinks resolved, e.g. /tmp on macOS).
let workspace: string

beforeEach(async () => {
  sandbox = await createSandbox()
  const dataDir = path.join(sandbox.env.XDG_DATA_HOME ?? '', 'lillycoder')
  await mkdir(dataDir, {recursive: true})
  await writeFile(
    path.join(dataDir, 'package.json'),
    JSON.stringify({oclif: {schema: 1, plugins: [{type: 'link', name: 'lillycoder-policy-fixture-tools', root: FIXTURE_PLUGIN}]}}),
  )
  workspace = await realpath(sandbox.workspace)
  rc = path.join(workspace, '.lillycoderrc.yaml')
})

afterEach(async () => {
  await sandbox.cleanup()
})

async function project(yaml: string): Promise<void> {
  await writeFile(rc, yaml)
}

async function explain(tool: string, args: unknown, ...flags: string[]) {
  const result = await sandbox.run(['policy', 'explain', tool, '--args', JSON.stringify(args), '--json', ...flags])
  return {...result, json: result.code === 0 ? (JSON.parse(result.stdout) as Record<string, unknown>) : undefined}
}

describe('policy explain', () => {
  test('a deny rule: the decision, the rule and the file it came from', async () => {
    await project('permissions:\n  deny: ["fixture_shell(git push*)"]\n')
    const result = await explain('fixture_shell', {command: 'git push origin main'})
    expect(result.code).toBe(0)
    expect(result.json).toEqual({
      decision: 'deny',
      code: 'rule-deny',
      reason: `denied by rule fixture_shell(git push*) in ${rc}`,
      rule: 'fixture_shell(git push*)',
      source: rc,
    })
  })

  test.each<[string, string[], string, string]>([
    ['bypass never beats a deny rule', ['--bypass-permissions'], 'git push', 'deny'],
    ['bypass turns the default ask into allow', ['--bypass-permissions'], 'make', 'allow'],
    ['without bypass the default asks', [], 'make', 'ask'],
    ['bypass never beats an ask rule', ['--bypass-permissions'], 'npm publish', 'ask'],
  ])('%s', async (_name, flags, command, decision) => {
    await project('permissions:\n  deny: ["fixture_shell(git push*)"]\n  ask: ["fixture_shell(npm publish*)"]\n')
    expect((await explain('fixture_shell', {command}, ...flags)).json?.decision).toBe(decision)
  })

  test('a command tool of a plugin gets no read-only pass: only the builtin bash does', async () => {
    const result = await explain('fixture_shell', {command: 'ls -la'})
    expect(result.json).toMatchObject({decision: 'ask', code: 'default-mutating'})
  })

  test('no rule: rule and source are null', async () => {
    const result = await explain('fixture_write', {path: 'src/a.ts', content: ''})
    expect(result.json).toMatchObject({decision: 'ask', code: 'default-mutating', rule: null, source: null})
  })

  test('reading outside the workspace asks; writing there is refused', async () => {
    expect((await explain('fixture_read', {path: '/etc/hosts'})).json).toMatchObject({decision: 'ask', code: 'outside-workspace'})
    expect((await explain('fixture_read', {path: 'notes.txt'})).json).toMatchObject({decision: 'allow', code: 'default-read-only'})
    expect((await explain('fixture_write', {path: '../x', content: ''}, '--bypass-permissions')).json).toMatchObject({decision: 'deny', code: 'outside-workspace'})
  })

  test('package names are matched by install rules', async () => {
    await project('permissions:\n  deny: ["fixture_install(event-stream)"]\n')
    expect((await explain('fixture_install', {packages: ['lodash', 'event-stream']})).json?.decision).toBe('deny')
    expect((await explain('fixture_install', {packages: ['lodash']})).json?.decision).toBe('ask')
  })

  test('text output names the rule and the file', async () => {
    await project('permissions:\n  deny: ["fixture_read(.env)"]\n')
    const result = await sandbox.run(['policy', 'explain', 'fixture_read', '--args', '{"path": "./.env"}'])
    expect(result.code).toBe(0)
    expect(result.stdout).toBe(`deny (rule-deny): denied by rule fixture_read(.env) in ${rc}\n  rule: fixture_read(.env)\n  from: ${rc}\n`)
  })

  test.each<[string, string[], string]>([
    ['bad JSON in --args', ['fixture_read', '--args', '{"path":'], 'not valid JSON'],
    ['--args that break the schema', ['fixture_read', '--args', '{"path": 3}'], 'path: '],
    ['an unknown tool', ['no_such_tool'], 'no tool named "no_such_tool"'],
  ])('%s exits 2 with one line', async (_name, args, phrase) => {
    const result = await sandbox.run(['policy', 'explain', ...args])
    expect(result.code).toBe(2)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).toContain(phrase)
  })
})

describe('trust', () => {
  const trustedYaml = 'permissions:\n  allow: ["fixture_shell(npm test*)"]\n'

  test('project allow rules apply only once trusted, and an edited file is untrusted again', async () => {
    await project(trustedYaml)
    const before = await explain('fixture_shell', {command: 'npm test'})
    expect(before.json?.decision).toBe('ask')
    expect(before.stderr.trim().split('\n')).toEqual([
      `lillycoder: warning: ignoring the allow rules of ${rc}: not trusted yet (review it, then run \`lillycoder policy trust\`)`,
    ])

    const trusted = await sandbox.run(['policy', 'trust'])
    expect(trusted.code).toBe(0)
    expect(trusted.stdout).toContain(`trusted ${rc}`)
    const after = await explain('fixture_shell', {command: 'npm test'})
    expect(after.json).toMatchObject({decision: 'allow', code: 'rule-allow', rule: 'fixture_shell(npm test*)', source: rc})
    expect(after.stderr).toBe('')

    await project(`${trustedYaml}  # edited\n`)
    expect((await explain('fixture_shell', {command: 'npm test'})).json?.decision).toBe('ask')
  })

  test('untrust takes the allow rules away again', async () => {
    await project(trustedYaml)
    await sandbox.run(['policy', 'trust', rc])
    expect((await explain('fixture_shell', {command: 'npm test'})).json?.decision).toBe('allow')
    const result = await sandbox.run(['policy', 'untrust'])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(`untrusted ${rc}`)
    expect((await explain('fixture_shell', {command: 'npm test'})).json?.decision).toBe('ask')
  })

  test("the user's own allow rules need no trust", async () => {
    const userDir = path.join(await realpath(sandbox.home), '.config', 'lillycoder')
    await mkdir(userDir, {recursive: true})
    await writeFile(path.join(userDir, 'config.yaml'), trustedYaml)
    const result = await explain('fixture_shell', {command: 'npm test'})
    expect(result.json).toMatchObject({decision: 'allow', source: path.join(userDir, 'config.yaml')})
    expect(result.stderr).toBe('')
  })

  test('trust with no project file says where it looked, exit 2', async () => {
    const result = await sandbox.run(['policy', 'trust'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`no project config file found in ${workspace}`)
  })
})

describe('policy show', () => {
  test('lists files and rules with their trust state', async () => {
    await project('permissions:\n  deny: ["fixture_shell(git push*)"]\n  allow: ["fixture_shell(npm test*)"]\n')
    const result = await sandbox.run(['policy', 'show', '--json'])
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toEqual({
      files: [{path: rc, origin: 'project', trusted: false}],
      rules: [
        {action: 'deny', rule: 'fixture_shell(git push*)', source: rc, origin: 'project', active: true},
        {action: 'allow', rule: 'fixture_shell(npm test*)', source: rc, origin: 'project', active: false},
      ],
      readOnlyCommands: {value: 'allow'},
    })
  })

  test('shows whether bash commands proven read-only ask, and a project allow it ignores', async () => {
    const userDir = path.join(sandbox.env.XDG_CONFIG_HOME ?? '', 'lillycoder')
    await mkdir(userDir, {recursive: true})
    await writeFile(path.join(userDir, 'config.yaml'), 'permissions:\n  readOnlyCommands: ask\n')
    await project('permissions:\n  readOnlyCommands: allow\n')
    const result = await sandbox.run(['policy', 'show'])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('Bash commands proven read-only: ask first (permissions.readOnlyCommands: ask)\n')
    expect(result.stdout).toContain(`  ignored: readOnlyCommands: allow in ${rc} (not trusted; run \`lillycoder policy trust\`)\n`)
  })

  test('a rule naming no installed tool is warned about, with its file', async () => {
    await project('permissions:\n  deny: ["fixture_shel(rm*)"]\n')
    const result = await sandbox.run(['policy', 'show'])
    expect(result.code).toBe(0)
    expect(result.stderr).toContain(`${rc}: rule "fixture_shel(rm*)" names no known tool "fixture_shel"`)
    expect(result.stderr).toContain('did you mean fixture_shell?')
  })
})

describe('config files', () => {
  test.each<[string, string, string]>([
    ['a wrong type', 'permissions:\n  deny: "fixture_shell(git push*)"\n', 'permissions.deny: must be a list of rules'],
    ['bad YAML', 'permissions: [\n', 'invalid YAML'],
    ['a bad rule', 'permissions:\n  ask: ["fixture_shell(npm publish*"]\n', 'permissions.ask[0]: rule "fixture_shell(npm publish*"'],
  ])('%s: exit 2 with one line naming the file and key', async (_name, yaml, phrase) => {
    await project(yaml)
    const result = await sandbox.run(['policy', 'explain', 'fixture_read', '--args', '{"path": "a"}'])
    expect(result.code).toBe(2)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).toContain(`lillycoder: ${rc}: `)
    expect(result.stderr).toContain(phrase)
  })

  test('a JS config is never run, and says it was ignored', async () => {
    const marker = path.join(sandbox.home, 'code-ran')
    await writeFile(path.join(sandbox.workspace, 'lillycoder.config.js'), `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'x')\nmodule.exports = {}\n`)
    await mkdir(path.join(sandbox.workspace, '.config'))
    await writeFile(path.join(sandbox.workspace, '.config', 'config.js'), `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'x')\n`)
    const result = await sandbox.run(['policy', 'show'])
    expect(result.code).toBe(0)
    await expect(access(marker)).rejects.toThrow()
    expect(result.stderr).toContain(`${path.join(workspace, 'lillycoder.config.js')}: ignored: lillycoder never runs code from config files`)
  })
})

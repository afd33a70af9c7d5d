/**
 * `npm run package:deb` (scripts/package-deb.sh): builds the .deb, reads its control fields and file list with
 * dpkg-deb, extracts it into a temp root (never the machine's own) and runs the lillycoder found there.
 * Needs dpkg-deb (Debian's dpkg), the built dist/ (`npm test` builds first) and the npm registry or a warm cache.
 */
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {mkdir, mkdtemp, readFile, readlink, rm, symlink} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import {BUILTIN_TOOLS, expectSuccess, hasStackTrace, installedCliEnv, REPO, runProgram, VERSION, type CommandResult} from './packaging-support.js'

const SCRIPT = path.join(REPO, 'scripts/package-deb.sh')
const APP = './usr/lib/lillycoder'

let scratch: string
let deb: string
let fields: Map<string, string>
let entries: Array<{mode: string; owner: string; path: string; target?: string}>
let extracted: string

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'lilly-deb-'))
  // --no-build: other test files run the same dist/ at the same time; `npm test` has just built it.
  const built = expectSuccess('package-deb.sh', await runProgram('bash', [SCRIPT, '--out', scratch, '--no-build'], {cwd: REPO, timeoutMs: 300_000}))
  deb = built.stdout.trim()
  const info = expectSuccess('dpkg-deb --field', await runProgram('dpkg-deb', ['--field', deb], {cwd: scratch}))
  fields = parseControl(info.stdout)
  const contents = expectSuccess('dpkg-deb --contents', await runProgram('dpkg-deb', ['--contents', deb], {cwd: scratch}))
  entries = contents.stdout.trim().split('\n').map(parseContentsLine)
  extracted = path.join(scratch, 'root')
  expectSuccess('dpkg-deb -x', await runProgram('dpkg-deb', ['-x', deb, extracted], {cwd: scratch}))
}, 360_000)

afterAll(async () => {
  if (scratch) await rm(scratch, {recursive: true, force: true})
})

/** `Field: value` lines, continuation lines (starting with a space) joined to their field. */
function parseControl(text: string): Map<string, string> {
  const result = new Map<string, string>()
  let last = ''
  for (const line of text.split('\n')) {
    if (line.startsWith(' ')) result.set(last, `${result.get(last)}\n${line.slice(1)}`)
    else if (line.includes(':')) {
      last = line.slice(0, line.indexOf(':'))
      result.set(last, line.slice(line.indexOf(':') + 1).trim())
    }
  }
  return result
}

/** `-rwxr-xr-x root/root 2367 2026-12-07 21:45 ./usr/lib/lillycoder/bin/run.js` (symlinks end in `-> target`). */
function parseContentsLine(line: string) {
  const [mode = '', owner = '', , , , ...rest] = line.split(/\s+/)
  const [entryPath = '', target] = rest.join(' ').split(' -> ')
  return {mode, owner, path: entryPath.replace(/\/$/, ''), target}
}

describe('the .deb built by npm run package:deb', () => {
  test('is named lillycoder_<version>_all.deb', () => {
    expect(path.basename(deb)).toBe(`lillycoder_${VERSION}_all.deb`)
  })

  test.each<[string, RegExp]>([
    ['Package', /^lillycoder$/],
    ['Version', new RegExp(`^${VERSION.replaceAll('.', '\\.')}$`)],
    ['Architecture', /^all$/],
    ['Depends', /^nodejs \(>= 20(\.\d+)?\)$/],
    ['Maintainer', /^[^<>]+ <[^<>@\s]+@[^<>@\s]+>$/],
    ['Homepage', /^https:\/\/\S+$/],
    ['Description', /^\S.{0,79}\n(.+\n)*.+/],
    ['Installed-Size', /^\d+$/],
  ])('control field %s matches %s', (name, pattern) => {
    expect(fields.get(name)).toMatch(pattern)
  })

  test.each([
    `${APP}/bin/run.js`,
    `${APP}/bin/check-node.js`,
    `${APP}/package.json`,
    `${APP}/oclif.manifest.json`,
    `${APP}/dist/index.js`,
    `${APP}/dist/plugins/builtin-tools/hook.js`,
    `${APP}/personas/lilly.md`,
    `${APP}/node_modules/@oclif/core/package.json`,
    `${APP}/node_modules/tree-sitter-bash/tree-sitter-bash.wasm`,
    './usr/share/doc/lillycoder/copyright',
  ])('holds %s', (file) => {
    expect(entries.map((entry) => entry.path)).toContain(file)
  })

  test.each(['src', 'test', 'bench', 'scripts', 'node_modules/jest', 'node_modules/typescript', 'node_modules/@swc', 'node_modules/oclif'])('holds nothing under the app\'s %s', (folder) => {
    expect(entries.filter((entry) => entry.path.startsWith(`${APP}/${folder}/`) || entry.path === `${APP}/${folder}`).map((entry) => entry.path)).toEqual([])
  })

  test('/usr/bin/lillycoder links to the app\'s executable bin/run.js', () => {
    const link = entries.find((entry) => entry.path === './usr/bin/lillycoder')
    expect(link?.mode.startsWith('l')).toBe(true)
    expect(path.posix.normalize(path.posix.join('/usr/bin', link?.target ?? ''))).toBe('/usr/lib/lillycoder/bin/run.js')
    expect(entries.find((entry) => entry.path === `${APP}/bin/run.js`)?.mode).toBe('-rwxr-xr-x')
  })

  test('every file belongs to root', () => {
    expect(entries.filter((entry) => entry.owner !== 'root/root')).toEqual([])
  })

  test('the copyright file carries the MIT license text of LICENSE', async () => {
    const copyright = await readFile(path.join(extracted, 'usr/share/doc/lillycoder/copyright'), 'utf8')
    expect(copyright).toMatch(/^License: Expat$/m)
    const license = await readFile(path.join(REPO, 'LICENSE'), 'utf8')
    for (const line of license.split('\n').filter((text) => text.trim() !== '')) expect(copyright).toContain(` ${line}\n`)
  })

  test('extracted into a temp root, its lillycoder --version names this version', async () => {
    expect(await readlink(path.join(extracted, 'usr/bin/lillycoder'))).toBe('../lib/lillycoder/bin/run.js')
    const {code, stdout} = await runExtracted(['--version'])
    expect(code).toBe(0)
    expect(stdout).toMatch(new RegExp(`^lillycoder/${VERSION.replaceAll('.', '\\.')} `))
  })

  test('extracted, its lillycoder lists every builtin tool', async () => {
    const {code, stdout} = await runExtracted(['tools', 'list', '--json'])
    expect(code).toBe(0)
    expect((JSON.parse(stdout) as Array<{name: string}>).map((tool) => tool.name).sort()).toEqual([...BUILTIN_TOOLS].sort())
  })
})

describe('package-deb.sh refuses bad input with one line', () => {
  test.each([
    ['an unknown argument', ['--bogus'], 2, /unknown argument '--bogus'/],
    ['--out without a directory', ['--out'], 2, /--out needs a directory/],
  ])('%s', async (_what, args, exitCode, message) => {
    const {code, stderr} = await runProgram('bash', [SCRIPT, ...args], {cwd: REPO})
    expect(code).toBe(exitCode)
    expect(stderr).toMatch(message)
    expect(stderr.trim().split('\n')).toHaveLength(1)
  })

  test('without dpkg-deb on PATH it names the package to install', async () => {
    // A PATH holding only what the script needs before its check, so the machine's dpkg-deb is out of sight.
    const bin = path.join(scratch, 'bin-without-dpkg')
    await mkdir(bin)
    for (const tool of ['dirname', 'node']) await symlink(tool === 'node' ? process.execPath : '/usr/bin/dirname', path.join(bin, tool))
    const {code, stderr} = await runProgram('/bin/bash', [SCRIPT, '--out', scratch], {cwd: REPO, env: {PATH: bin}})
    expect(code).toBe(1)
    expect(stderr.trim()).toBe('package-deb: dpkg-deb not found: it comes with Debian\'s dpkg (apt-get install dpkg-dev)')
  })
})

function runExtracted(args: string[]): Promise<CommandResult> {
  const home = path.join(scratch, 'home')
  return runProgram(path.join(extracted, 'usr/bin/lillycoder'), args, {cwd: scratch, env: installedCliEnv(home, path.join(extracted, 'usr/bin')), timeoutMs: 60_000}).then((result) => {
    if (hasStackTrace(result.stderr)) throw new Error(`the extracted lillycoder printed a stack trace:\n${result.stderr}`)
    return result
  })
}


import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

/** Files of the search fixture: workspace-relative path → content. */
export const FIXTURE: Record<string, string | Uint8Array> = {
  '.git/HEAD': 'ref: refs/heads/main\n',
  '.git/config': 'needle inside .git\n',
  '.git/info/exclude': 'excluded-by-info.txt\n',
  '.gitignore': 'node_modules/\n*.log\n!keep.log\nbuild/\n/dist\n',
  '.ignore': 'ignored-by-dot-ignore.txt\n',
  '.github/workflows/ci.yml': 'run: echo needle in ci\n',
  '.hidden-file': 'needle hidden\n',
  'README.md': 'A needle in the readme\nNEEDLE in capitals\n',
  'app.log': 'needle in an ignored log\n',
  'keep.log': 'needle in a kept log\n',
  'excluded-by-info.txt': 'needle excluded by .git/info/exclude\n',
  'ignored-by-dot-ignore.txt': 'needle ignored by .ignore\n',
  'node_modules/pkg/index.js': 'needle in a dependency\n',
  'dist/out.js': 'needle in root dist\n',
  'a-b.txt': 'needle dash\n',
  'a/b.txt': 'needle slash\n',
  'src/.gitignore': 'generated/\n*.tmp\n!important.tmp\n/local.ts\n',
  'src/app.ts': 'const needle = 1\nfunction find(needle: string) {\n  return needle\n}\n',
  'src/build.ts': 'needle: build/ only ignores directories\n',
  'src/build/out.ts': 'needle in a build directory\n',
  'src/dist/real.ts': 'needle: /dist is anchored to the root\n',
  'src/generated/gen.ts': 'needle generated\n',
  'src/x.tmp': 'needle tmp\n',
  'src/important.tmp': 'needle important tmp\n',
  'src/local.ts': 'needle local, anchored in src/.gitignore\n',
  'src/lib/local.ts': 'needle lib local\n',
  'src/lib/util.ts': "export const needle = 'x'\n",
  'binary.bin': Buffer.from('needle\0\x01\x02needle\n', 'latin1'),
  'long.txt': `${'x'.repeat(2000)}needle${'y'.repeat(1000)}\n`,
  'crlf.txt': 'needle crlf;\r\nend\r\n',
  'unicode/ümlaut.txt': 'needle ü\n',
}

export interface SearchFixture {
  root: string
  at(relative: string): string
  write(relative: string, content: string | Uint8Array): Promise<void>
  remove(): Promise<void>
}

/** A real temp workspace holding FIXTURE (or the files given). */
export async function makeSearchFixture(files: Record<string, string | Uint8Array> = FIXTURE): Promise<SearchFixture> {
  const root = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'lilly-search-')))
  const fixture: SearchFixture = {
    root,
    at: (relative) => path.join(root, relative),
    async write(relative, content) {
      await fs.mkdir(path.dirname(path.join(root, relative)), {recursive: true})
      await fs.writeFile(path.join(root, relative), content)
    },
    remove: () => fs.rm(root, {recursive: true, force: true}),
  }
  for (const [relative, content] of Object.entries(files)) await fixture.write(relative, content)
  return fixture
}

/** Files of FIXTURE that a search must see: everything not ignored, not binary, outside .git. */
export const VISIBLE_FILES = [
  '.github/workflows/ci.yml',
  '.gitignore',
  '.hidden-file',
  '.ignore',
  'README.md',
  'a/b.txt',
  'a-b.txt',
  'binary.bin',
  'crlf.txt',
  'keep.log',
  'long.txt',
  'src/.gitignore',
  'src/app.ts',
  'src/build.ts',
  'src/dist/real.ts',
  'src/important.tmp',
  'src/lib/local.ts',
  'src/lib/util.ts',
  'unicode/ümlaut.txt',
]

export type SearchEngine = 'ripgrep' | 'javascript'

/** The installed rg; the parity tests are the point of their files, so without rg they must fail, not pass quietly. */
export async function installedRipgrep(): Promise<string> {
  const {findRipgrep} = await import('../../src/runtime/search/ripgrep-binary.js')
  const found = await findRipgrep({PATH: process.env.PATH})
  if (!found) throw new Error('rg is not on PATH; install ripgrep to run the search tests')
  return found
}

/**
 * An executable `rg` stand-in in a temp directory that runs `script` (sh), for ripgrep failing in
 * ways the real one rarely does (crashing mid-way, printing half a message). `program` (Node, its
 * arguments in process.argv) replaces the script when given. Returns its path.
 */
export async function fakeRipgrep(script: string, program?: string): Promise<{path: string; remove(): Promise<void>}> {
  const directory = await fs.mkdtemp(path.join(os.tmpdir(), 'lilly-fake-rg-'))
  const file = path.join(directory, 'rg')
  if (program !== undefined) await fs.writeFile(path.join(directory, 'rg.cjs'), program)
  const body = program === undefined ? script : `exec '${process.execPath}' '${path.join(directory, 'rg.cjs')}' "$@"`
  await fs.writeFile(file, `#!/bin/sh\n${body}\n`, {mode: 0o755})
  return {path: file, remove: () => fs.rm(directory, {recursive: true, force: true})}
}

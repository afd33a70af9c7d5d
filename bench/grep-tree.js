// The grep benchmark's tree: 20,000 searchable files (one in 64 holds a `needle_N` line) plus gitignored
// directories full of needles that a correct search must skip. Generated once under bench/tmp/, deterministic.
import {existsSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

const VERSION = 'grep-tree v1'
const PACKAGES = 40
const MODULES = 25
const FILES = 20
export const SEARCHABLE_FILES = PACKAGES * MODULES * FILES
const NEEDLE_EVERY = 64
/** Every searchable file whose index is a multiple of NEEDLE_EVERY holds exactly one needle line. */
export const EXPECTED_MATCHES = Math.ceil(SEARCHABLE_FILES / NEEDLE_EVERY)
export const IGNORED_FILES = 100 * 10 + 500 + PACKAGES

export const GREP_TREE = fileURLToPath(new URL('./tmp/grep-tree', import.meta.url))

/** Returns the tree's root, generating it unless a complete tree of this version is already there. */
export function ensureGrepTree(root = GREP_TREE) {
  const marker = path.join(root, '.complete')
  if (existsSync(marker) && readFileSync(marker, 'utf8') === VERSION) return {root, generated: false}
  rmSync(root, {recursive: true, force: true})
  // An empty .git makes the tree its own repository: both engines stop looking for ignore files here.
  mkdirSync(path.join(root, '.git'), {recursive: true})
  writeFileSync(path.join(root, '.gitignore'), 'node_modules/\nbuild/\n*.log\n')
  let index = 0
  for (let p = 0; p < PACKAGES; p++) {
    const pkg = `pkg${pad(p, 2)}`
    for (let m = 0; m < MODULES; m++) {
      const dir = path.join(root, pkg, `mod${pad(m, 2)}`)
      mkdirSync(dir, {recursive: true})
      for (let f = 0; f < FILES; f++, index++) writeFileSync(path.join(dir, `file${pad(f, 2)}.js`), sourceText(index, index % NEEDLE_EVERY === 0))
    }
    writeFileSync(path.join(root, pkg, 'debug.log'), `needle_${p} in a log\n`)
  }
  for (let d = 0; d < 100; d++) {
    const dir = path.join(root, 'node_modules', `dep${pad(d, 3)}`)
    mkdirSync(dir, {recursive: true})
    for (let f = 0; f < 10; f++) writeFileSync(path.join(dir, `index${f}.js`), sourceText(d * 10 + f, true))
  }
  mkdirSync(path.join(root, 'build'))
  for (let f = 0; f < 500; f++) writeFileSync(path.join(root, 'build', `out${pad(f, 3)}.js`), sourceText(f, true))
  writeFileSync(marker, VERSION)
  return {root, generated: true}
}

/** About 1 KB of plausible JavaScript; the needle, when wanted, sits in the middle. */
function sourceText(index, withNeedle) {
  const lines = []
  for (let n = 0; n < 24; n++) {
    if (withNeedle && n === 12) lines.push(`export const marker = 'needle_${index}' // what the benchmark looks for`)
    else lines.push(`function item${(index * 31 + n) % 997}(value) { return value * ${(index * 7 + n) % 101} + ${n} }`)
  }
  return `${lines.join('\n')}\n`
}

function pad(value, width) {
  return String(value).padStart(width, '0')
}

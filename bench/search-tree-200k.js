// The 200,000-file tree of the search-200k benchmark: 20 packages × 100 modules × 100 small files, one in 256
// holding a `needle_N` line. No ignored files, so `find` (which knows no .gitignore) lists the same files as rg.
// Generated into a temp dir for one benchmark run and removed after it (about 800 MB of 4 KiB blocks).
import {mkdirSync, writeFileSync} from 'node:fs'
import path from 'node:path'

const PACKAGES = 20
const MODULES = 100
const FILES = 100
export const TREE_FILES = PACKAGES * MODULES * FILES
const NEEDLE_EVERY = 256
export const TREE_NEEDLES = Math.ceil(TREE_FILES / NEEDLE_EVERY)

/** Writes the tree under `root` (which must not exist yet). */
export function writeSearchTree(root) {
  // An empty .git makes the tree its own repository: no ignore file above it is read by either engine.
  mkdirSync(path.join(root, '.git'), {recursive: true})
  let index = 0
  for (let p = 0; p < PACKAGES; p++) {
    for (let m = 0; m < MODULES; m++) {
      const dir = path.join(root, `pkg${p}`, `mod${m}`)
      mkdirSync(dir, {recursive: true})
      for (let f = 0; f < FILES; f++, index++) writeFileSync(path.join(dir, `file${f}.js`), sourceText(index, index % NEEDLE_EVERY === 0))
    }
  }
  return root
}

/** About 300 bytes of plausible JavaScript; the needle, when wanted, on the middle line. */
function sourceText(index, withNeedle) {
  const lines = []
  for (let n = 0; n < 6; n++) {
    if (withNeedle && n === 3) lines.push(`export const marker = 'needle_${index}'`)
    else lines.push(`function item${(index * 31 + n) % 997}(value) { return value * ${(index * 7 + n) % 101} }`)
  }
  return `${lines.join('\n')}\n`
}

#!/usr/bin/env node
// npm's prepack step: `npm pack` and `npm publish` ship dist/ and oclif.manifest.json, which a fresh clone lacks
// and an edited one may hold stale. Builds when either is missing or older than a source; otherwise does nothing,
// so packing right after `npm run build` (CI, the .deb script) costs no second build.
import {spawnSync} from 'node:child_process'
import {existsSync, readdirSync, statSync} from 'node:fs'
import path from 'node:path'
import process from 'node:process'
import {fileURLToPath} from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const built = ['dist/index.js', 'oclif.manifest.json'].map((file) => path.join(root, file))
const sources = [path.join(root, 'src'), path.join(root, 'package.json'), path.join(root, 'tsconfig.json'), path.join(root, 'tsconfig.build.json')]

const reason = staleReason()
if (reason) {
  process.stderr.write(`prepack: ${reason}; running npm run build\n`)
  // The build's own output goes to stderr: `npm pack --json` owns stdout.
  const build = spawnSync('npm', ['run', 'build'], {cwd: root, stdio: ['ignore', process.stderr, process.stderr]})
  if (build.status !== 0) {
    process.stderr.write(`prepack: npm run build failed (exit ${build.status ?? build.signal}); nothing was packed\n`)
    process.exit(1)
  }
}

/** Why the build must run, or undefined when dist/ and the manifest are newer than every source. */
function staleReason() {
  const missing = built.find((file) => !existsSync(file))
  if (missing) return `${path.relative(root, missing)} is missing`
  // The manifest is written last by `npm run build`, so the oldest of the two marks the build's time.
  const builtAt = Math.min(...built.map((file) => statSync(file).mtimeMs))
  const newer = sources.flatMap(filesUnder).find((file) => statSync(file).mtimeMs > builtAt)
  return newer ? `${path.relative(root, newer)} changed after the last build` : undefined
}

function filesUnder(entry) {
  if (!statSync(entry).isDirectory()) return [entry]
  return readdirSync(entry, {withFileTypes: true}).flatMap((child) => filesUnder(path.join(entry, child.name)))
}

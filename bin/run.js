#!/usr/bin/env node
import {readFileSync} from 'node:fs'

import {nodeVersionProblem} from './check-node.js'

// Checked before anything else is imported, and without top-level await, so an old Node gets one
// clear line instead of a syntax error.
const problem = nodeVersionProblem(process.version)
const args = process.argv.slice(2)
if (problem) {
  process.stderr.write(`${problem}\n`)
  process.exitCode = 1
} else if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  // Scripts and bug reports ask for this; it needs none of oclif (≈ 200 ms to load). Same format as oclif's.
  const {name, version} = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  process.stdout.write(`${name}/${version} ${process.platform}-${process.arch} node-${process.version}\n`)
} else if (args[0] === 'tools' && (args[1] === 'list' || args[1] === 'show')) {
  // Answered from the tool-list cache when it is valid for the plugins on disk (≈ 10× faster than loading oclif,
  // zod and every plugin); any doubt, or no dist/ to load the cache reader from, and oclif runs the command.
  import('../dist/cli/tools-fast-path.js').then(
    ({answerToolsFromCache}) => {
      let answered = false
      try {
        answered = answerToolsFromCache(args)
      } catch {
        // Only a shortcut (a cwd gone, an odd file): the command itself, run the normal way, reports real problems.
      }
      return answered || runWithOclif()
    },
    () => runWithOclif(),
  )
} else {
  runWithOclif()
}

function runWithOclif() {
  // oclif's execute() reports its own failures; what is caught here is the code not being there to run
  // (no dist/ in a fresh clone, a broken build): one line, not an unhandled rejection with a stack.
  return Promise.all([import('@oclif/core'), import('../dist/cli/default-command.js')]).then(
    ([{execute, settings}, {withDefaultCommand}]) => {
      settings.enableAutoTranspile = false
      return execute({dir: import.meta.url, args: withDefaultCommand(args)})
    },
    (error) => {
      const reason = String(error?.message ?? error).split('\n')[0]
      process.stderr.write(`lillycoder: cannot load its code (${reason}) — run npm run build\n`)
      if (process.env.LILLYCODER_DEBUG && error?.stack) process.stderr.write(`${error.stack}\n`)
      process.exitCode = 1
    },
  )
}

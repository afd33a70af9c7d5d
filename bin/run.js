#!/usr/bin/env node
import {nodeVersionProblem} from './check-node.js'

// Checked before anything else is imported, and without top-level await, so an old Node gets one
// clear line instead of a syntax error.
const problem = nodeVersionProblem(process.version)
if (problem) {
  process.stderr.write(`${problem}\n`)
  process.exit(1)
}

Promise.all([import('@oclif/core'), import('../dist/cli/default-command.js')]).then(([{execute, settings}, {withDefaultCommand}]) => {
  settings.enableAutoTranspile = false
  return execute({dir: import.meta.url, args: withDefaultCommand(process.argv.slice(2))})
})

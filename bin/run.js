#!/usr/bin/env node
// Checked before anything is imported, so an old Node gets one clear line instead of a syntax error.
const [major, minor] = process.versions.node.split('.').map(Number)
if (major < 20 || (major === 20 && minor < 19)) {
  process.stderr.write(`lillycoder needs Node.js 20.19 or newer; this is ${process.version}. Install a current Node (20, 22 or 24).\n`)
  process.exit(1)
}

const {execute, settings} = await import('@oclif/core')
const {withDefaultCommand} = await import('../dist/cli/default-command.js')
settings.enableAutoTranspile = false
await execute({dir: import.meta.url, args: withDefaultCommand(process.argv.slice(2))})

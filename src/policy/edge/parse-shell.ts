import type {Parser} from 'web-tree-sitter'
import type {inlineScripts as findInlineScripts} from '../shell-classify/inline-scripts.js'
import {tokenizeCommands} from '../shell-parse/fallback-tokens.js'
import {loadBashParser} from './load-bash-parser.js'
import type {ParsedCommand} from '../shell-parse/parsed-command.js'
import {commandsOfTree} from '../shell-parse/shell-tree-walk.js'

/** Scripts inside scripts are parsed again up to this depth; deeper ones are left to the classifier as suspicious. */
const MAX_NESTING = 6

interface ShellParser {
  parser: Parser
  inlineScripts: typeof findInlineScripts
}

let loading: Promise<ShellParser> | undefined

/**
 * Parses a bash command line into its simple commands, including those inside `bash -c` strings,
 * `eval` and the like. Loads the tree-sitter bash grammar (WASM) on first use only.
 */
export async function parseShell(command: string): Promise<ParsedCommand> {
  loading ??= loadShellParser()
  const shell = await loading.catch((error: unknown) => {
    loading = undefined
    throw error
  })
  return parseWith(shell, command, 0)
}

async function loadShellParser(): Promise<ShellParser> {
  // The script finder shares most of classify-command's modules, and callers import that module beside this one:
  // Jest's VM modules fail to link two concurrent import()s that share modules with imports (jestjs/jest#11434).
  const {inlineScripts} = await import('../shell-classify/inline-scripts.js')
  return {parser: await loadBashParser(), inlineScripts}
}

/**
 * Every simple command of a parse, nested scripts included: what allow rules must all match. Bare
 * assignments (`x=1`) are left out (the commands of a `$(…)` in them are listed on their own); a
 * parse with errors should not be allowed by rule at all, so its fallback tokens are not listed.
 */
export function simpleCommands(parsed: ParsedCommand): Array<{text: string; argv: string[]; dynamic: boolean; depth: number}> {
  // An unrolled loop body appears once per value: list it once.
  const seen = new Set<string>()
  const distinct = parsed.commands.filter((command) => {
    const key = `${command.scope}\0${command.text}`
    if (seen.has(key) || (command.argv.length === 0 && command.redirects.length === 0)) return false
    seen.add(key)
    return true
  })
  return distinct.flatMap((command) => [
    {
      text: command.text,
      argv: command.argv.map((word) => word.text),
      dynamic: command.argv.some((word) => word.dynamic),
      depth: parsed.depth,
    },
    ...command.nested.flatMap((nested) => simpleCommands(nested.parsed)),
  ])
}

function parseWith(shell: ShellParser, source: string, depth: number): ParsedCommand {
  const tree = shell.parser.parse(source)
  if (!tree) throw new Error(`tree-sitter returned no tree for: ${source.slice(0, 80)}`)
  try {
    const {commands, functions, truncated} = commandsOfTree(tree.rootNode)
    const hasErrors = tree.rootNode.hasError || truncated
    const parsed: ParsedCommand = {source, commands, functions, hasErrors, depth}
    if (hasErrors) parsed.fallback = tokenizeCommands(source)
    if (depth < MAX_NESTING) {
      for (const {command, script} of shell.inlineScripts(parsed)) {
        if (!command.nested.some((nested) => nested.script === script))
          command.nested.push({script, parsed: parseWith(shell, script, depth + 1)})
      }
    }
    return parsed
  } finally {
    tree.delete()
  }
}

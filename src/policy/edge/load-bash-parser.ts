import {createRequire} from 'node:module'
import type {Parser} from 'web-tree-sitter'

/** Loads web-tree-sitter and the tree-sitter-bash grammar (WASM). Only ever reached through a dynamic path. */
export async function loadBashParser(): Promise<Parser> {
  // web-tree-sitter is heavy (a WASM runtime); only a bash call pays for it.
  const {Parser: TreeSitter, Language} = await import('web-tree-sitter')
  const require = createRequire(import.meta.url)
  let grammarPath: string
  try {
    grammarPath = require.resolve('tree-sitter-bash/tree-sitter-bash.wasm')
  } catch (error) {
    throw new Error(
      'cannot find tree-sitter-bash.wasm: the shell classifier needs the tree-sitter-bash package; reinstall lillycoder\'s dependencies',
      {cause: error},
    )
  }
  await TreeSitter.init()
  const language = await Language.load(grammarPath)
  const parser = new TreeSitter()
  parser.setLanguage(language)
  return parser
}

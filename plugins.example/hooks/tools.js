// lillycoder calls this hook on every plugin and gives the model whatever declarations it returns.
import appendChangelog from '../tools/append-changelog.js'
import countLines from '../tools/count-lines.js'

/** @type {() => Promise<Array<import('lillycoder').ToolDeclaration>>} */
export default async function registerTools() {
  return [countLines, appendChangelog]
}

import {countLines} from '../../../runtime/files/line-endings.js'
import {formatSize} from '../../../runtime/text/format-size.js'
import type {Colors} from '../colors.js'
import type {UnitRenderer} from '../markdown-terminal.js'

/** How much of a new file the gate shows; the rest is counted. */
export const NEW_FILE_SHOWN_LINES = 20

// File extensions the highlighter knows by these names. Others stay plain: asked for an unknown language it prints a
// warning of its own, and guessing colours random text.
const LANGUAGES: Readonly<Record<string, string>> = {
  ts: 'typescript', tsx: 'typescript', mts: 'typescript', cts: 'typescript', js: 'javascript', jsx: 'javascript', mjs: 'javascript',
  cjs: 'javascript', json: 'json', py: 'python', rb: 'ruby', go: 'go', rs: 'rust', java: 'java', kt: 'kotlin', c: 'c', h: 'c',
  cc: 'cpp', cpp: 'cpp', hpp: 'cpp', cs: 'csharp', php: 'php', sh: 'bash', bash: 'bash', zsh: 'bash', yaml: 'yaml', yml: 'yaml',
  toml: 'ini', ini: 'ini', md: 'markdown', html: 'xml', xml: 'xml', svg: 'xml', css: 'css', scss: 'scss', sql: 'sql', swift: 'swift',
  lua: 'lua', pl: 'perl', r: 'r', dockerfile: 'dockerfile', makefile: 'makefile',
}

/** `new file, 11 lines, 342 B`. */
export function describeNewFile(content: string): string {
  const lines = countLines(content)
  return `new file, ${lines} ${lines === 1 ? 'line' : 'lines'}, ${formatSize(Buffer.byteLength(content, 'utf8'))}`
}

/** The language a path's name says, as the highlighter names it; undefined when it is not one it knows. */
export function languageOf(path: string): string | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase()
  const extension = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : name
  return Object.hasOwn(LANGUAGES, extension) ? LANGUAGES[extension] : undefined
}

/**
 * The first lines of a new file as the gate shows them: highlighted through the reply renderer's code blocks when
 * there is one and the language is known, dim otherwise; the lines left out are counted.
 */
export function newFileLines(content: string, path: string, colors: Colors, highlight?: UnitRenderer): string[] {
  const all = content.replace(/\n$/, '').split('\n')
  const shown = all.slice(0, NEW_FILE_SHOWN_LINES)
  const language = languageOf(path)
  const body = highlight && language ? highlighted(shown, language, highlight) : shown.map((line) => colors.dim(line))
  const rest = all.length - shown.length
  return [...body, ...(rest > 0 ? [colors.dim(`… ${rest} more ${rest === 1 ? 'line' : 'lines'} not shown`)] : [])]
}

function highlighted(lines: string[], language: string, highlight: UnitRenderer): string[] {
  // A fence longer than any run of backticks inside, so the content cannot close it.
  const fence = '`'.repeat(Math.max(3, ...lines.map((line) => (line.match(/`+/g) ?? []).reduce((most, run) => Math.max(most, run.length + 1), 0))))
  const rendered = highlight({kind: 'fence', text: `${fence}${language}\n${lines.join('\n')}\n${fence}`}).split('\n')
  // The code renderer indents by its tab (two spaces) and may add blank lines around; keep one line per source line.
  const code = rendered.map((line) => line.replace(/^ {2}/, ''))
  return code.length >= lines.length ? code.slice(0, lines.length) : lines
}

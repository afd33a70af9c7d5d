import {readFile, stat} from 'node:fs/promises'
import path from 'node:path'

import {errorCode} from '../files/file-system-error.js'
import {formatSize} from '../text/format-size.js'

export const INSTRUCTIONS_FILE = 'AGENTS.md'

/** How much of the AGENTS.md files goes into the system prompt unless the config says otherwise. */
export const DEFAULT_INSTRUCTIONS_LIMIT = 8 * 1024

export interface InstructionFile {
  /** Absolute path. */
  file: string
  /** Relative to the workspace, as the prompt names it (`AGENTS.md`, `../AGENTS.md`). */
  shown: string
  text: string
}

export interface ProjectInstructions {
  /** Outermost first, the workspace's own last. */
  files: InstructionFile[]
  /** The prompt section: a heading, then each file under its own; cut to the limit, with the cut said. */
  section: string
  /** Set when the files were longer than the limit: what the person is told once. */
  cut?: {limit: number; total: number}
}

/**
 * The AGENTS.md files that apply to a workspace: its own, and those of its parents up to the git root (the
 * folder with `.git`). Without a git root only the workspace's own counts: a stray ~/AGENTS.md is not a project's.
 */
export async function findInstructionFiles(workspace: string): Promise<string[]> {
  const found: string[] = []
  for (let dir = path.resolve(workspace); ; dir = path.dirname(dir)) {
    if (await isFile(path.join(dir, INSTRUCTIONS_FILE))) found.push(path.join(dir, INSTRUCTIONS_FILE))
    if (await exists(path.join(dir, '.git'))) return found.reverse()
    if (path.dirname(dir) === dir) return found.slice(0, 1).filter((file) => path.dirname(file) === path.resolve(workspace))
  }
}

/** Reads the AGENTS.md files; undefined when there are none (or all are empty). */
export async function loadProjectInstructions(workspace: string, limit = DEFAULT_INSTRUCTIONS_LIMIT): Promise<ProjectInstructions | undefined> {
  const files: InstructionFile[] = []
  for (const file of await findInstructionFiles(workspace)) {
    const text = (await readFile(file, 'utf8')).trim()
    if (text !== '') files.push({file, shown: path.relative(workspace, file) || INSTRUCTIONS_FILE, text})
  }
  return files.length === 0 ? undefined : instructionsSection(files, limit)
}

/** The system prompt section for these files, cut at `limit` bytes of UTF-8 with the cut said where it happened. */
export function instructionsSection(files: InstructionFile[], limit: number): ProjectInstructions {
  const body = files.map(({shown, text}) => `### ${shown}\n${text}`).join('\n\n')
  const total = Buffer.byteLength(body)
  const heading = '## Project instructions (AGENTS.md)\nFollow these; they come from the project, nearest folder last (it wins where they disagree).'
  if (total <= limit) return {files, section: `${heading}\n\n${body}`}
  const kept = cutUtf8(body, limit)
  const note = `[AGENTS.md cut here: the first ${formatSize(limit)} of ${formatSize(total)} are shown; read the files with read_file for the rest]`
  return {files, section: `${heading}\n\n${kept}\n${note}`, cut: {limit, total}}
}

/** The longest prefix of `text` of at most `limit` bytes in UTF-8, never half a character. */
function cutUtf8(text: string, limit: number): string {
  return Buffer.from(text).subarray(0, limit).toString('utf8').replace(/\uFFFD+$/, '')
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile()
  } catch (error) {
    if (isMissing(error)) return false
    throw error
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file)
    return true
  } catch (error) {
    if (isMissing(error)) return false
    throw error
  }
}

function isMissing(error: unknown): boolean {
  const code = errorCode(error)
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EACCES'
}

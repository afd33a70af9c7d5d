import {ToolError} from '../tools/tool-error.js'

/**
 * The `code` of a Node system error (`ENOENT`, `EISDIR`, …), if it has one. Duck-typed: errors
 * made in another realm (a vm context, as under jest) fail `instanceof Error`.
 */
export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined
}

/** Hints that replace the generic one for an error code, e.g. `{ENOENT: 'use write_file to create it'}`. */
export type FileErrorHints = Partial<Record<string, string>>

/**
 * Turns a file-system error about `path` (as the model wrote it) into a ToolError the model can
 * act on. Errors it does not recognise are returned unchanged, so callers can `throw` the result.
 */
export function fileToolError(error: unknown, path: string, hints: FileErrorHints = {}): unknown {
  if (error instanceof ToolError) return error
  const code = errorCode(error)
  const known = code ? describeCode(code, path) : undefined
  if (!code || !known) return error
  return new ToolError({...known, hint: hints[code] ?? known.hint})
}

function describeCode(code: string, path: string): {what: string; why?: string; hint?: string} | undefined {
  switch (code) {
    case 'ENOENT':
      return {what: `${path} does not exist`, hint: 'check the path with list_dir or find_files'}
    case 'EISDIR':
      return {what: `${path} is a directory`, hint: 'give the path of a file inside it'}
    case 'ENOTDIR':
      return {what: `a parent of ${path} is a file, not a directory`, hint: 'check the path with list_dir'}
    case 'EEXIST':
      return {what: `${path} already exists`}
    case 'ENOTEMPTY':
      return {what: `${path} is a directory that is not empty`}
    case 'EACCES':
    case 'EPERM':
      return {what: `permission denied for ${path}`, why: 'the operating system refused access', hint: 'choose another path or ask the user to change the permissions'}
    case 'EROFS':
      return {what: `${path} is on a read-only file system`}
    case 'ENOSPC':
      return {what: `no space left on the device while writing ${path}`, hint: 'ask the user to free disk space'}
    case 'ENAMETOOLONG':
      return {what: `the path ${path} is too long`}
    case 'ELOOP':
      return {what: `${path} is a symlink loop`}
    default:
      return undefined
  }
}

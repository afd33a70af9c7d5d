import {realpath} from 'node:fs/promises'

/** The workspace root: the directory lillycoder started in, symlinks resolved so confinement compares real paths. */
export async function currentWorkspace(): Promise<string> {
  return realpath(process.cwd())
}

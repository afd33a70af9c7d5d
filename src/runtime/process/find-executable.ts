import fs from 'node:fs/promises'
import path from 'node:path'

/** Looked up once per name and PATH value: tools run often, PATH rarely changes. */
const lookups = new Map<string, Promise<string | undefined>>()

/** The first executable file called `name` in `searchPath` (a PATH value), or undefined when there is none. */
export function findExecutable(name: string, searchPath: string = process.env.PATH ?? ''): Promise<string | undefined> {
  const key = `${name}${path.delimiter}${searchPath}`
  let lookup = lookups.get(key)
  if (!lookup) {
    lookup = searchExecutable(name, searchPath)
    lookups.set(key, lookup)
  }
  return lookup
}

async function searchExecutable(name: string, searchPath: string): Promise<string | undefined> {
  for (const directory of searchPath.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(directory, name)
    const stats = await fs.stat(candidate).catch(() => undefined) // most PATH entries do not hold it
    if (!stats?.isFile()) continue
    // Not being executable is the answer here, not a failure to report.
    if (await fs.access(candidate, fs.constants.X_OK).then(() => true, () => false)) return candidate
  }
  return undefined
}

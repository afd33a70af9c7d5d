// Makes `import … from 'lillycoder'` in this plugin resolve to the lillycoder checkout around it, the link
// `npm install --save-dev ../..` (or `npm link lillycoder`) would make, without installing anything else:
// zod and execa resolve from the checkout's node_modules. The root `npm run build` runs it (postbuild).
import {lstat, mkdir, readlink, rm, symlink} from 'node:fs/promises'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

const pluginDir = fileURLToPath(new URL('..', import.meta.url))
const link = path.join(pluginDir, 'node_modules', 'lillycoder')
const target = path.relative(path.dirname(link), path.resolve(pluginDir, '../..'))

const existing = await lstat(link).catch((error) => {
  if (error.code === 'ENOENT') return undefined
  throw error
})
if (existing?.isSymbolicLink() && (await readlink(link)) === target) process.exit(0)
// Something else there (an installed copy, a stale link): this checkout's lillycoder replaces it.
if (existing) await rm(link, {recursive: true, force: true})
await mkdir(path.dirname(link), {recursive: true})
await symlink(target, link, 'dir')

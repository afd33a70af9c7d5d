import {resolveInsideWorkspace} from '../../policy/edge/confine.js'
import type {ToolContext} from '../tools/tool-declaration.js'
import {ToolError} from '../tools/tool-error.js'
import {defaultHome, resolveToolPath} from '../files/workspace-path.js'

/**
 * The context a tool runs in: the workspace root, the call's abort signal, and path resolution
 * with the same `home` the policy engine used, so the tool touches the path the policy checked.
 */
export function createToolContext(workspace: string, signal: AbortSignal, home = defaultHome(), onOutput?: (text: string) => void): ToolContext {
  const resolvePath = (target: string): string => resolveToolPath(workspace, target, home)
  return {
    workspace,
    signal,
    ...(onOutput ? {onOutput} : {}),
    resolvePath,
    async writablePath(target) {
      const file = resolvePath(target)
      // The policy checked at decision time; the person's think-time or a background process may have swapped a symlink since.
      const confinement = await resolveInsideWorkspace(workspace, file, {home})
      if (confinement.inside) return file
      throw new ToolError({
        what: `refusing to change ${target}`,
        why: confinement.reason ?? 'it is outside the workspace',
        hint: 'tools never change files outside the workspace; if a symbolic link on the way changed after the call was allowed, look at it with list_dir',
      })
    },
  }
}

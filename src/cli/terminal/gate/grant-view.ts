import {describeGrant} from '../../../policy/command-grant.js'
import type {Grant} from '../../../policy/types.js'

/** A /permissions line: what the grant covers, and for how long. */
export function grantLine(grant: Grant): string {
  return `${describeGrant(grant)}, this session`
}

/** The /tools note for a tool with grants in force: `granted: always`, `granted: npm test …`, `granted for 2 paths`; '' without. */
export function grantNote(tool: string, grants: readonly Grant[]): string {
  const own = grants.filter((grant) => grant.tool === tool)
  if (own.some((grant) => grant.scope === 'tool')) return 'granted: always'
  const notes: string[] = []
  const commands = own.flatMap((grant) => (grant.scope === 'command' ? [`${(grant.words ?? []).join(' ')} …`] : []))
  if (commands.length > 0) notes.push(`granted: ${commands.join(', ')}`)
  const targets = own.filter((grant) => grant.scope === 'target').length
  if (targets > 0) notes.push(`granted for ${targets} ${targetNoun(tool, targets)}`)
  return notes.join('; ')
}

function targetNoun(tool: string, count: number): string {
  // bash's exact-line grants are command lines; every other tool's target grants are paths or names.
  if (tool === 'bash') return count === 1 ? 'exact command' : 'exact commands'
  return count === 1 ? 'path' : 'paths'
}

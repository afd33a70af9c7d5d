import {errorText} from '../text/error-text.js'
import {describeProblems} from './grep-output.js'
import {type WalkEntry, type WalkOptions, walkWorkspaceInBatches} from './ignore-walker.js'

/** What find_files and list_dir show: the first lines of a walk, how many entries it had, what could not be read. */
export interface WalkListing {
  shown: string[]
  total: number
  problems: string[]
}

/**
 * Walks as `options` say and keeps a line for each of the first `max` entries `line` names (an entry it
 * gives undefined for is left out and not counted); the rest are only counted.
 */
export async function collectWalkListing(
  options: Omit<WalkOptions, 'onUnreadable'>,
  max: number,
  line: (entry: WalkEntry) => string | undefined,
): Promise<WalkListing> {
  const listing: WalkListing = {shown: [], total: 0, problems: []}
  const walk = walkWorkspaceInBatches({...options, onUnreadable: (shown, error) => listing.problems.push(`${shown}: ${errorText(error)}`)})
  for await (const batch of walk) {
    for (const entry of batch) {
      const text = line(entry)
      if (text === undefined) continue
      listing.total++
      if (listing.shown.length < max) listing.shown.push(text)
    }
  }
  return listing
}

export interface ListingWords {
  /** The whole text when the walk found nothing, e.g. `src is empty.` */
  empty: string
  /** What the entries are, for `… 3 more files not shown`. */
  noun: string
  /** How to see the rest, e.g. `narrow the pattern or path`. */
  hint: string
}

/** The listing's lines, then `… N more <noun> not shown; <hint>` and the paths that could not be read. */
export function formatWalkListing(listing: WalkListing, words: ListingWords): string {
  const lines = listing.total === 0 ? [words.empty] : [...listing.shown]
  const hidden = listing.total - listing.shown.length
  if (hidden > 0) lines.push(`… ${hidden} more ${words.noun} not shown; ${words.hint}`)
  if (listing.problems.length > 0) lines.push(describeProblems(listing.problems))
  return lines.join('\n')
}

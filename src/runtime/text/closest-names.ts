/**
 * The candidates `name` was probably meant to be, closest first, for "did you mean …?": a few typos
 * away (fewer for short names, where three edits turn anything into anything), or one name
 * containing the other (`read` → read_file). Case is ignored.
 */
export function closestNames(name: string, candidates: readonly string[]): string[] {
  const wanted = name.toLowerCase()
  const scored = candidates.map((candidate) => {
    const other = candidate.toLowerCase()
    const distance = typoDistance(wanted, other)
    const allowed = Math.min(3, Math.max(1, Math.floor(Math.max(wanted.length, other.length) / 3)))
    const contains = Math.min(wanted.length, other.length) >= 3 && (other.includes(wanted) || wanted.includes(other))
    return {candidate, distance, close: distance <= allowed || contains}
  })
  return scored
    .filter((entry) => entry.close)
    .sort((a, b) => a.distance - b.distance)
    .map((entry) => entry.candidate)
}

/** Edits between two strings: insert, delete, replace, or swap two neighbours (the commonest typo) count one each. */
function typoDistance(a: string, b: string): number {
  // rows[i][j]: distance between the first i characters of a and the first j of b.
  const rows: number[][] = [Array.from({length: b.length + 1}, (_, j) => j)]
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) {
      const above = rows[i - 1]
      let best = Math.min(above[j] + 1, row[j - 1] + 1, above[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2][j - 2] + 1)
      row.push(best)
    }
    rows.push(row)
  }
  return rows[a.length][b.length]
}

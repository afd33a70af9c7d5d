/** A byte count as people read it: `512 B`, `1.5 KB`, `3.2 MB` (powers of 1024). */
export function formatSize(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return unit === 0 ? `${value} B` : `${Number(value.toFixed(1))} ${units[unit]}`
}

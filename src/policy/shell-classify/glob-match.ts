/** Whether a bash glob (`*`, `?`, `[…]`) matches the whole of `name`. */
export function globMatches(pattern: string, name: string): boolean {
  let source = ''
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index] ?? ''
    if (char === '*') source += '.*'
    else if (char === '?') source += '.'
    else if (char === '[') {
      const close = pattern.indexOf(']', index + 2)
      if (close === -1) source += '\\['
      else {
        const body = pattern.slice(index + 1, close).replace(/^[!^]/, '^').replace(/\\/g, '\\\\')
        source += `[${body}]`
        index = close
      }
    } else source += char.replace(/[.+^${}()|\\\]]/g, '\\$&')
  }
  try {
    return new RegExp(`^${source}$`).test(name)
  } catch (error) {
    // A malformed bracket expression: bash would treat it literally, so compare literally.
    void error
    return pattern === name
  }
}

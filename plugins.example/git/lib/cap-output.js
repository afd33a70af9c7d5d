/**
 * @typedef {object} CappedOutput
 * @property {string} text             whole lines, at most maxChars long
 * @property {{shownLines: number, totalLines: number} | undefined} cut  set when lines were left out
 */

/**
 * Keeps the first whole lines of `text` that fit in `maxChars`, so a small model's context is not flooded;
 * the caller says what was cut. A first line longer than the cap is cut inside the line.
 * @param {string} text
 * @param {number} maxChars
 * @returns {CappedOutput}
 */
export function capOutput(text, maxChars) {
  if (text.length <= maxChars) return {text, cut: undefined}
  const lines = text.split('\n')
  let length = 0
  let shownLines = 0
  while (shownLines < lines.length && length + lines[shownLines].length + 1 <= maxChars) {
    length += lines[shownLines].length + 1
    shownLines++
  }
  const shown = shownLines === 0 ? lines[0].slice(0, maxChars) : lines.slice(0, shownLines).join('\n')
  return {text: shown, cut: {shownLines: Math.max(shownLines, 1), totalLines: lines.length}}
}

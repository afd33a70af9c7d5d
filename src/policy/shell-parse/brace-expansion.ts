import type {WordPart} from './parsed-command.js'

const MAX_BRACE_WORDS = 256

interface Piece {
  char?: string
  quoted: boolean
  part?: WordPart
}

/** Bash brace expansion (`/{etc,usr}`, `{1..3}`) over the unquoted literal text of a word. */
export function expandBraces(parts: WordPart[]): WordPart[][] {
  const unquoted = parts.some((part) => part.kind === 'literal' && !part.quoted && part.text.includes('{'))
  if (!unquoted) return [parts]
  const pieces: Piece[] = parts.flatMap((part): Piece[] =>
    part.kind === 'literal' ? [...part.text].map((char) => ({char, quoted: part.quoted})) : [{quoted: true, part}],
  )
  return expandPieces(pieces).slice(0, MAX_BRACE_WORDS).map(piecesToParts)
}

function expandPieces(pieces: Piece[]): Piece[][] {
  const isChar = (piece: Piece | undefined, char: string): boolean => piece?.char === char && !piece.quoted
  for (let open = 0; open < pieces.length; open += 1) {
    if (!isChar(pieces[open], '{')) continue
    let depth = 0
    const commas: number[] = []
    for (let index = open; index < pieces.length; index += 1) {
      if (isChar(pieces[index], '{')) depth += 1
      else if (isChar(pieces[index], '}')) {
        depth -= 1
        if (depth === 0) {
          const alternatives = braceAlternatives(pieces.slice(open + 1, index), commas.map((comma) => comma - open - 1))
          if (!alternatives) break
          const prefix = pieces.slice(0, open)
          const suffix = pieces.slice(index + 1)
          const words: Piece[][] = []
          for (const alternative of alternatives) {
            if (words.length >= MAX_BRACE_WORDS) break
            for (const word of expandPieces([...prefix, ...alternative, ...suffix])) {
              if (words.length >= MAX_BRACE_WORDS) return words
              words.push(word)
            }
          }
          return words
        }
      } else if (depth === 1 && isChar(pieces[index], ',')) commas.push(index)
    }
  }
  return [pieces]
}

function braceAlternatives(inner: Piece[], commas: number[]): Piece[][] | undefined {
  if (commas.length > 0) {
    const bounds = [-1, ...commas, inner.length]
    return bounds.slice(1).map((end, index) => inner.slice((bounds[index] ?? -1) + 1, end))
  }
  const text = inner.every((piece) => piece.char !== undefined) ? inner.map((piece) => piece.char).join('') : ''
  const range = /^(-?\d+|[a-zA-Z])\.\.(-?\d+|[a-zA-Z])$/.exec(text)
  if (!range) return undefined
  const [from, to] = [range[1] ?? '', range[2] ?? '']
  const numeric = /\d/.test(from)
  const start = numeric ? Number(from) : from.charCodeAt(0)
  const end = numeric ? Number(to) : to.charCodeAt(0)
  const step = start <= end ? 1 : -1
  const values: Piece[][] = []
  for (let value = start; step > 0 ? value <= end : value >= end; value += step) {
    const char = numeric ? String(value) : String.fromCharCode(value)
    values.push([...char].map((c) => ({char: c, quoted: true})))
    if (values.length >= MAX_BRACE_WORDS) break
  }
  return values
}

function piecesToParts(pieces: Piece[]): WordPart[] {
  return pieces.map((piece): WordPart =>
    piece.part ?? {kind: 'literal', text: piece.char ?? '', quoted: piece.quoted},
  )
}

// Kept free of modern syntax and imports so that an old Node can still run it and say what is wrong.
export const MINIMUM_NODE = [20, 19]

/** The one line to print when this Node is too old for lillycoder, or null when it is new enough. */
export function nodeVersionProblem(version) {
  const [major, minor] = version.replace(/^v/, '').split('.').map(Number)
  const [minMajor, minMinor] = MINIMUM_NODE
  if (major > minMajor || (major === minMajor && minor >= minMinor)) return null
  return `lillycoder needs Node.js ${minMajor}.${minMinor} or newer; this is ${version}. Install a current Node (20, 22 or 24).`
}

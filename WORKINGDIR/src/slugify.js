/** "Hello, World!" → "hello-world": lower case, words joined by single hyphens. */
export function slugify(title) {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-/, '')
}

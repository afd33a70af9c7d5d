/**
 * What went wrong, as one line for a person or the model: an Error's message, or whatever else was
 * thrown, as text. Duck-typed like errorCode: errors made in another realm (a vm context, as under
 * jest) fail `instanceof Error` and would otherwise read "Error: …".
 */
export function errorText(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string') return error.message
  return String(error)
}

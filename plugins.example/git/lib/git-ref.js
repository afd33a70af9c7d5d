import {z} from 'zod'

/**
 * A commit, branch or range as the model names it. Never an option: a ref starting with `-` could turn into
 * `--output=file` (a write from a read-only tool), so it is refused here and also passed after --end-of-options.
 */
export const gitRef = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^-\s][^\s]*$/, 'a commit, branch or range such as HEAD~1 or main..feature, without spaces or a leading "-"')

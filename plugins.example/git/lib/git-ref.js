import {z} from 'zod'

/**
 * A commit, branch or range as the model names it. Never an option: a ref starting with `-` could turn into
 * `--output=file` (a write from a read-only tool), so it is refused here and also passed after --end-of-options.
 */
// A refinement, not .regex(): the check costs no tokens in the schema every request carries.
export const gitRef = z
  .string()
  .refine((ref) => /^[^-\s][^\s]*$/.test(ref) && ref.length <= 200, 'a commit, branch or range such as HEAD~1 or main..feature, without spaces or a leading "-"')

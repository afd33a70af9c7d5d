import type {Hook} from '@oclif/core'

import '../../runtime/tools/load-tools.js'
import {builtinTools} from './index.js'

/** The builtin tools reach the runtime the same way a third-party plugin's do: through this hook. */
const registerBuiltinTools: Hook<'tools:register'> = async () => builtinTools

export default registerBuiltinTools

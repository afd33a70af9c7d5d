import type {Hook} from '@oclif/core'

import '../../runtime/tools/load-tools.js'
import {createPersonaTools} from './index.js'

/** The persona tools reach the runtime like any plugin's: through this hook; the session connects them to itself. */
const registerPersonaTools: Hook<'tools:register'> = async () => createPersonaTools()

export default registerPersonaTools

import type {ToolDeclaration} from '../../runtime/tool-declaration.js'

/** Every builtin tool, in the order the model sees them. */
export const builtinTools: ToolDeclaration[] = []

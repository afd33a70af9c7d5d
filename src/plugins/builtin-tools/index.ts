import type {ToolDeclaration} from '../../runtime/tool-declaration.js'
import bash from './bash.js'
import deleteFile from './delete-file.js'
import editFile from './edit-file.js'
import installPackage from './install-package.js'
import moveFile from './move-file.js'
import readFile from './read-file.js'
import writeFile from './write-file.js'

/** Every builtin tool, in the order the model sees them. */
export const builtinTools: ToolDeclaration[] = [readFile, writeFile, editFile, moveFile, deleteFile, bash, installPackage]

// The public API for tool plugins: `import {defineTool, ToolError} from 'lillycoder'`.
export {defineTool} from './runtime/tools/tool-declaration.js'
export type {Preview, Target, ToolContext, ToolDeclaration, ToolResult} from './runtime/tools/tool-declaration.js'
export {ToolError} from './runtime/tools/tool-error.js'
export type {ToolErrorDetails} from './runtime/tools/tool-error.js'

/**
 * The public surface's size: the symbols each package's entry points export, counted by the
 * TypeScript checker from the built declarations. `node scripts/exported-symbols.mjs [root]`.
 */
import { readFileSync, existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import ts from 'typescript'

const root = resolve(process.argv[2] ?? '.')
const workspaces = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).workspaces
let total = 0
for (const ws of workspaces) {
  const pkg = JSON.parse(readFileSync(join(root, ws, 'package.json'), 'utf8'))
  const entries = Object.entries(pkg.exports ?? {}).filter(([k]) => k !== './package.json')
  for (const [subpath, target] of entries) {
    const types = typeof target === 'string' ? undefined : (target.import?.types ?? target.types)
    const file = types === undefined ? undefined : join(root, ws, types)
    if (file === undefined || !existsSync(file)) continue
    const program = ts.createProgram([file], {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      skipLibCheck: true,
    })
    const checker = program.getTypeChecker()
    const source = program.getSourceFile(file)
    const symbol = checker.getSymbolAtLocation(source)
    const count = symbol === undefined ? 0 : checker.getExportsOfModule(symbol).length
    total += count
    console.log(`${pkg.name}${subpath === '.' ? '' : subpath.slice(1)}\t${count}`)
  }
}
console.log(`total\t${total}`)

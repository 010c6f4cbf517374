// Writes every ```ts block of the READMEs to .readme-snippets/, one module each, so that
// `npm run typecheck` compiles them with the project: a README's code cannot drift from the API.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const out = '.readme-snippets'
rmSync(out, { recursive: true, force: true })
mkdirSync(out)
const readmes = ['README.md', ...readdirSync('packages').map((p) => join('packages', p, 'README.md'))]
let count = 0
for (const path of readmes) {
  let text
  try {
    text = readFileSync(path, 'utf8')
  } catch {
    continue
  }
  const blocks = [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1])
  blocks.forEach((code, i) => {
    const name = `${path.replaceAll('/', '-').replace(/\.md$/, '')}-${i + 1}.ts`
    // Top-level await and no exported names: each snippet is its own module.
    writeFileSync(join(out, name), `// From ${path}, block ${i + 1}.\n${code}export {}\n`)
    count++
  })
}
process.stdout.write(`readme snippets: ${count} written to ${out}/\n`)

// Mutation testing one module at a time, resumable: `node scripts/mutation.mjs [package...]`
// (`npm run mutation`, `npm run mutation:projections`, ...).
//
// Each module of a target package gets its own Stryker run and its own report in
// reports/mutation/<package>/. A report is kept while nothing it depends on has changed (the
// package's sources and tests, the domain and the spec kit, the docs' examples, the mutation
// configuration), so a run that is stopped, or a machine that is busy for hours, loses at most the
// module in progress: the next run starts where the last one ended. The summary adds the modules
// up per package and lists every surviving mutant. `--no-run` only sums up the reports kept, and
// names the modules still to measure. `--only=<text>[,<text>...]` runs only the modules whose path
// holds one of the texts, and sums the others' kept reports as `--no-run` does.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { targets } from '../stryker.targets.mjs'

const root = resolve(import.meta.dirname, '..')
const noRun = process.argv.includes('--no-run')
const only = process.argv
  .find((arg) => arg.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',')
  .filter((text) => text !== '')
if (only?.length === 0) {
  process.stderr.write('mutation: --only= needs the text of a module path\n')
  process.exit(2)
}
const asked = process.argv.slice(2).filter((arg) => arg !== '--no-run' && !arg.startsWith('--only='))
const unknown = asked.filter((name) => !(name in targets))
if (unknown.length > 0) {
  process.stderr.write(
    `mutation: no target ${unknown.join(', ')} (targets: ${Object.keys(targets).join(', ')})\n`,
  )
  process.exit(2)
}
const names = asked.length > 0 ? asked : Object.keys(targets)

const filesUnder = (dir) =>
  existsSync(dir)
    ? readdirSync(dir, { recursive: true })
        .map((name) => join(dir, String(name)))
        .filter((path) => statSync(path).isFile())
        .sort()
    : []

/** The modules a target mutates: its globs are a folder's `.ts` files, less the files it excludes. */
const modulesOf = (name) => {
  const globs = targets[name]
  const excluded = new Set(globs.filter((g) => g.startsWith('!')).map((g) => join(root, g.slice(1))))
  return globs
    .filter((g) => !g.startsWith('!'))
    .flatMap((glob) => filesUnder(join(root, glob.slice(0, glob.indexOf('/**')))))
    .filter((path) => path.endsWith('.ts') && !excluded.has(path))
}

/**
 * What a package's results depend on, as one digest: its sources (so every module of it) and
 * tests, the domain, the spec kit, the docs' examples and the mutation configuration. Worked out
 * once per package; a change to any of these makes each of its modules' reports stale.
 */
const inputsDigest = (name) => {
  const hash = createHash('sha256')
  const inputs = [
    ...filesUnder(join(root, 'packages', name, 'src')),
    ...filesUnder(join(root, 'packages', name, 'test')),
    ...filesUnder(join(root, 'packages/domain/src')),
    ...filesUnder(join(root, 'packages/spec/src')),
    ...filesUnder(join(root, 'docs')).filter((path) => path.endsWith('.ts')),
    ...[
      'stryker.config.mjs',
      'stryker.targets.mjs',
      'vitest.mutation.config.ts',
      'vitest.mutation.setup.ts',
    ].map((file) => join(root, file)),
  ]
  for (const path of new Set(inputs))
    hash.update(relative(root, path)).update('\0').update(readFileSync(path)).update('\0')
  return hash.digest('hex')
}

const detectedStatuses = new Set(['Killed', 'Timeout'])
const countedStatuses = new Set(['Killed', 'Timeout', 'Survived', 'NoCoverage'])

const summaries = []
for (const name of names) {
  const dir = join(root, 'reports/mutation', name)
  mkdirSync(dir, { recursive: true })
  const totals = { mutants: 0, killed: 0, timeout: 0, survived: 0, noCoverage: 0, seconds: 0 }
  const survivors = []
  const missing = []
  const digest = inputsDigest(name)
  for (const module of modulesOf(name)) {
    const path = relative(root, module)
    const base = join(dir, path.replaceAll('/', '__').replace(/\.ts$/, ''))
    const stamp = `${base}.stamp.json`
    const kept = existsSync(stamp) && JSON.parse(readFileSync(stamp, 'utf8')).digest === digest
    if (!kept && (noRun || (only !== undefined && !only.some((text) => path.includes(text))))) {
      missing.push(path)
      continue
    }
    if (!kept) {
      process.stdout.write(`mutation: ${path} ...\n`)
      const started = Date.now()
      const run = spawnSync(
        process.execPath,
        [join(root, 'node_modules/@stryker-mutator/core/bin/stryker.js'), 'run', '--mutate', path],
        {
          cwd: root,
          stdio: ['ignore', 'inherit', 'inherit'],
          env: { ...process.env, MUTATE: name, MUTATION_REPORT: base },
        },
      )
      if (run.status !== 0) {
        process.stderr.write(`mutation: Stryker failed on ${path} (exit ${run.status ?? run.signal})\n`)
        process.exit(1)
      }
      const seconds = Math.round((Date.now() - started) / 1000)
      writeFileSync(stamp, `${JSON.stringify({ digest, seconds, at: new Date().toISOString() })}\n`)
    }
    const { seconds } = JSON.parse(readFileSync(stamp, 'utf8'))
    const report = JSON.parse(readFileSync(`${base}.json`, 'utf8'))
    const counts = { killed: 0, timeout: 0, survived: 0, noCoverage: 0 }
    for (const [file, { mutants }] of Object.entries(report.files)) {
      for (const mutant of mutants.filter((m) => countedStatuses.has(m.status))) {
        if (mutant.status === 'Killed') counts.killed++
        if (mutant.status === 'Timeout') counts.timeout++
        if (mutant.status === 'Survived') counts.survived++
        if (mutant.status === 'NoCoverage') counts.noCoverage++
        if (!detectedStatuses.has(mutant.status))
          survivors.push(
            `${file}:${mutant.location.start.line}:${mutant.location.start.column} ${mutant.status} ${mutant.mutatorName}: ${JSON.stringify(mutant.replacement ?? '')}`,
          )
      }
    }
    const mutants = counts.killed + counts.timeout + counts.survived + counts.noCoverage
    process.stdout.write(
      `mutation: ${path}: ${mutants} mutants, ${counts.killed} killed, ${counts.timeout} timed out, ${counts.survived} survived, ${counts.noCoverage} no coverage${kept ? ' (kept)' : ''}, ${seconds} s\n`,
    )
    totals.mutants += mutants
    totals.killed += counts.killed
    totals.timeout += counts.timeout
    totals.survived += counts.survived
    totals.noCoverage += counts.noCoverage
    totals.seconds += seconds
  }
  writeFileSync(join(dir, 'survivors.txt'), survivors.map((line) => `${line}\n`).join(''))
  summaries.push({ name, ...totals, missing })
}

const score = ({ mutants, killed, timeout }) =>
  mutants === 0 ? '-' : `${((100 * (killed + timeout)) / mutants).toFixed(2)}%`
process.stdout.write(
  '\n| package | mutants | killed | timed out | survived | no coverage | score | run time |\n|---|---|---|---|---|---|---|---|\n',
)
for (const s of summaries)
  process.stdout.write(
    `| ${s.name} | ${s.mutants} | ${s.killed} | ${s.timeout} | ${s.survived} | ${s.noCoverage} | ${score(s)} | ${s.seconds} s |\n`,
  )
process.stdout.write(`\nSurviving mutants: reports/mutation/<package>/survivors.txt\n`)
for (const { name, missing } of summaries)
  if (missing.length > 0) process.stdout.write(`Not measured yet in ${name}: ${missing.join(', ')}\n`)

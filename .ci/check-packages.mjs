// Packs every publishable package with `npm pack`, installs the tarballs into a throwaway consumer
// folder and imports each one under plain node, as ESM (`import`) and as CommonJS (`require`),
// checking that the named exports a consumer relies on are there and work.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')
const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const packages = rootManifest.workspaces
  .map((dir) => ({
    dir: join(root, dir),
    manifest: JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')),
  }))
  .filter(({ manifest }) => !manifest.private)

/** What each package must export, and a call that must work, under both module systems. */
const probes = {
  '@servicelife/domain': `
    for (const name of ['serviceDecider', 'caseDecider', 'decodeEvent', 'encodeEvent', 'ServiceEvent', 'CaseEvent', 'DomainEvent', 'ServiceCommand', 'CaseCommand'])
      if (m[name] === undefined) throw new Error('missing export ' + name)
    if (m.serviceStreamId('a') !== 'service-a' || m.caseStreamId('b') !== 'case-b') throw new Error('stream ids')
    const decoded = m.decodeEvent({ type: 'ServiceRestored', data: { serviceId: 'x', at: '2025-01-01T00:00:00Z' } })
    if (decoded._tag !== 'Right') throw new Error('decodeEvent')`,
  '@servicelife/spec': `
    for (const name of ['deciderSpec', 'domainEvent', 'serviceCommandSequence', 'turkuServices'])
      if (m[name] === undefined) throw new Error('missing export ' + name)`,
  '@servicelife/projections': `
    for (const name of ['allProjections', 'projectAsOf', 'complianceReport', 'ProjectionRunner', 'FileCheckpointStore'])
      if (m[name] === undefined) throw new Error('missing export ' + name)
    const state = m.project(m.allProjections.channelMix, [{ streamId: 'case-1', revision: 0, position: 0, type: 'ContactReceived', data: { caseId: '1', at: '2025-01-01T10:00:00Z', contactId: 'k', channel: 'chat', customer: { kind: 'resident' }, language: 'fi', subject: 'x' }, metadata: { eventId: 'e', recordedAt: 'x', hash: 'h' } }])
    if (m.channelMixReport(state).total.total !== 1) throw new Error('channelMix')`,
  '@servicelife/store': `
    for (const name of ['InMemoryEventStore', 'FileEventStore', 'commandHandler', 'verifyHistory', 'exportArchive', 'importArchive'])
      if (m[name] === undefined) throw new Error('missing export ' + name)
    const store = new m.InMemoryEventStore()
    const r = await store.appendToStream('service-x', [{ type: 'ServiceRestored', data: { serviceId: 'x', at: '2025-01-01T00:00:00Z' } }], { expectedRevision: 'no-stream' })
    if (r._tag !== 'Right') throw new Error('append')`,

  '@servicelife/esdb': `
    for (const name of ['EventStoreDBEventStore', 'EventStoreDBCheckpointStore', 'DeletedStreamError', 'connectionFromString'])
      if (m[name] === undefined) throw new Error('missing export ' + name)
    const unreachable = await m.EventStoreDBEventStore.connect('esdb://127.0.0.1:1?tls=false', { connectTimeoutMs: 3000 })
    if (unreachable._tag !== 'Left' || unreachable.left.code !== 'unreachable') throw new Error('connect to nothing: ' + JSON.stringify(unreachable.left))
    const garbage = await m.EventStoreDBEventStore.connect('not a connection string')
    if (garbage._tag !== 'Left' || garbage.left.code !== 'invalid-connection-string') throw new Error('connect to garbage')`,
  '@servicelife/postgres': `
    for (const name of ['PostgresEventStore', 'PostgresCheckpointStore', 'migrations', 'SCHEMA_VERSION'])
      if (m[name] === undefined) throw new Error('missing export ' + name)
    const unreachable = await m.PostgresEventStore.connect('postgres://city:secret@127.0.0.1:1/records')
    if (unreachable._tag !== 'Left' || unreachable.left.code !== 'postgres-unavailable') throw new Error('connect to nothing: ' + JSON.stringify(unreachable))
    const badSchema = await m.PostgresCheckpointStore.connect('postgres://127.0.0.1:1/x', { schema: 'A-B' })
    if (badSchema._tag !== 'Left' || badSchema.left.code !== 'schema-name-invalid') throw new Error('bad schema name')`,
  '@servicelife/personal-data': `
    for (const name of ['protectPersonalData', 'FileKeyStore', 'InMemoryKeyStore', 'forgetSubject', 'runRetention', 'subjectExport', 'blindIndex'])
      if (m[name] === undefined) throw new Error('missing export ' + name)
    const ref = m.blindIndex(new Uint8Array(32))('131052-308T')
    if (ref._tag !== 'Right' || !ref.right.startsWith('bi:')) throw new Error('blindIndex')`,
  '@servicelife/audit': `
    for (const name of ['runCli', 'cityReport', 'replay', 'explain', 'cityYear', 'renderReport'])
      if (m[name] === undefined) throw new Error('missing export ' + name)
    const report = m.cityReport(m.replay([]))
    if (report.events !== 0) throw new Error('cityReport')`,
}

/** Named exports each subpath entry must carry (the contract suites a store adapter runs, the adapter kit). */
const subpathProbes = {
  '@servicelife/store/contract': ['eventStoreContract'],
  '@servicelife/store/adapter': ['guardAppend', 'catchUpSubscription'],
  '@servicelife/audit/html': ['htmlReport', 'CONTENT_SECURITY_POLICY'],
  '@servicelife/ptv/files': ['readPtvFiles'],
  '@servicelife/personal-data/contract': ['keyStoreContract'],
}

const consumer = mkdtempSync(join(tmpdir(), 'servicelife-consumer-'))
const run = (cmd, args, cwd = consumer) =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
let failed = 0
try {
  const tarballs = packages.map(({ dir }) => {
    const [info] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', consumer], dir))
    return join(consumer, info.filename)
  })
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true }))
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs])
  for (const { manifest } of packages) {
    const probe = probes[manifest.name] ?? ''
    const esm = `import * as m from '${manifest.name}'\n${probe}`
    const cjs = `(async () => { const m = require('${manifest.name}')\n${probe}\n})().catch((e) => { console.error(e); process.exit(1) })`
    for (const [kind, file, code] of [
      ['ESM', 'probe.mjs', esm],
      ['CJS', 'probe.cjs', cjs],
    ]) {
      writeFileSync(join(consumer, file), code)
      try {
        run(process.execPath, [file])
        console.log(`ok   ${manifest.name} (${kind})`)
      } catch (error) {
        failed++
        console.log(`FAIL ${manifest.name} (${kind})\n${error.stderr || error.message}`)
      }
    }
  }
  // Every subpath export, under both module systems: each must load and export something.
  for (const { manifest } of packages)
    for (const subpath of Object.keys(manifest.exports).filter((k) => k !== '.' && k !== './package.json')) {
      const name = `${manifest.name}${subpath.slice(1)}`
      const expected = subpathProbes[name] ?? []
      const probe = `if (Object.keys(m).length === 0) throw new Error('${name} exports nothing')
for (const n of ${JSON.stringify(expected)}) if (m[n] === undefined) throw new Error('${name}: missing export ' + n)`
      for (const [kind, file, code] of [
        ['ESM', 'subpath.mjs', `import * as m from '${name}'\n${probe}`],
        ['CJS', 'subpath.cjs', `const m = require('${name}')\n${probe}`],
      ]) {
        writeFileSync(join(consumer, file), code)
        try {
          run(process.execPath, [file])
          console.log(`ok   ${name} (${kind})`)
        } catch (error) {
          failed++
          console.log(`FAIL ${name} (${kind})\n${error.stderr || error.message}`)
        }
      }
    }
  // The audit package's binary, as `npx servicelife` runs it from the installed tarball.
  try {
    const help = run(join(consumer, 'node_modules', '.bin', 'servicelife'), ['--help'])
    if (!help.includes('replay')) throw new Error(help)
    console.log('ok   servicelife --help (bin)')
    // The report command loads the chart library only when it runs: run it from the tarball too.
    const bin = join(consumer, 'node_modules', '.bin', 'servicelife')
    run(bin, ['demo', '--dir', 'demo', '--services', '6', '--contacts', '40', '--json'])
    run(bin, ['report', '--store', 'demo', '--html', 'report.html', '--lang', 'sv'])
    if (!readFileSync(join(consumer, 'report.html'), 'utf8').includes('<svg'))
      throw new Error('report.html has no chart')
    console.log('ok   servicelife report --html (bin)')
  } catch (error) {
    failed++
    console.log(`FAIL servicelife bin\n${error.stderr || error.message}`)
  }
  console.log(
    `packages: ${readdirSync(consumer).filter((f) => f.endsWith('.tgz')).length} packed and imported under plain node`,
  )
} finally {
  rmSync(consumer, { recursive: true, force: true })
}
process.exit(failed === 0 ? 0 : 1)

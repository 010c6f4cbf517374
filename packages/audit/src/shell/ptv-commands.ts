/**
 * `servicelife ptv import` and `servicelife ptv export`: the city's catalogue from and to PTV
 * files. Import reads PTV records and sends the commands they map to through the command
 * handler; export writes, as of a point, each service as PTV v11 JSON, the mapping report and,
 * against a snapshot of PTV, what to send. No call to PTV is made.
 */
import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { serviceEntity } from '@servicelife/domain'
import {
  changesAgainst,
  exportCatalog,
  importPtv,
  type Loss,
  lossesByKind,
  snapshotOf,
  sourceIdOf,
} from '@servicelife/ptv'
import { readPtvFiles } from '@servicelife/ptv/files'
import { commandHandler } from '@servicelife/store'
import * as E from 'fp-ts/lib/Either.js'
import {
  decodeArgument,
  FileArgument,
  MunicipalityCodeArgument,
  PtvOrganizationArgument,
  TimeArgument,
} from '../core/arguments.js'
import { cityReport } from '../core/city-report.js'
import { heading } from '../core/labels.js'
import {
  applicative,
  common,
  EXIT,
  fail,
  type Io,
  outputFileProblem,
  printJson,
  replayStore,
  withStore,
  zoneAndPoint,
} from './commands.js'
import { writeFileAtomically } from './write-file.js'

type Options = Readonly<Record<string, unknown>>

const kinds = (losses: ReadonlyArray<Loss>) =>
  Object.entries(lossesByKind(losses))
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ')

/** Why PTV records cannot be read from a path given on the command line, if they cannot. */
const readRecords = (option: string, path: string) => {
  const read = readPtvFiles(path)
  return E.isLeft(read) ? E.left(`${option}: ${read.left.message}`) : read
}

const ptvImport = async (io: Io, o: Options): Promise<number> => {
  const decoded = applicative({
    common: common(o),
    from: decodeArgument('--from', FileArgument, o.from),
    at: o.at === undefined ? E.right(new Date().toISOString()) : decodeArgument('--at', TimeArgument, o.at),
    report: o.report === undefined ? E.right(undefined) : decodeArgument('--report', FileArgument, o.report),
  })
  if (E.isLeft(decoded)) return fail(io, decoded.left.message, EXIT.usage)
  const { common: c, from, at, report } = decoded.right
  if (report !== undefined) {
    const problem = outputFileProblem('--report', report, 'report')
    if (problem !== undefined) return fail(io, problem, EXIT.usage)
  }
  const records = readRecords('--from', from)
  if (E.isLeft(records)) return fail(io, records.left, EXIT.usage)
  const imported = importPtv(records.right, { at })
  // The mapping report first: one that cannot be written leaves the store as it was.
  if (report !== undefined) {
    const mapping = {
      at,
      services: imported.services.length,
      losses: lossesByKind(imported.losses),
      details: imported.losses,
    }
    const written = writeFileAtomically(report, `${JSON.stringify(mapping, null, 2)}\n`)
    if (written !== undefined) return fail(io, `--report: ${written}; nothing was imported`)
  }
  return withStore(io, o.store, 'write', async (opened) => {
    const handler = commandHandler(opened.store, serviceEntity)
    let accepted = 0
    let already = 0
    const rejected: Record<string, number> = {}
    for (const service of imported.services)
      for (const [n, command] of service.commands.entries()) {
        // The same record imported at the same time is the same command: a second run changes nothing.
        const handled = await handler.handle(command, { commandId: `ptv-import:${service.ptvId}:${at}:${n}` })
        if (E.isRight(handled)) {
          if (handled.right.duplicate) already++
          else accepted++
        } else rejected[handled.left.code] = (rejected[handled.left.code] ?? 0) + 1
      }
    const summary = {
      files: records.right.files,
      services: imported.services.length,
      channels: records.right.channels.length,
      /** Records neither a service nor a channel (organizations, anything else): not imported. */
      otherRecords: records.right.other,
      accepted,
      alreadyRecorded: already,
      rejected,
      losses: lossesByKind(imported.losses),
    }
    if (c.json) printJson(io, summary)
    else
      io.out(
        `${summary.services} PTV services and ${summary.channels} channels read from ${summary.files} file(s)` +
          (summary.otherRecords === 0 ? '' : ` (${summary.otherRecords} other record(s) not imported)`) +
          ': ' +
          `${accepted} ${heading(c.lang, 'commands').toLowerCase()} ${heading(c.lang, 'accepted')}` +
          (already === 0 ? '' : `, ${already} recorded by an earlier import of the same records`) +
          (Object.keys(rejected).length === 0
            ? ''
            : `, ${Object.values(rejected).reduce((a, b) => a + b, 0)} ${heading(c.lang, 'rejected')} (${Object.entries(
                rejected,
              )
                .map(([code, n]) => `${code} ${n}`)
                .join(', ')})`) +
          `\nnot carried over: ${kinds(imported.losses) || 'nothing'}${report === undefined ? '' : `; every one in ${report}`}\n`,
      )
    return EXIT.ok
  })
}

const ptvExport = async (io: Io, o: Options): Promise<number> => {
  const decoded = applicative({
    common: common(o),
    read: zoneAndPoint(o),
    out: decodeArgument('--out', FileArgument, o.out),
    organization: decodeArgument('--organization', PtvOrganizationArgument, o.organization),
    municipality: decodeArgument('--municipality', MunicipalityCodeArgument, o.municipality),
    against:
      o.against === undefined ? E.right(undefined) : decodeArgument('--against', FileArgument, o.against),
  })
  if (E.isLeft(decoded)) return fail(io, decoded.left.message, EXIT.usage)
  const { common: c, out, organization, municipality, against } = decoded.right
  const { calendar, point } = decoded.right.read
  if (existsSync(out) && !statSync(out).isDirectory())
    return fail(io, `--out: ${out} is a file; give a directory to write the export into`, EXIT.usage)
  const outProblem = outputFileProblem('--out', join(out, 'report.json'), 'export')
  if (outProblem !== undefined) return fail(io, outProblem, EXIT.usage)
  const snapshotRecords = against === undefined ? undefined : readRecords('--against', against)
  if (snapshotRecords !== undefined && E.isLeft(snapshotRecords))
    return fail(io, snapshotRecords.left, EXIT.usage)
  const snapshot = snapshotRecords === undefined ? undefined : snapshotOf(snapshotRecords.right).snapshot
  return withStore(io, o.store, 'read', async (opened) => {
    const report = cityReport(await replayStore(opened, c.json, point, calendar))
    const exported = exportCatalog(report.catalog, report.timelines, {
      organizationId: organization,
      municipalityCode: municipality,
      ...(snapshot === undefined ? {} : { snapshot }),
    })
    const changes =
      snapshot === undefined ? undefined : exported.services.map((s) => changesAgainst(s, snapshot))
    const files: Array<readonly [string, unknown]> = [
      ...exported.services.map(
        (s) => [join(out, 'services', `${sourceIdOf(s.serviceId)}.json`), s.service] as const,
      ),
      [
        join(out, 'report.json'),
        {
          asOf: report.asOf,
          readAt: report.readAt,
          exported: exported.services.map((s) => ({
            serviceId: s.serviceId,
            ptvId: s.ptvId ?? null,
            losses: s.losses,
          })),
          skipped: exported.skipped,
        },
      ],
      ...(changes === undefined ? [] : [[join(out, 'changes.json'), changes] as const]),
    ]
    for (const [path, value] of files) {
      const written = writeFileAtomically(path, `${JSON.stringify(value, null, 2)}\n`)
      if (written !== undefined) return fail(io, `--out: ${written}`)
    }
    const status = (s: string) => exported.services.filter((e) => e.service.publishingStatus === s).length
    const actions = (a: string) => (changes ?? []).filter((x) => x.action === a).length
    const summary = {
      out,
      published: status('Published'),
      deleted: status('Deleted'),
      skipped: exported.skipped.length,
      notExpressible: lossesByKind(exported.services.flatMap((s) => s.losses)),
      ...(changes === undefined
        ? {}
        : { changes: { POST: actions('POST'), PUT: actions('PUT'), none: actions('none') } }),
    }
    if (c.json) printJson(io, summary)
    else
      io.out(
        `${summary.published + summary.deleted} services -> ${out}/services (${summary.published} Published, ${summary.deleted} Deleted), ${summary.skipped} not exported; report.json lists what PTV cannot hold` +
          (summary.changes === undefined
            ? '\n'
            : `\nagainst ${against}: ${summary.changes.POST} to POST, ${summary.changes.PUT} to PUT, ${summary.changes.none} unchanged (changes.json)\n`),
      )
    return EXIT.ok
  })
}

export const ptvCommands = { import: ptvImport, export: ptvExport }

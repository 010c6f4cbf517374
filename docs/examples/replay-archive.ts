/**
 * An archived record audited from the file, without importing it into a store: the city-wide
 * promise figures as they stood on a date, or the archive's first bad line.
 */
import { cityReport, replayArchive } from '@servicelife/audit'
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'

export const promisesOnDate = async (archivePath: string, date: string) =>
  pipe(
    await replayArchive(archivePath, { asOf: { at: date } }),
    E.map((replayed) => cityReport(replayed).compliance.city),
  )

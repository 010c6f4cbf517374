/**
 * Progress of long work (recording, replaying, verifying, importing) with rate and ETA, drawn on
 * stderr only when a person watches (stdout is a terminal and no --json); otherwise silent.
 */
import cliProgress from 'cli-progress'

export interface Progress {
  readonly update: (done: number) => void
  readonly stop: () => void
}

const silent: Progress = { update: () => undefined, stop: () => undefined }

export const progress = (label: string, total: number | undefined, enabled: boolean): Progress => {
  if (!enabled || total === undefined || total === 0) return silent
  const started = Date.now()
  const bar = new cliProgress.SingleBar(
    {
      format: `${label.padEnd(10)} [{bar}] {percentage}% | {value}/{total} | {rate}/s | ETA {eta_formatted}`,
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  )
  bar.start(total, 0, { rate: '0' })
  let last = 0
  return {
    update: (done) => {
      const now = Date.now()
      if (now - last < 100 && done < total) return // redraws cost more than the work between them
      last = now
      bar.update(Math.min(done, total), { rate: Math.round(done / Math.max(0.001, (now - started) / 1000)) })
    },
    stop: () => bar.stop(),
  }
}

/** Whether a person watches: stdout on a terminal and human output asked for. */
export const watched = (json: boolean): boolean =>
  !json && process.stdout.isTTY === true && process.stderr.isTTY === true

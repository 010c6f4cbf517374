/**
 * A record replayed in two parts of whole streams (on two threads or two machines, say) and the
 * two replays merged: the report is the whole record's.
 */
import { mergeReplays, type Replay, replay } from '@servicelife/audit'
import type { RecordedEvent } from '@servicelife/store'

export const replayInTwoParts = (
  events: ReadonlyArray<RecordedEvent>,
  inFirstPart: (streamId: string) => boolean,
): Replay =>
  mergeReplays(
    replay(events.filter((e) => inFirstPart(e.streamId))),
    replay(events.filter((e) => !inFirstPart(e.streamId))),
  )

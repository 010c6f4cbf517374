/**
 * Projection checkpoints in EventStoreDB: one stream per projection whose metadata keeps only the
 * latest event (`$maxCount = 1`), so a checkpoint is one read and the stream never grows.
 */
import { type Checkpoint, CheckpointCodec, type CheckpointStore } from '@servicelife/projections'
import { newEventId } from '@servicelife/store/adapter'
import * as E from 'fp-ts/lib/Either.js'
import type { EsdbConnection } from '../client/esdb-connection.js'
import { type ConnectError, type ConnectTimeout, reachServer } from './connect.js'

export const CHECKPOINT_STREAM_PREFIX = 'servicelife-checkpoint-'

export class EventStoreDBCheckpointStore implements CheckpointStore {
  private readonly limited = new Set<string>()

  constructor(private readonly connection: EsdbConnection) {}

  /** From a connection string, once the server has answered (see `EventStoreDBEventStore.connect`). */
  static async connect(
    connectionString: string,
    options: ConnectTimeout = {},
  ): Promise<E.Either<ConnectError, EventStoreDBCheckpointStore>> {
    const reached = await reachServer(connectionString, options)
    return E.isLeft(reached) ? reached : E.right(new EventStoreDBCheckpointStore(reached.right))
  }

  async load(name: string): Promise<Checkpoint | undefined> {
    for await (const e of this.connection.read(`${CHECKPOINT_STREAM_PREFIX}${name}`, {
      direction: 'backwards',
      maxCount: 1,
    })) {
      // A checkpoint that does not decode is not trusted: the projection is rebuilt from zero.
      const decoded = CheckpointCodec.decode(e.data)
      return E.isRight(decoded) ? decoded.right : undefined
    }
    return undefined
  }

  async save(name: string, checkpoint: Checkpoint): Promise<void> {
    const stream = `${CHECKPOINT_STREAM_PREFIX}${name}`
    if (!this.limited.has(stream)) {
      await this.connection.setMaxCount(stream, 1)
      this.limited.add(stream)
    }
    await this.connection.append(
      stream,
      [{ id: newEventId(), type: 'Checkpoint', data: checkpoint, metadata: {} }],
      'any',
    )
  }

  close(): Promise<void> {
    return this.connection.dispose()
  }
}

/**
 * A protocol-level EventStoreDB server for the test suite: a gRPC server on localhost built on the
 * service definitions `@eventstore/db-client` ships in `generated/`, implementing exactly what the
 * client calls (ServerFeatures, Streams Append / BatchAppend / Read / Delete / Tombstone). The real,
 * unmodified client talks to it. Each rule below names the server behaviour it mirrors
 * (shared/notes/eventstoredb.md; KurrentDB `src/KurrentDB.Core/Services/Transport/Grpc/`).
 */
import * as grpc from '@grpc/grpc-js'
import * as serverFeaturesGrpc from '@eventstore/db-client/generated/serverfeatures_grpc_pb.js'
import * as serverFeaturesPb from '@eventstore/db-client/generated/serverfeatures_pb.js'
import * as sharedPb from '@eventstore/db-client/generated/shared_pb.js'
import * as statusPb from '@eventstore/db-client/generated/status_pb.js'
import * as streamsGrpc from '@eventstore/db-client/generated/streams_grpc_pb.js'
import * as streamsPb from '@eventstore/db-client/generated/streams_pb.js'
import { Any } from 'google-protobuf/google/protobuf/any_pb.js'

const { ReadReq, ReadResp, AppendResp, BatchAppendResp, DeleteResp, TombstoneResp } = streamsPb

interface StoredRecord {
  readonly position: number
  readonly streamId: string
  readonly revision: number
  readonly id: string
  readonly type: string
  readonly contentType: string
  readonly data: Uint8Array
  readonly metadata: Uint8Array
  readonly created: string
}

interface StreamState {
  readonly records: StoredRecord[]
  tombstoned: boolean
}

type Expectation =
  { kind: 'any' } | { kind: 'no-stream' } | { kind: 'exists' } | { kind: 'revision'; revision: number }

interface Proposed {
  readonly id: string
  readonly type: string
  readonly contentType: string
  readonly data: Uint8Array
  readonly metadata: Uint8Array
}

type AppendOutcome =
  | { kind: 'ok'; revision: number; position: number }
  | { kind: 'wrong'; current: number | undefined; expected: Expectation }
  | { kind: 'deleted' }

const bytes = (v: Uint8Array | string): Uint8Array => (typeof v === 'string' ? Buffer.from(v, 'base64') : v)
const text = (v: Uint8Array | string): string => (typeof v === 'string' ? v : Buffer.from(v).toString('utf8'))
const uuidString = (u: sharedPb.UUID | undefined): string => u?.getString() ?? ''

export interface TestServerOptions {
  /** Advertise BatchAppend in ServerFeatures, so the client appends through it (default true). */
  readonly batchAppend?: boolean
}

export class TestEventStoreDBServer {
  private readonly server = new grpc.Server()
  private readonly streams = new Map<string, StreamState>()
  private readonly log: StoredRecord[] = []
  // Positions are byte offsets in a real transaction file: increasing, with gaps.
  private nextPosition = 1_000
  private readonly live = new Set<(record: StoredRecord) => void>()
  private readonly subscriptionCalls = new Set<
    grpc.ServerWritableStream<streamsPb.ReadReq, streamsPb.ReadResp>
  >()
  private port = 0
  /** Which append path each append came through, for the tests that pin both. */
  readonly appendsVia = { append: 0, batchAppend: 0 }

  private constructor(private readonly options: TestServerOptions) {}

  static async start(options: TestServerOptions = {}): Promise<TestEventStoreDBServer> {
    const s = new TestEventStoreDBServer(options)
    s.server.addService(serverFeaturesGrpc.ServerFeaturesService, {
      getSupportedMethods: s.getSupportedMethods,
    } as unknown as grpc.UntypedServiceImplementation)
    s.server.addService(streamsGrpc.StreamsService, {
      read: s.read,
      append: s.append,
      batchAppend: s.batchAppend,
      delete: s.delete,
      tombstone: s.tombstone,
    } as unknown as grpc.UntypedServiceImplementation)
    s.port = await new Promise<number>((resolve, reject) =>
      s.server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) =>
        error ? reject(error) : resolve(port),
      ),
    )
    return s
  }

  get connectionString(): string {
    return `esdb://127.0.0.1:${this.port}?tls=false`
  }

  /** Ends every live subscription with UNAVAILABLE, as a dropped connection or a leader change does. */
  dropSubscriptions(): void {
    for (const call of this.subscriptionCalls)
      call.emit('error', { code: grpc.status.UNAVAILABLE, details: 'connection dropped by the test' })
    this.subscriptionCalls.clear()
  }

  async stop(): Promise<void> {
    this.dropSubscriptions()
    this.server.forceShutdown()
  }

  // --- ServerFeatures ---------------------------------------------------------------------------

  /** The client asks first; BatchAppend is used only when listed here (else Append). */
  private readonly getSupportedMethods = (
    _call: unknown,
    callback: grpc.sendUnaryData<serverFeaturesPb.SupportedMethods>,
  ) => {
    const methods = new serverFeaturesPb.SupportedMethods()
    methods.setEventStoreServerVersion('24.10.0')
    const method = (service: string, name: string) => {
      const m = new serverFeaturesPb.SupportedMethod()
      m.setServiceName(service)
      m.setMethodName(name)
      return m
    }
    const list = [
      method('event_store.client.streams.Streams', 'Read'),
      method('event_store.client.streams.Streams', 'Append'),
      method('event_store.client.streams.Streams', 'Delete'),
      method('event_store.client.streams.Streams', 'Tombstone'),
    ]
    if (this.options.batchAppend ?? true)
      list.push(method('event_store.client.streams.Streams', 'BatchAppend'))
    methods.setMethodsList(list)
    callback(null, methods)
  }

  // --- Writing ----------------------------------------------------------------------------------

  private stream(streamId: string): StreamState {
    let s = this.streams.get(streamId)
    if (s === undefined) this.streams.set(streamId, (s = { records: [], tombstoned: false }))
    return s
  }

  /** Stream metadata is the latest `$metadata` event of `$$<stream>`. */
  private metadataOf(streamId: string): { maxCount?: number; truncateBefore?: number } {
    const records = this.streams.get(`$$${streamId}`)?.records ?? []
    const last = records[records.length - 1]
    if (last === undefined) return {}
    const json = JSON.parse(Buffer.from(last.data).toString('utf8')) as { $maxCount?: number; $tb?: number }
    return {
      ...(json.$maxCount === undefined ? {} : { maxCount: json.$maxCount }),
      ...(json.$tb === undefined ? {} : { truncateBefore: json.$tb }),
    }
  }

  /** The events a read sees: `$tb` (soft delete) and `$maxCount` hide events at read time. */
  private visible(streamId: string): StoredRecord[] {
    const records = this.streams.get(streamId)?.records ?? []
    const { maxCount, truncateBefore } = this.metadataOf(streamId)
    let out = truncateBefore === undefined ? records : records.filter((r) => r.revision >= truncateBefore)
    if (maxCount !== undefined) out = out.slice(Math.max(0, out.length - maxCount))
    return out
  }

  private isSoftDeleted(streamId: string): boolean {
    const { truncateBefore } = this.metadataOf(streamId)
    const records = this.streams.get(streamId)?.records ?? []
    return truncateBefore !== undefined && truncateBefore > (records[records.length - 1]?.revision ?? -1)
  }

  private write(streamId: string, expected: Expectation, proposed: ReadonlyArray<Proposed>): AppendOutcome {
    const s = this.stream(streamId)
    // Tombstone is permanent: every append fails with StreamDeleted.
    if (s.tombstoned) return { kind: 'deleted' }
    const last = s.records[s.records.length - 1]?.revision
    const softDeleted = this.isSoftDeleted(streamId)
    // Re-sending the same event ids at the same place returns the first result; a partial overlap fails.
    const start =
      expected.kind === 'revision' ? expected.revision + 1 : expected.kind === 'no-stream' ? 0 : undefined
    if (start !== undefined && proposed.length > 0 && last !== undefined && start <= last) {
      const existing = s.records.slice(start, start + proposed.length)
      const same = existing.filter((r, i) => r.id === proposed[i]!.id).length
      if (same === proposed.length && existing.length === proposed.length)
        return {
          kind: 'ok',
          revision: existing[existing.length - 1]!.revision,
          position: existing[existing.length - 1]!.position,
        }
      return { kind: 'wrong', current: last, expected }
    }
    switch (expected.kind) {
      case 'any': // always succeeds unless tombstoned
        break
      case 'no-stream': // needs no events, or a soft-deleted stream, which it recreates
        if (last !== undefined && !softDeleted) return { kind: 'wrong', current: last, expected }
        break
      case 'exists': // fails on a soft-deleted stream (StreamDeleted) or one with no events and no metadata
        if (softDeleted) return { kind: 'deleted' }
        if (last === undefined && !this.streams.has(`$$${streamId}`))
          return { kind: 'wrong', current: undefined, expected }
        break
      case 'revision': // the last event number must be exactly n
        if (last !== expected.revision) return { kind: 'wrong', current: last, expected }
        break
    }
    if (proposed.length === 0) return { kind: 'ok', revision: last ?? -1, position: this.nextPosition }
    // After a soft delete the numbering continues from where it was.
    let revision = last ?? -1
    let record: StoredRecord | undefined
    for (const p of proposed) {
      record = {
        position: (this.nextPosition += 137),
        streamId,
        revision: ++revision,
        id: p.id,
        type: p.type,
        contentType: p.contentType,
        data: p.data,
        metadata: p.metadata,
        created: String(BigInt(Date.now()) * 10_000n),
      }
      s.records.push(record)
      this.log.push(record)
    }
    for (const record of s.records.slice(-proposed.length)) for (const notify of this.live) notify(record)
    return { kind: 'ok', revision, position: record!.position }
  }

  private proposedFrom(
    m: streamsPb.AppendReq.ProposedMessage | streamsPb.BatchAppendReq.ProposedMessage,
  ): Proposed {
    const map = m.getMetadataMap()
    return {
      id: uuidString(m.getId()),
      type: map.get('type') ?? '',
      contentType: map.get('content-type') ?? 'application/octet-stream',
      data: bytes(m.getData()),
      metadata: bytes(m.getCustomMetadata()),
    }
  }

  private readonly append = (
    call: grpc.ServerReadableStream<streamsPb.AppendReq, streamsPb.AppendResp>,
    callback: grpc.sendUnaryData<streamsPb.AppendResp>,
  ) => {
    let streamId = ''
    let expected: Expectation = { kind: 'any' }
    const proposed: Proposed[] = []
    call.on('data', (req: streamsPb.AppendReq) => {
      const options = req.getOptions()
      if (options !== undefined) {
        streamId = text(options.getStreamIdentifier()!.getStreamName())
        expected = options.hasRevision()
          ? { kind: 'revision', revision: Number(options.getRevision()) }
          : options.hasNoStream()
            ? { kind: 'no-stream' }
            : options.hasStreamExists()
              ? { kind: 'exists' }
              : { kind: 'any' }
      }
      const message = req.getProposedMessage()
      if (message !== undefined) proposed.push(this.proposedFrom(message))
    })
    call.on('end', () => {
      this.appendsVia.append++
      const outcome = this.write(streamId, expected, proposed)
      if (outcome.kind === 'deleted') return callback(streamDeleted(streamId), null)
      const resp = new AppendResp()
      if (outcome.kind === 'ok') {
        const success = new AppendResp.Success()
        success.setCurrentRevision(String(outcome.revision))
        success.setPosition(at(new AppendResp.Position(), outcome.position))
        resp.setSuccess(success)
      } else {
        // WrongExpectedVersion on Append is not a gRPC error but a normal response.
        const wrong = new AppendResp.WrongExpectedVersion()
        if (outcome.current === undefined) wrong.setCurrentNoStream(new sharedPb.Empty())
        else wrong.setCurrentRevision(String(outcome.current))
        setExpected(wrong, outcome.expected, 'append')
        resp.setWrongExpectedVersion(wrong)
      }
      callback(null, resp)
    })
  }

  private readonly batchAppend = (
    call: grpc.ServerDuplexStream<streamsPb.BatchAppendReq, streamsPb.BatchAppendResp>,
  ) => {
    const pending = new Map<
      string,
      { streamId: string; expected: Expectation; proposed: Proposed[]; correlation: sharedPb.UUID }
    >()
    call.on('data', (req: streamsPb.BatchAppendReq) => {
      const correlation = req.getCorrelationId()!
      const key = uuidString(correlation)
      let entry = pending.get(key)
      const options = req.getOptions()
      if (entry === undefined) {
        const expected: Expectation =
          options === undefined || options.hasAny()
            ? { kind: 'any' }
            : options.hasStreamPosition()
              ? { kind: 'revision', revision: Number(options.getStreamPosition()) }
              : options.hasNoStream()
                ? { kind: 'no-stream' }
                : options.hasStreamExists()
                  ? { kind: 'exists' }
                  : { kind: 'any' }
        entry = {
          streamId: text(options?.getStreamIdentifier()?.getStreamName() ?? ''),
          expected,
          proposed: [],
          correlation,
        }
        pending.set(key, entry)
      }
      for (const m of req.getProposedMessagesList()) entry.proposed.push(this.proposedFrom(m))
      if (!req.getIsFinal()) return
      pending.delete(key)
      this.appendsVia.batchAppend++
      const outcome = this.write(entry.streamId, entry.expected, entry.proposed)
      const resp = new BatchAppendResp()
      resp.setCorrelationId(entry.correlation)
      const identifier = new sharedPb.StreamIdentifier()
      identifier.setStreamName(Buffer.from(entry.streamId))
      // The stream identifier must be set on errors: the client names the stream from it.
      resp.setStreamIdentifier(identifier)
      if (outcome.kind === 'ok') {
        const success = new BatchAppendResp.Success()
        success.setCurrentRevision(String(outcome.revision))
        success.setPosition(at(new sharedPb.AllStreamPosition(), outcome.position))
        resp.setSuccess(success)
      } else {
        // WrongExpectedVersion on BatchAppend: a google.rpc.Status, code 6, details packing
        // event_store.client.WrongExpectedVersion (StreamDeleted likewise).
        const status = new statusPb.Status()
        const details = new Any()
        if (outcome.kind === 'wrong') {
          status.setCode(6)
          status.setMessage('WrongExpectedVersion')
          const wrong = new sharedPb.WrongExpectedVersion()
          if (outcome.current === undefined) wrong.setCurrentNoStream(new sharedPb.Empty())
          else wrong.setCurrentStreamRevision(String(outcome.current))
          setExpected(wrong, outcome.expected, 'batch')
          details.pack(wrong.serializeBinary(), 'event_store.client.WrongExpectedVersion')
        } else {
          status.setCode(9)
          status.setMessage('StreamDeleted')
          const deleted = new sharedPb.StreamDeleted()
          deleted.setStreamIdentifier(identifier)
          details.pack(deleted.serializeBinary(), 'event_store.client.StreamDeleted')
        }
        status.setDetails(details)
        resp.setError(status)
      }
      call.write(resp)
    })
    call.on('end', () => call.end())
  }

  private readonly delete = (
    call: grpc.ServerUnaryCall<streamsPb.DeleteReq, streamsPb.DeleteResp>,
    callback: grpc.sendUnaryData<streamsPb.DeleteResp>,
  ) => {
    const streamId = text(call.request.getOptions()!.getStreamIdentifier()!.getStreamName())
    const s = this.stream(streamId)
    if (s.tombstoned) return callback(streamDeleted(streamId), null)
    // Soft delete writes `$tb` (truncate-before) metadata; the next append continues the numbering.
    const last = s.records[s.records.length - 1]?.revision ?? -1
    const metadata = { ...this.rawMetadata(streamId), $tb: last + 1 }
    this.write(`$$${streamId}`, { kind: 'any' }, [
      {
        id: crypto.randomUUID(),
        type: '$metadata',
        contentType: 'application/json',
        data: Buffer.from(JSON.stringify(metadata)),
        metadata: new Uint8Array(),
      },
    ])
    const resp = new DeleteResp()
    resp.setPosition(at(new DeleteResp.Position(), this.nextPosition))
    callback(null, resp)
  }

  private rawMetadata(streamId: string): Record<string, unknown> {
    const records = this.streams.get(`$$${streamId}`)?.records ?? []
    const last = records[records.length - 1]
    return last === undefined
      ? {}
      : (JSON.parse(Buffer.from(last.data).toString('utf8')) as Record<string, unknown>)
  }

  private readonly tombstone = (
    call: grpc.ServerUnaryCall<streamsPb.TombstoneReq, streamsPb.TombstoneResp>,
    callback: grpc.sendUnaryData<streamsPb.TombstoneResp>,
  ) => {
    const streamId = text(call.request.getOptions()!.getStreamIdentifier()!.getStreamName())
    // Tombstone (hard delete) is permanent: reads and appends fail with StreamDeleted from now on.
    this.stream(streamId).tombstoned = true
    const resp = new TombstoneResp()
    resp.setPosition(at(new TombstoneResp.Position(), this.nextPosition))
    callback(null, resp)
  }

  // --- Reading ----------------------------------------------------------------------------------

  private readonly read = (call: grpc.ServerWritableStream<streamsPb.ReadReq, streamsPb.ReadResp>) => {
    const options = call.request.getOptions()!
    const backwards = options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS
    const count = options.hasCount() ? Number(options.getCount()) : Number.POSITIVE_INFINITY
    if (options.hasStream()) {
      const so = options.getStream()!
      const streamId = text(so.getStreamIdentifier()!.getStreamName())
      if (options.hasSubscription()) {
        call.emit('error', {
          code: grpc.status.UNIMPLEMENTED,
          details: 'stream subscriptions are not used by servicelife',
        })
        return
      }
      if (this.streams.get(streamId)?.tombstoned) {
        call.emit('error', streamDeleted(streamId))
        return
      }
      const visible = this.visible(streamId)
      // StreamNotFound on read: a `stream_not_found` message, then a normal end.
      if (visible.length === 0) {
        const resp = new ReadResp()
        const notFound = new ReadResp.StreamNotFound()
        notFound.setStreamIdentifier(so.getStreamIdentifier())
        resp.setStreamNotFound(notFound)
        call.write(resp)
        call.end()
        return
      }
      const from = so.hasRevision()
        ? Number(so.getRevision())
        : so.hasEnd()
          ? Number.POSITIVE_INFINITY
          : backwards
            ? Number.POSITIVE_INFINITY
            : 0
      const selected = backwards
        ? visible.filter((r) => r.revision <= from).reverse()
        : visible.filter((r) => r.revision >= from)
      for (const r of selected.slice(0, count)) call.write(eventResp(r))
      call.end()
      return
    }
    // $all: ignores stream metadata and includes system events.
    const ao = options.getAll()!
    const position = ao.hasPosition() ? Number(ao.getPosition()!.getPreparePosition()) : undefined
    const filter = options.hasFilter() ? filterOf(options.getFilter()!) : () => true
    if (options.hasSubscription()) {
      // Catch-up subscription: confirmation, the history after the start (exclusive), then live.
      const confirmation = new ReadResp()
      const c = new ReadResp.SubscriptionConfirmation()
      c.setSubscriptionId(crypto.randomUUID())
      confirmation.setConfirmation(c)
      call.write(confirmation)
      const start = ao.hasEnd() ? this.nextPosition : position
      let last = start ?? -1
      const deliver = (r: StoredRecord) => {
        if (r.position <= last || !filter(r)) return
        last = r.position
        call.write(eventResp(r))
      }
      for (const r of this.log) deliver(r)
      this.live.add(deliver)
      this.subscriptionCalls.add(call)
      const done = () => {
        this.live.delete(deliver)
        this.subscriptionCalls.delete(call)
      }
      call.on('cancelled', done)
      call.on('close', done)
      call.on('error', done)
      return
    }
    // Read $all: from a position (inclusive) or the start/end, in either direction.
    const selected = backwards
      ? this.log.filter((r) => position === undefined || r.position <= position).reverse()
      : this.log.filter((r) => position === undefined || r.position >= position)
    for (const r of selected.filter(filter).slice(0, count)) call.write(eventResp(r))
    call.end()
  }
}

/** Sets a position message's commit and prepare positions (equal here: one record per event). */
const at = <P extends { setCommitPosition(v: string): unknown; setPreparePosition(v: string): unknown }>(
  position: P,
  p: number,
): P => {
  position.setCommitPosition(String(p))
  position.setPreparePosition(String(p))
  return position
}

const setExpected = (
  wrong: streamsPb.AppendResp.WrongExpectedVersion | sharedPb.WrongExpectedVersion,
  expected: Expectation,
  path: 'append' | 'batch',
) => {
  switch (expected.kind) {
    case 'any':
      return wrong.setExpectedAny(new sharedPb.Empty())
    case 'no-stream':
      return wrong.setExpectedNoStream(new sharedPb.Empty())
    case 'exists':
      return wrong.setExpectedStreamExists(new sharedPb.Empty())
    case 'revision':
      return path === 'append'
        ? (wrong as streamsPb.AppendResp.WrongExpectedVersion).setExpectedRevision(String(expected.revision))
        : (wrong as sharedPb.WrongExpectedVersion).setExpectedStreamPosition(String(expected.revision))
  }
}

/** Other failures: a gRPC status with trailer `exception=<type>` and the stream's name. */
const streamDeleted = (streamId: string): grpc.ServiceError => {
  const metadata = new grpc.Metadata()
  metadata.set('exception', 'stream-deleted')
  metadata.set('stream-name', streamId)
  return Object.assign(new Error(`stream ${streamId} is deleted`), {
    code: grpc.status.FAILED_PRECONDITION,
    details: `stream ${streamId} is deleted`,
    metadata,
  })
}

const eventResp = (r: StoredRecord): streamsPb.ReadResp => {
  const recorded = new ReadResp.ReadEvent.RecordedEvent()
  const id = new sharedPb.UUID()
  id.setString(r.id)
  recorded.setId(id)
  const identifier = new sharedPb.StreamIdentifier()
  identifier.setStreamName(Buffer.from(r.streamId))
  recorded.setStreamIdentifier(identifier)
  recorded.setStreamRevision(String(r.revision))
  recorded.setPreparePosition(String(r.position))
  recorded.setCommitPosition(String(r.position))
  recorded.getMetadataMap().set('type', r.type)
  recorded.getMetadataMap().set('content-type', r.contentType)
  recorded.getMetadataMap().set('created', r.created)
  recorded.setCustomMetadata(r.metadata)
  recorded.setData(r.data)
  const event = new ReadResp.ReadEvent()
  event.setEvent(recorded)
  event.setCommitPosition(String(r.position))
  const resp = new ReadResp()
  resp.setEvent(event)
  return resp
}

/** Server-side filters exist for `$all`: stream name or event type, by prefix or regex. */
const filterOf = (options: streamsPb.ReadReq.Options.FilterOptions): ((r: StoredRecord) => boolean) => {
  const byStream = options.hasStreamIdentifier()
  const expression = byStream ? options.getStreamIdentifier()! : options.getEventType()!
  const prefixes = expression.getPrefixList()
  const regex = expression.getRegex() === '' ? undefined : new RegExp(expression.getRegex())
  return (r) => {
    const subject = byStream ? r.streamId : r.type
    return (
      (prefixes.length === 0 || prefixes.some((p) => subject.startsWith(p))) &&
      (regex === undefined || regex.test(subject))
    )
  }
}

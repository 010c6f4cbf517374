/**
 * Decoding at the boundary. Events and commands are decoded by their `type` tag: one codec is
 * tried, not every member of the union, so decoding stays fast and errors name the right shape.
 */
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts/lib/index.js'
import { CaseEvent, caseEventCodecs } from './case-events.js'
import { CaseCommand, caseCommandCodecs, ServiceCommand, serviceCommandCodecs } from './commands.js'
import { RecordEvent, recordEventCodecs } from './record-events.js'
import { ServiceEvent, serviceEventCodecs } from './service-events.js'
import { FAILED, quietDecoder } from './fast-decoder.js'

export const DomainEvent = t.union([ServiceEvent, CaseEvent, RecordEvent], 'DomainEvent')
export type DomainEvent = t.TypeOf<typeof DomainEvent>
export type DomainEventType = DomainEvent['type']

export const DomainCommand = t.union([ServiceCommand, CaseCommand], 'DomainCommand')
export type DomainCommand = t.TypeOf<typeof DomainCommand>

/** Why a value was rejected at a boundary: one line per problem, each with its path. */
export interface DecodeError {
  readonly code: 'decode-error'
  /** What was being decoded (`DomainEvent`, `ServiceCommand`, ...). */
  readonly target: string
  readonly message: string
  readonly problems: ReadonlyArray<string>
}

/** True for a decode error (a value refused at a boundary). */
export const isDecodeError = (u: unknown): u is DecodeError =>
  typeof u === 'object' &&
  u !== null &&
  (u as { code?: unknown }).code === 'decode-error' &&
  Array.isArray((u as { problems?: unknown }).problems)

const describe = (u: unknown): string => {
  if (u === undefined) return 'nothing'
  const json = JSON.stringify(u)
  return json === undefined ? String(u) : json.length > 60 ? `${json.slice(0, 57)}...` : json
}

/** Codecs whose children are alternatives or parts of the same value, not fields: their keys are not in the path. */
const isComposite = (type: t.Decoder<unknown, unknown>): boolean =>
  type instanceof t.IntersectionType ||
  type instanceof t.UnionType ||
  (type instanceof t.ExactType && isComposite(type.type))

/** `data.customer.kind: expected CustomerKind, got "robot"`: intersection and exact wrappers are skipped in the path. */
export const formatValidationErrors = (errors: t.Errors): ReadonlyArray<string> => {
  const lines = errors.map((error) => {
    const path: string[] = []
    error.context.forEach((entry, i) => {
      const parent = i > 0 ? error.context[i - 1]?.type : undefined
      if (i === 0 || (parent !== undefined && isComposite(parent))) return
      path.push(entry.key)
    })
    const last = error.context[error.context.length - 1]
    const where = path.length === 0 ? '(root)' : path.join('.')
    return `${where}: expected ${last?.type.name ?? 'a value'}, got ${describe(error.value)}`
  })
  return [...new Set(lines)]
}

export const decodeError = (target: string, problems: ReadonlyArray<string>): DecodeError => ({
  code: 'decode-error',
  target,
  message: `invalid ${target}: ${problems.join('; ')}`,
  problems,
})

type Codecs = Readonly<Record<string, t.Mixed>>

const tagged =
  <A>(target: string, codecs: Codecs) =>
  (u: unknown): E.Either<DecodeError, A> => {
    if (typeof u !== 'object' || u === null || Array.isArray(u))
      return E.left(decodeError(target, [`(root): expected an object, got ${describe(u)}`]))
    const tag = (u as { type?: unknown }).type
    const codec = typeof tag === 'string' && Object.hasOwn(codecs, tag) ? codecs[tag] : undefined
    if (codec === undefined) {
      return E.left(
        decodeError(target, [
          `type: expected one of ${Object.keys(codecs).join(', ')}, got ${describe(tag)}`,
        ]),
      )
    }
    // Every event read back comes through here: the fast decoder's quiet pass, one Either.
    const quiet = quietDecoder(codec)(u)
    if (quiet !== FAILED) return E.right(quiet as A)
    const result = codec.decode(u)
    return E.isRight(result)
      ? E.right(result.right as A)
      : E.left(decodeError(target, formatValidationErrors(result.left)))
  }

const eventCodecs: Codecs = { ...serviceEventCodecs, ...caseEventCodecs, ...recordEventCodecs }

/**
 * Decodes any domain event, dispatching on its `type`. Never throws. Only `type` and `data` are
 * read, so a recorded event can be given whole: its envelope is left out of the result.
 */
export const decodeEvent: (u: unknown) => E.Either<DecodeError, DomainEvent> = tagged(
  'DomainEvent',
  eventCodecs,
)
export const decodeServiceEvent: (u: unknown) => E.Either<DecodeError, ServiceEvent> = tagged(
  'ServiceEvent',
  serviceEventCodecs,
)
export const decodeCaseEvent: (u: unknown) => E.Either<DecodeError, CaseEvent> = tagged(
  'CaseEvent',
  caseEventCodecs,
)
export const decodeServiceCommand: (u: unknown) => E.Either<DecodeError, ServiceCommand> = tagged(
  'ServiceCommand',
  serviceCommandCodecs,
)
export const decodeCaseCommand: (u: unknown) => E.Either<DecodeError, CaseCommand> = tagged(
  'CaseCommand',
  caseCommandCodecs,
)
export const decodeCommand: (u: unknown) => E.Either<DecodeError, DomainCommand> = tagged('DomainCommand', {
  ...serviceCommandCodecs,
  ...caseCommandCodecs,
})

/** The JSON form of an event (a plain object; optional fields that are absent stay absent). */
export const encodeEvent = (event: DomainEvent): { readonly type: string; readonly data: unknown } =>
  (eventCodecs[event.type] as t.Mixed).encode(event)

/** True when `type` names a domain event. */
export const isDomainEventType = (type: string): type is DomainEventType => Object.hasOwn(eventCodecs, type)
export const isServiceEventType = (type: string): boolean => Object.hasOwn(serviceEventCodecs, type)
export const isCaseEventType = (type: string): boolean => Object.hasOwn(caseEventCodecs, type)
/** True for an event about the record itself (`RecordMigrated`), in a `record-` stream. */
export const isRecordEventType = (type: string): boolean => Object.hasOwn(recordEventCodecs, type)

/** True when `type` names a service command (else, if a command at all, a case command). */
export const isServiceCommandType = (type: string): boolean => Object.hasOwn(serviceCommandCodecs, type)

/**
 * The `servicelife` command line: argument parsing (commander), decoding of every value (io-ts
 * codecs in core/arguments), and dispatch to the commands. Exit codes: 0 done; 1 the record failed
 * a check (breach, findings, corrupt archive); 2 a bad invocation or input.
 */
import { Command, CommanderError, Option } from 'commander'
import { commands, EXIT, type Io } from './commands.js'
import { personalDataCommands } from './personal-data-commands.js'
import { open311Commands } from './open311-commands.js'
import { ptvCommands } from './ptv-commands.js'

const common = (cmd: Command) =>
  cmd
    .addOption(new Option('--json', 'machine-readable output (JSON)').default(false))
    .addOption(
      new Option('--lang <lang>', 'language of names and headings').choices(['fi', 'sv', 'en']).default('en'),
    )

const storeOption = (cmd: Command) =>
  cmd.requiredOption('--store <store>', 'store directory, or esdb:// or postgres:// connection string')
const zoneOption = (cmd: Command) =>
  cmd.option(
    '--time-zone <zone>',
    "the city's IANA time zone: months, days and --as-of dates are read in it",
    'Europe/Helsinki',
  )
const pointOptions = (cmd: Command) =>
  zoneOption(cmd)
    .option(
      '--as-of <date>',
      "read the record as of a date (YYYY-MM-DD, the end of that day in the city's time zone) or an ISO-8601 time",
    )
    .option('--position <n>', 'read the record up to a global position (inclusive)')

/** Runs the CLI on arguments (without `node` and the script); resolves to the exit code. */
export const runCli = async (argv: ReadonlyArray<string>, io: Io): Promise<number> => {
  let exit: number = EXIT.ok
  const run = (action: () => Promise<number>) => async () => {
    exit = await action()
  }
  const program = new Command('servicelife')
    .description("Replay, explain, verify and check a city's service history.")
    .version('0.1.0')
    .exitOverride()
    .showHelpAfterError(false)
    .configureOutput({
      writeOut: io.out,
      writeErr: io.err,
      outputError: (message, write) => write(`servicelife: ${message.replace(/^error: /, '').trim()}\n`),
    })

  common(
    zoneOption(program.command('demo'))
      .description('record a seeded year of a city through the command handler and summarise it')
      .option('--dir <dir>', 'store directory', '.servicelife/demo')
      .option(
        '--store <store>',
        'the store to record into, instead of --dir: a directory or a postgres:// connection string',
      )
      .option('--seed <n>', 'seed of the year', '2025')
      .option('--services <n>', 'how many services the city runs', '24')
      .option('--contacts <n>', 'how many customer contacts start a case', '2000')
      .option('--year <year>', 'the calendar year', '2025')
      .option('--replace', 'replace a store already in --dir', false)
      .option(
        '--keys <keys>',
        'seal personal data under keys kept here: a directory or a postgres:// connection string',
      ),
  ).action(function (this: Command) {
    return run(() => commands.demo(io, this.opts()))()
  })

  common(
    pointOptions(
      program
        .command('replay')
        .description('every projection as of a point in the record, of a store or of an archive file')
        .option('--store <store>', 'store directory, or esdb:// or postgres:// connection string')
        .option('--archive <file>', 'NDJSON archive to replay without a store (instead of --store)')
        .option(
          '--threads <n>',
          'threads to replay an archive on, each folding a part of its streams (default 1)',
        )
        .option(
          '--allow-no-trailer',
          'read an archive written before archives had a trailer (it cannot prove it is whole)',
        ),
    ),
  ).action(function (this: Command) {
    return run(() => commands.replay(io, this.opts()))()
  })

  common(
    pointOptions(
      storeOption(
        program
          .command('explain')
          .description('the timeline of one service or case: what each event changed and which rules applied')
          .argument('<kind>', 'service or case')
          .argument('<id>', 'the service or case id')
          .option('--keys <keys>', 'open sealed personal data with the keys kept here (only read)'),
      ),
    ),
  ).action(function (this: Command, kind: string, id: string) {
    return run(() => commands.explain(io, this.opts(), kind, id))()
  })

  const verifyPoint = (cmd: Command) =>
    cmd
      .option('--at-position <n>', 'verify the record up to this position and give its digest there')
      .option('--expect <digest>', 'the digest recorded for the record up to that position (an anchor)')

  common(
    verifyPoint(
      storeOption(
        program
          .command('verify')
          .description(
            'check the hash chain, revisions, positions and event ids, decode every event, give the digest',
          ),
      ),
    ),
  ).action(function (this: Command) {
    return run(() => commands.verify(io, this.opts()))()
  })

  common(
    verifyPoint(
      storeOption(
        program
          .command('anchor')
          .description(
            'the digest of the record at a position, to record outside the store (minutes, a timestamping service)',
          ),
      ),
    ),
  ).action(function (this: Command) {
    return run(() => commands.anchor(io, this.opts()))()
  })

  common(
    program
      .command('migrate')
      .description(
        "copy a record into a new store through the upcasters, at today's versions, linked to the old record's digest",
      )
      .requiredOption('--from <store>', 'the store to migrate (only read)')
      .requiredOption('--to <dir>', 'a new file store directory'),
  ).action(function (this: Command) {
    return run(() => commands.migrate(io, this.opts()))()
  })

  common(
    storeOption(
      program
        .command('repair')
        .description(
          "cut a damaged end of a file store's log (zeroed or garbage bytes, a torn append), after a backup",
        ),
    ),
  ).action(function (this: Command) {
    return run(() => commands.repair(io, this.opts()))()
  })

  common(
    pointOptions(
      storeOption(
        program
          .command('check')
          .description("run the strategy's rules over the record; findings grouped by rule")
          .option('--answer-within-days <n>', 'promise 2: an answer is due within this many days', '14'),
      ),
    ),
  ).action(function (this: Command) {
    return run(() => commands.check(io, this.opts()))()
  })

  common(
    pointOptions(
      storeOption(
        program
          .command('report')
          .description(
            'the audit report as one self-contained HTML file: charts, tables and the record’s identity, verified first',
          )
          .requiredOption('--html <file>', 'the HTML file to write'),
      ),
    ),
  ).action(function (this: Command) {
    return run(() => commands.report(io, this.opts()))()
  })

  common(
    storeOption(
      program
        .command('export')
        .description('write every event to an NDJSON archive')
        .requiredOption('--out <file>', 'archive file to write'),
    ),
  ).action(function (this: Command) {
    return run(() => commands.exportArchive(io, this.opts()))()
  })

  common(
    storeOption(
      program
        .command('import')
        .description('check an archive whole and write it into a new store, atomically')
        .requiredOption('--archive <file>', 'archive file to read')
        .option(
          '--allow-no-trailer',
          'import an archive written before archives had a trailer (it cannot prove it is whole)',
        ),
    ),
  ).action(function (this: Command) {
    return run(() => commands.importArchive(io, this.opts()))()
  })

  const keysOption = (cmd: Command) =>
    cmd.option('--keys <keys>', 'the key store: a directory or a postgres:// connection string')

  common(
    keysOption(
      storeOption(
        program
          .command('forget')
          .description(
            'erase a data subject: destroy every key of theirs, so their fields read as erased, and record the proof',
          )
          .option('--customer <ref>', "the customer's pseudonymous reference")
          .option('--staff <name>', "a staff member's name")
          .option('--at <time>', 'the time of the erasure (ISO-8601 with offset; default now)')
          .option(
            '--erasure <id>',
            "the erasure's id, such as the request's register number (default a new uuid)",
          ),
      ),
    ),
  ).action(function (this: Command) {
    return run(() => personalDataCommands.forget(io, this.opts()))()
  })

  common(
    keysOption(
      storeOption(
        program
          .command('retention')
          .description('what the retention table lets expire as of a date; with --apply, erased with proof')
          .option('--table <file>', 'the retention table (JSON), see docs/personal-data.md')
          .option(
            '--as-of <date>',
            'judge retention at a date (the end of that day in Helsinki) or an ISO-8601 time',
          )
          .option('--apply', 'erase what expired (without it, a dry run that writes nothing)', false),
      ),
    ),
  ).action(function (this: Command) {
    return run(() => personalDataCommands.retention(io, this.opts()))()
  })

  common(
    keysOption(
      storeOption(
        program
          .command('subject-export')
          .description(
            "everything held about one customer (GDPR art. 15) as JSON: their events opened, their cases' facts",
          )
          .option('--customer <ref>', "the customer's pseudonymous reference")
          .option('--out <file>', 'the JSON file to write (default: standard output)'),
      ),
    ),
  ).action(function (this: Command) {
    return run(() => personalDataCommands.subjectExport(io, this.opts()))()
  })

  const ptv = program
    .command('ptv')
    .description(
      'the service catalogue from and to the Finnish Service Catalogue (PTV) v11, as files: no call to PTV',
    )
  common(
    storeOption(
      ptv
        .command('import')
        .description(
          'plan, link and launch the services of PTV records through the command handler, and report what did not come across',
        )
        .requiredOption(
          '--from <path>',
          'a directory of PTV JSON records (services/, servicechannels/) or one JSON file',
        )
        .option(
          '--at <time>',
          'the time the services are planned and launched at (ISO-8601 with offset; default now)',
        )
        .option('--report <file>', 'write every field not carried over, record by record, as JSON'),
    ),
  ).action(function (this: Command) {
    return run(() => ptvCommands.import(io, this.opts()))()
  })
  common(
    pointOptions(
      storeOption(
        ptv
          .command('export')
          .description(
            'each service as PTV v11 JSON as of a point, what PTV cannot hold, and against a PTV snapshot what to send',
          )
          .requiredOption(
            '--out <dir>',
            'the directory to write services/*.json, report.json and changes.json into',
          )
          .requiredOption('--organization <id>', "the city's organization id in PTV (a UUID)")
          .requiredOption(
            '--municipality <code>',
            "the city's municipality code, for local services (such as 529)",
          )
          .option(
            '--against <path>',
            'PTV records as PTV has them now (a directory or a file): write changes.json',
          ),
      ),
    ),
  ).action(function (this: Command) {
    return run(() => ptvCommands.export(io, this.opts()))()
  })

  const open311 = program
    .command('open311')
    .description("a city's Open311 GeoReport v2 service requests (with the 6Aika extensions) into cases")
  common(
    storeOption(
      open311
        .command('import')
        .description(
          'open, answer and close a case for every request, through the command handler; say what was refused and why',
        )
        .requiredOption(
          '--from <source>',
          'a GeoReport v2 endpoint (https://city.example/open311/v2) or a file of a requests list (JSON)',
        )
        .option(
          '--since <time>',
          'from an endpoint: requests made at or after this time (default a year before --until)',
        )
        .option('--until <time>', 'from an endpoint: requests made at or before this time (default now)'),
    ),
  ).action(function (this: Command) {
    return run(() => open311Commands.import(io, this.opts()))()
  })

  try {
    await program.parseAsync([...argv], { from: 'user' })
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are successful exits; everything else is a usage error (already printed).
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage
    }
    throw error
  }
  return exit
}

// The public API of every package entry (main and subpaths), as API Extractor reports in api/.
// `node scripts/api-report.mjs` fails when a built package's API differs from its committed
// report, so that a change to the public surface is always deliberate; `--update` rewrites them.
// Run after `npm run build`: the reports are read from the built declarations.
import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor'

const update = process.argv.includes('--update')
const root = resolve('.')
let changed = 0
for (const dir of readdirSync('packages')) {
  const packageJson = join(root, 'packages', dir, 'package.json')
  const manifest = JSON.parse(readFileSync(packageJson, 'utf8'))
  for (const [subpath, entry] of Object.entries(manifest.exports)) {
    if (typeof entry !== 'object') continue
    const name = subpath === '.' ? dir : `${dir}-${subpath.slice(2)}`
    const config = ExtractorConfig.prepare({
      configObjectFullPath: join(root, 'api', `${name}.json`),
      packageJsonFullPath: packageJson,
      configObject: {
        projectFolder: join(root, 'packages', dir),
        mainEntryPointFilePath: join(root, 'packages', dir, entry.import.types),
        bundledPackages: [],
        compiler: {
          overrideTsconfig: {
            compilerOptions: {
              module: 'NodeNext',
              moduleResolution: 'NodeNext',
              target: 'ES2022',
              lib: ['ES2022'],
              types: ['node'],
              skipLibCheck: true,
              strict: true,
            },
          },
        },
        apiReport: {
          enabled: true,
          reportFileName: `${name}.api.md`,
          reportFolder: join(root, 'api'),
          reportTempFolder: join(root, 'api', 'temp'),
        },
        docModel: { enabled: false },
        dtsRollup: { enabled: false },
        tsdocMetadata: { enabled: false },
        messages: {
          // Release tags (@public, @beta) are not used: every exported name is public.
          extractorMessageReporting: {
            'ae-missing-release-tag': { logLevel: 'none' },
            'ae-forgotten-export': { logLevel: 'none', addToApiReportFile: true },
          },
          tsdocMessageReporting: { default: { logLevel: 'none' } },
          compilerMessageReporting: { default: { logLevel: 'warning' } },
        },
      },
    })
    const result = Extractor.invoke(config, {
      localBuild: update,
      messageCallback: (message) => {
        // Only what differs or fails is worth a line.
        if (message.logLevel === 'info' || message.logLevel === 'verbose') message.handled = true
      },
    })
    if (!result.succeeded || result.apiReportChanged) {
      changed++
      process.stderr.write(
        `api: ${manifest.name}${subpath.slice(1)}: its API differs from api/${name}.api.md\n`,
      )
    }
  }
}
if (changed > 0 && !update) {
  process.stderr.write(
    `api: ${changed} report(s) differ. If the change is meant, run \`npm run api:update\` and commit api/.\n`,
  )
  process.exit(1)
}
process.stdout.write(`api: every package entry matches its report in api/${update ? ' (updated)' : ''}\n`)

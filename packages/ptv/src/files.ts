/**
 * @servicelife/ptv/files: PTV records read from files, as PTV's API or an export of it leaves
 * them. The shell of the package: it reads the disk, the mappings in `@servicelife/ptv` do not.
 */
export { type PtvFilesError, readPtvFiles, sortRecords } from './shell/ptv-files.js'

import { writeArchive } from './history.ts'
await writeArchive(process.argv[2]!, Number(process.argv[3]))

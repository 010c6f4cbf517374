// How fast one core hashes candidate identity codes with plain SHA-256: the cost of reversing an unsalted hash.
import { createHash } from 'node:crypto'
const CHECK = '0123456789ABCDEFHJKLMNPRSTUVWXY'
const start = Date.UTC(1925, 0, 1),
  days = 36525
let n = 0
const t0 = process.hrtime.bigint()
for (let d = 0; d < 400; d++) {
  const date = new Date(start + d * 86400000)
  const dd = String(date.getUTCDate()).padStart(2, '0'),
    mm = String(date.getUTCMonth() + 1).padStart(2, '0'),
    yy = String(date.getUTCFullYear() % 100).padStart(2, '0')
  const sign = date.getUTCFullYear() < 2000 ? '-' : 'A'
  for (let i = 2; i <= 900; i++) {
    const nnn = String(i).padStart(3, '0')
    createHash('sha256')
      .update(`${dd}${mm}${yy}${sign}${nnn}${CHECK[Number(dd + mm + yy + nnn) % 31]}`)
      .digest()
    n++
  }
}
const s = Number(process.hrtime.bigint() - t0) / 1e9
const all = days * 899
console.log(
  `${n} codes in ${s.toFixed(2)} s: ${Math.round(n / s)} per s; all ${all} codes of births 1925-2024: ${(all / (n / s)).toFixed(1)} s`,
)

// Fails the build when the zh-CN and en catalogues differ in keys, a message is empty, or the
// source uses a literal key that a catalogue lacks. Keys built at run time (`status.${s}`) are
// covered by the parity check only.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'src')
const locales = ['zh-CN', 'en']

function flatten(obj, prefix = '', out = new Map()) {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k
    if (v && typeof v === 'object') flatten(v, key, out)
    else out.set(key, v)
  }
  return out
}

// The base catalogue locales/<l>.json plus every domain catalogue locales/<domain>/<l>.json; a
// top-level section defined in two files is a problem (the later one would hide the earlier).
const problems = []
function load(l) {
  const merged = JSON.parse(readFileSync(join(root, 'locales', `${l}.json`), 'utf8'))
  const owner = Object.fromEntries(Object.keys(merged).map((k) => [k, `${l}.json`]))
  for (const d of readdirSync(join(root, 'locales'))) {
    const file = join(root, 'locales', d, `${l}.json`)
    if (!statSync(join(root, 'locales', d)).isDirectory()) continue
    if (!existsSync(file)) {
      problems.push(`${l}: ${d}/${l}.json is missing`)
      continue
    }
    const part = JSON.parse(readFileSync(file, 'utf8'))
    for (const [k, v] of Object.entries(part)) {
      if (k in merged) problems.push(`${l}: section "${k}" in ${d}/${l}.json also in ${owner[k]}`)
      merged[k] = v
      owner[k] = `${d}/${l}.json`
    }
  }
  return flatten(merged)
}
const catalogues = Object.fromEntries(locales.map((l) => [l, load(l)]))
for (const a of locales) {
  for (const [key, msg] of catalogues[a]) {
    if (typeof msg !== 'string' || msg.trim() === '') problems.push(`${a}: "${key}" is empty`)
    for (const b of locales) if (!catalogues[b].has(key)) problems.push(`${b}: missing "${key}" (present in ${a})`)
  }
}

function* sources(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) yield* sources(p)
    else if (/\.(vue|ts)$/.test(name)) yield p
  }
}
const used = /\$?\bt\(\s*['"]([\w.-]+)['"]|title: '([\w]+\.[\w.]+)'/g
for (const file of sources(root)) {
  for (const m of readFileSync(file, 'utf8').matchAll(used)) {
    const key = m[1] ?? m[2]
    for (const l of locales) if (!catalogues[l].has(key)) problems.push(`${l}: missing "${key}" used in ${file}`)
  }
}

if (problems.length) {
  console.error([...new Set(problems)].join('\n'))
  process.exit(1)
}
console.log(`i18n: ${catalogues.en.size} keys, zh-CN and en complete`)

#!/usr/bin/env node
// Size budget of the built page: the gzip size of every .wasm and .js file under
// dist/ (what a browser downloads to start the app), added up, must be at most
// 425 KiB = 425 * 1024 = 435200 bytes. gzip at zlib's default level 6, as `gzip`
// and most web servers use. Run after `trunk build --release`.
//
// This is a guard against growth, not the goal: the target is 350 KB, and the
// build is about 422 KiB (after folding std's sort and B-tree copies into one each,
// and dropping Rust's float formatting). The guard was 420 KiB until the controller's
// preferred-leader balancing (+1.2 KB) and kafka-leader-election.sh (+5.6 KB) came in,
// partly paid for by comparing the lesson panel's props by identity (-1.0 KB); a
// feature that needs more room must say so here. Sort through engine::sorting, never a slice's
// own sort (clippy.toml forbids them): each std sort instance costs several KB (a stray
// one cost 4.6 KB gzip).
//
//   node e2e/size.mjs [DIST_DIR]        env: SIZE_BUDGET_BYTES to override the budget
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.resolve(process.argv[2] ?? path.join(ROOT, 'dist'));
const BUDGET = Number(process.env.SIZE_BUDGET_BYTES ?? 425 * 1024);

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : [p];
  });
}

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;

if (!fs.existsSync(DIST)) {
  console.error(`size: ${DIST} does not exist; run \`trunk build --release\` first`);
  process.exit(1);
}
const files = walk(DIST).filter((f) => /\.(wasm|js)$/.test(f)).sort();
if (!files.some((f) => f.endsWith('.wasm'))) {
  console.error(`size: no .wasm file under ${DIST}; run \`trunk build --release\` first`);
  process.exit(1);
}

let raw = 0;
let gz = 0;
for (const f of files) {
  const data = fs.readFileSync(f);
  const g = zlib.gzipSync(data, { level: 6 }).length;
  raw += data.length;
  gz += g;
  console.log(`size: ${path.relative(ROOT, f).padEnd(60)} ${String(data.length).padStart(9)} B raw  ${String(g).padStart(8)} B gzip (${kib(g)})`);
}
const verdict = gz <= BUDGET ? 'OK' : 'OVER BUDGET';
console.log(`size: total ${raw} B raw (${kib(raw)}), ${gz} B gzip (${kib(gz)}); budget ${BUDGET} B gzip (${kib(BUDGET)}): ${verdict}`);
process.exit(gz <= BUDGET ? 0 : 1);

#!/usr/bin/env node
// Size budget of the built page. The page's own download is the .wasm and .js files that
// dist/index.html names (the app, loaded at start); their gzip sizes added up must be at
// most 350 KB = 350000 bytes: issue 6's target for wasm plus JS, now a budget. Every
// other .wasm and .js file is loaded on demand (the export worker, fetched when Export is
// clicked) and has its own guard, 260 KiB = 266240 bytes. gzip at zlib's default level
// 6, as `gzip` and most web servers use. Run after `bash scripts/build.sh` (its
// -Zlocation-detail=none and -inline-threshold=0 are part of the figure: a plain
// `trunk build --release` is about 10 KB bigger).
//
// How the page came down from 423 KiB: the export (its code and templates, about 26 KB
// of gzip) moved to the worker; Rust's float parser gave way to engine::decimal::parse
// (-13.8 KB); share links check the trace's hash instead of the state's (-3.2 KB); Talc
// replaced dlmalloc (-2.9 KB); wasm-opt got --flatten --rereloop (-2.5 KB); the help
// formatter's combinators became `dyn` (-1.2 KB); terser minifies the JS glue (-2.1 KB,
// scripts/minify-js.mjs); panics lost their file/line constants (-9.3 KB,
// scripts/setup.sh); the Kafka tools' usage texts are fetched (static/help/) instead of
// built (-7 KB); and most of the UI became view functions whose state lives in AppState
// instead of components (-20 KB: each component, with its props comparison and its
// callbacks, costs about 1-3 KB). Never `str::parse::<f64>` on the page: it brings 16 KB
// back. Prefer a view function to a new component unless it must skip renders or hold
// DOM state. A feature that needs more room must say so here. Sort through
// engine::sorting, never a slice's own sort (clippy.toml forbids them): each std sort
// instance costs several KB (a stray one cost 4.6 KB gzip).
//
//   node e2e/size.mjs [DIST_DIR]   env: SIZE_BUDGET_BYTES, LAZY_BUDGET_BYTES override the guards
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.resolve(process.argv[2] ?? path.join(ROOT, 'dist'));
const BUDGET = Number(process.env.SIZE_BUDGET_BYTES ?? 350_000);
const LAZY_BUDGET = Number(process.env.LAZY_BUDGET_BYTES ?? 260 * 1024);

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

// the files the page names: its module script and the preloads Trunk writes
const html = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
const named = (f) => html.includes(path.basename(f));
const page = files.filter(named);
const lazy = files.filter((f) => !named(f));
if (!page.some((f) => f.endsWith('.wasm'))) {
  console.error(`size: dist/index.html names no .wasm file`);
  process.exit(1);
}

function total(label, group, budget) {
  let raw = 0;
  let gz = 0;
  for (const f of group) {
    const data = fs.readFileSync(f);
    const g = zlib.gzipSync(data, { level: 6 }).length;
    raw += data.length;
    gz += g;
    console.log(`size: ${label.padEnd(9)} ${path.relative(ROOT, f).padEnd(60)} ${String(data.length).padStart(9)} B raw  ${String(g).padStart(8)} B gzip (${kib(g)})`);
  }
  const ok = gz <= budget;
  console.log(`size: ${label} total ${raw} B raw (${kib(raw)}), ${gz} B gzip (${kib(gz)}); budget ${budget} B gzip (${kib(budget)}): ${ok ? 'OK' : 'OVER BUDGET'}`);
  return ok;
}

const pageOk = total('page', page, BUDGET);
const lazyOk = total('on demand', lazy, LAZY_BUDGET);
process.exit(pageOk && lazyOk ? 0 : 1);

#!/usr/bin/env node
// Trunk post_build hook (Trunk.toml): minifies wasm-bindgen's glue with terser in release
// builds: the page's (an ES module), whose Subresource Integrity hashes in the staged
// index.html it rewrites so the browser still accepts the file, and the export worker's
// (a classic script that defines the global `wasm_bindgen`, loaded by
// static/export-worker.js without integrity).
// Trunk's own `minify` cannot do this: minify-js stops at the glue's `export default`.
// Saves about 2 KB of the page's gzip budget (e2e/size.mjs). Debug builds (`trunk serve`)
// are left alone.
//
// Env (set by Trunk): TRUNK_PROFILE, TRUNK_STAGING_DIR.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { minify } from 'terser';

if (process.env.TRUNK_PROFILE !== 'release') process.exit(0);
const stage = process.env.TRUNK_STAGING_DIR;
if (!stage) {
  console.error('minify-js: TRUNK_STAGING_DIR is not set (run it as a Trunk hook)');
  process.exit(1);
}

const sri = (bytes) => `sha384-${crypto.createHash('sha384').update(bytes).digest('base64')}`;
const htmlFile = path.join(stage, 'index.html');
let html = fs.readFileSync(htmlFile, 'utf8');

// the JS modules index.html imports: the app's glue
const names = [...new Set([...html.matchAll(/import init, \* as bindings from '\/([^']+\.js)'/g)].map((m) => m[1]))];
if (names.length === 0) {
  console.error('minify-js: index.html imports no wasm-bindgen glue; nothing to minify');
  process.exit(1);
}
for (const name of names) {
  const file = path.join(stage, name);
  const source = fs.readFileSync(file);
  const result = await minify(source.toString('utf8'), { module: true, compress: true, mangle: true });
  if (typeof result.code !== 'string' || result.code.length === 0) {
    console.error(`minify-js: terser gave nothing for ${name}`);
    process.exit(1);
  }
  const before = sri(source);
  const after = sri(Buffer.from(result.code, 'utf8'));
  if (html.includes(before)) html = html.split(before).join(after);
  fs.writeFileSync(file, result.code);
  console.log(`minify-js: ${name} ${source.length} -> ${Buffer.byteLength(result.code)} bytes`);
}
fs.writeFileSync(htmlFile, html);

// the export worker's glue: a classic script, so top-level names (`wasm_bindgen`) stay
const worker = path.join(stage, 'kafkascope-export.js');
if (fs.existsSync(worker)) {
  const source = fs.readFileSync(worker, 'utf8');
  const result = await minify(source, { module: false, compress: true, mangle: true });
  if (typeof result.code !== 'string' || !result.code.includes('wasm_bindgen')) {
    console.error('minify-js: terser lost the export worker glue\'s wasm_bindgen');
    process.exit(1);
  }
  fs.writeFileSync(worker, result.code);
  console.log(`minify-js: kafkascope-export.js ${Buffer.byteLength(source)} -> ${Buffer.byteLength(result.code)} bytes`);
}

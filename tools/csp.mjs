// Trunk post-build hook: gives the built page a Content-Security-Policy that allows it
// nothing beyond its own origin. Trunk writes the loader of the WebAssembly module as an
// inline script; the policy names that one script by its SHA-256, so no other inline
// script can run. WebAssembly compilation needs 'wasm-unsafe-eval'; Leptos sets inline
// style attributes, hence 'unsafe-inline' for styles (no request leaves the origin).
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('csp.mjs: TRUNK_STAGING_DIR is not set (run it as a Trunk hook)');
  process.exit(1);
}
const file = join(dir, 'index.html');
let html = await readFile(file, 'utf8');
const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)].filter((m) => !/\bsrc=/.test(m[1]));
const hashes = scripts.map((m) => `'sha256-${createHash('sha256').update(m[2], 'utf8').digest('base64')}'`);
const policy = [
  "default-src 'self'",
  `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`.trim(),
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');
const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}" />`;
html = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\s*/g, '').replace(/<head>/, `<head>\n    ${meta}`);
await writeFile(file, html);
console.log(`csp.mjs: policy set, ${hashes.length} inline script(s) allowed by hash`);

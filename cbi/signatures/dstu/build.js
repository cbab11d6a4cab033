// Builds the КЕП signing widget (src/kep-sign.js) into cbi/signatures/static/signatures/kep-sign.js
// with esbuild, from the versions pinned in package-lock.json: `npm ci && node build.js`.
// Reproducible: no timestamps, no source paths, no source map; the same inputs give the same bytes
// (tests/signatures/test_bundle.py rebuilds it and compares with the committed file).
"use strict";
const path = require("path");
const esbuild = require("esbuild");

const out = process.argv[2] || path.resolve(__dirname, "../static/signatures/kep-sign.js");

esbuild.buildSync({
  entryPoints: [path.join(__dirname, "src/kep-sign.js")],
  outfile: out,
  bundle: true,
  minify: true,
  format: "iife",
  platform: "browser",
  target: ["es2020"],
  legalComments: "eof",
  charset: "utf8",
  absWorkingDir: __dirname,
  // Node built-ins become an empty module: asn1.js tries node's vm for named constructors and
  // falls back without it; jkurwa's fs/http helpers (key files from disk, OCSP) are not used here,
  // and its browser random source is crypto.getRandomValues (rand.browser.js).
  alias: Object.fromEntries(["fs", "vm", "http", "https", "url", "crypto", "path", "os", "zlib", "stream", "net", "tls"]
    .map((name) => [name, "./src/empty.js"])),
  define: { "process.env.NODE_DEBUG": "false" },
  banner: { js: "/* ЦБІ КЕП signing widget: built by cbi/signatures/dstu/build.js from package-lock.json; do not edit. */" },
  logLevel: "warning",
});

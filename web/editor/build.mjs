// Bundles src/editor.js and the packages it imports into one minified script,
// api/static/editor.js, headed by the name, version and licence of every package inside it.
// Run by scripts/build-editor (after `npm ci`), or `npm run build` here.

import { build } from "esbuild";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const target = resolve(here, "../../api/static/editor.js");

// The folder of the package an input file belongs to (scoped names included).
function packageDir(input) {
  const match = input.match(/^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//);
  return match && join(here, match[1]);
}

function licenceFile(dir) {
  for (const name of ["LICENSE", "LICENSE.md", "LICENSE.txt", "LICENCE"]) {
    try {
      return readFileSync(join(dir, name), "utf8");
    } catch {}
  }
  throw new Error(`no licence file in ${dir}`);
}

// One line per package with its copyright notice, then each distinct licence text once
// (they are all MIT's, the same words under each package's own copyright line).
function header(inputs) {
  const dirs = [...new Set(inputs.map(packageDir).filter(Boolean))].sort();
  const lines = [];
  const texts = new Map();
  for (const dir of dirs) {
    const meta = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    const text = licenceFile(dir);
    const copyright = text.split("\n").find((line) => /copyright/i.test(line)) || "";
    if (meta.license !== "MIT") throw new Error(`${meta.name} is under ${meta.license}, not MIT`);
    lines.push(`${meta.name} ${meta.version} (${meta.license}): ${copyright.trim()}`);
    const terms = text.replace(copyright, "").replace(/\n\s*\n(\s*\n)+/g, "\n\n").trim();
    texts.set(terms, [...(texts.get(terms) || []), meta.name]);
  }
  const terms = [...texts].map(([body, names]) => ["", `Licence of ${names.join(", ")}:`, "", ...body.split("\n")]);
  const body = ["The judge's code editor (web/editor, rebuilt by scripts/build-editor).",
    "It bundles these packages:", ...lines, ...terms.flat()];
  // A "*/" inside a licence would end the comment early.
  return "/*!\n" + body.map((line) => ` * ${line.replaceAll("*/", "* /")}`.trimEnd()).join("\n") + "\n */\n";
}

const result = await build({
  entryPoints: [join(here, "src/editor.js")],
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  legalComments: "none",
  sourcemap: false,
  metafile: true,
  write: false,
  logLevel: "warning",
});
const code = result.outputFiles[0].text;
// What ends up in the bundle: a package whose code was all shaken out is not in it.
const [output] = Object.values(result.metafile.outputs);
const inputs = Object.entries(output.inputs).filter(([, use]) => use.bytesInOutput > 0).map(([path]) => path);
const bundle = header(inputs) + code;
writeFileSync(target, bundle);
console.log(`${relative(resolve(here, "../.."), target)}: ${Math.round(Buffer.byteLength(bundle) / 1000)} kB`);

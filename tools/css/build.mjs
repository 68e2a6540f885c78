// Builds static/css/bootstrap.min.css: Bootstrap compiled from its Sass sources with only the
// components the public pages use (bootstrap.scss), then every rule no page can match dropped.
//
//   cd tools/css && npm ci && npm run build      (then commit static/css/bootstrap.min.css)
//
// What a page can use is read from the templates, the crispy-forms templates and Python code
// that writes class names (the form's widgets), the education pages' Markdown and our JS. The
// build is reproducible: the same inputs give the same file (package-lock.json pins the tools).
// tests/welltopia/test_css.py checks that every class a rendered page uses is styled or known.
import fs from "node:fs";
import path from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

import { PurgeCSS } from "purgecss";
import * as sass from "sass";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..", "..");
const out = path.join(root, "static", "css", "bootstrap.min.css");

function sitePackages() {
  const lib = path.join(root, ".venv", "lib");
  const python = fs.existsSync(lib) ? fs.readdirSync(lib).find((name) => name.startsWith("python")) : null;
  if (!python) throw new Error("No .venv: run `make venv` first (the crispy-forms templates are read from it)");
  return path.join(lib, python, "site-packages");
}

const site = sitePackages();
const CRISPY_FIELD_TEMPLATES = [
  "field.html",
  "layout/attrs.html",
  "layout/field_errors_block.html",
  "layout/help_text.html",
  "layout/help_text_and_errors.html",
  "layout/radio_checkbox_select.html",
];
const content = [
  `${root}/templates/**/*.html`,
  `${root}/education/**/*.{py,html}`,
  `${root}/education/content/*.md`,
  `${root}/intake/**/*.{py,html}`,
  `${root}/welltopia/**/*.py`,
  `${root}/static/js/**/*.js`,
  // The crispy-forms templates a field is rendered with (|as_crispy_field), and the tags that
  // add classes to widgets. Its other templates (layouts, input groups) are never used here.
  ...CRISPY_FIELD_TEMPLATES.map((name) => `${site}/crispy_bootstrap5/templates/bootstrap5/${name}`),
  `${site}/crispy_forms/templatetags/*.py`,
];

const compiled = sass.compile(path.join(here, "bootstrap.scss"), {
  loadPaths: [path.join(here, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["mixed-decls"],
});

const [purged] = await new PurgeCSS().purge({
  content,
  skippedContentGlobs: [`${root}/templates/admin/**`, `${root}/intake/admin/**`],
  // Sass starts non-ASCII output with a byte-order mark; the file is served as UTF-8 anyway.
  css: [{ raw: compiled.css.replace(/^\uFEFF/, "") }],
  // Kept whatever the content says: the state crispy-forms gives a field with an error.
  safelist: { standard: ["is-invalid"] },
  variables: false,
});

const banner = `/*! Bootstrap v5.3.8 (https://getbootstrap.com), MIT License; only the parts Welltopia uses (tools/css) */\n`;
fs.writeFileSync(out, banner + purged.css + "\n");
process.stdout.write(`${path.relative(root, out)}: ${compiled.css.length} bytes compiled, ${purged.css.length} kept\n`);

// Copies the pinned front-end packages from node_modules/ into web/vendor/ (git-ignored).
// Run after `npm ci`: `npm run vendor`. No network, no bundler: the files are used as shipped,
// except that nhsuk-frontend's CSS is pointed at our own copy of its images and its web-font
// rules (which load fonts from an NHS host) are dropped, so the page makes no outside requests.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const modules = join(root, "node_modules");
const vendor = join(root, "web", "vendor");

function need(path) {
  if (!existsSync(path)) {
    console.error(`missing ${path}: run \`npm ci\` first`);
    process.exit(1);
  }
  return path;
}

const nhsuk = need(join(modules, "nhsuk-frontend", "dist", "nhsuk"));
rmSync(vendor, { recursive: true, force: true });
mkdirSync(join(vendor, "nhsuk"), { recursive: true });

const css = readFileSync(join(nhsuk, "nhsuk-frontend.min.css"), "utf8")
  .replace(/@font-face\{[^}]*https?:\/\/[^}]*\}/g, "")
  .replaceAll("url(/assets/", "url(/vendor/nhsuk/assets/");
if (/https?:\/\//.test(css.replace(/\/\*[\s\S]*?\*\//g, ""))) {
  console.error("nhsuk-frontend CSS still refers to an outside host");
  process.exit(1);
}
writeFileSync(join(vendor, "nhsuk", "nhsuk-frontend.min.css"), css);
cpSync(join(nhsuk, "nhsuk-frontend.min.js"), join(vendor, "nhsuk", "nhsuk-frontend.min.mjs"));
cpSync(join(nhsuk, "assets"), join(vendor, "nhsuk", "assets"), { recursive: true });

const files = {
  "markdown-it.min.mjs": need(join(modules, "markdown-it", "dist", "browser", "markdown-it.esm.min.mjs")),
  "purify.es.mjs": need(join(modules, "dompurify", "dist", "purify.es.mjs")),
};
for (const [name, source] of Object.entries(files)) {
  cpSync(source, join(vendor, name));
}

// Swagger UI for the API docs page (/docs), served from the package instead of a CDN.
const swagger = need(join(modules, "swagger-ui-dist"));
mkdirSync(join(vendor, "swagger-ui"), { recursive: true });
for (const name of ["swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png", "LICENSE"]) {
  cpSync(join(swagger, name), join(vendor, "swagger-ui", name));
}

const versions = Object.fromEntries(
  ["nhsuk-frontend", "markdown-it", "dompurify", "axe-core", "swagger-ui-dist"].map((name) => [
    name,
    JSON.parse(readFileSync(join(modules, name, "package.json"), "utf8")).version,
  ]),
);
writeFileSync(join(vendor, "versions.json"), JSON.stringify(versions, null, 2) + "\n");
console.log(`web/vendor ready: ${Object.entries(versions).map(([k, v]) => `${k}@${v}`).join(", ")}`);

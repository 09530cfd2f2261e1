// dist/ is committed (lst-devnet embeds it with include_bytes!, so building the node needs no
// Node.js): it must be exactly what the sources build to. Rebuilds into a temporary
// directory and compares file by file.
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { build } from "vite";
import { afterAll, expect, test } from "vitest";
import { packageDir } from "./browser.js";

let outDir = "";
afterAll(() => (outDir ? rm(outDir, { recursive: true, force: true }) : undefined));

async function files(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

test("dist/ is what the sources build to (run `npm run build -w packages/lst-registry-page` and commit dist/)", async () => {
  outDir = await mkdtemp(join(tmpdir(), "lst-registry-page-"));
  await build({ root: packageDir, configFile: join(packageDir, "vite.config.ts"), logLevel: "silent", build: { outDir, emptyOutDir: true } });
  const committed = join(packageDir, "dist");
  const built = await files(outDir);
  expect(await files(committed)).toEqual(built);
  // The names lst-devnet/src/page.rs embeds.
  expect(built).toEqual(["assets/page.css", "assets/page.js", "index.html"]);
  for (const name of built) {
    const [a, b] = await Promise.all([readFile(join(committed, name)), readFile(join(outDir, name))]);
    expect(a.equals(b), `dist/${name} differs from a fresh build`).toBe(true);
  }
});

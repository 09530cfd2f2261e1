// Compiles the vault and its token with solc-js, with the settings and compiler of the
// genesis contracts (`compile` from contracts/build.mjs: solc 0.8.37 pinned from npm,
// optimizer 200 runs, Cancun, no metadata), against the registry's committed interface
// abi/ILstRegistry.sol, and writes out/lst-vault.json: for each contract its ABI, creation
// code and runtime code. `--check` compiles again and fails if the committed file differs,
// so the committed bytecode is always what the committed sources compile to.
//
//   node build.mjs          write out/lst-vault.json
//   node build.mjs --check  exit 1 if out/lst-vault.json is not what the sources compile to
import { readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { compile, compiledContract, compilerInfo, writeOrCheck } from "../../contracts/build.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");

/**
 * The sources, by their path from the repository's root (solc's source unit names), so that
 * `import "../../../abi/ILstRegistry.sol"` in src/LstVault.sol resolves inside solc's virtual
 * file system exactly as it does on disk.
 */
export const SOURCES = [
  "abi/ILstRegistry.sol",
  "integrations/lst-vault/src/IERC20.sol",
  "integrations/lst-vault/src/MetisToken.sol",
  "integrations/lst-vault/src/LstVault.sol",
];

/** The contracts written to out/lst-vault.json: source unit and contract name. */
export const CONTRACTS = [
  { source: "integrations/lst-vault/src/MetisToken.sol", name: "MetisToken" },
  { source: "integrations/lst-vault/src/LstVault.sol", name: "LstVault" },
];

/** What out/lst-vault.json holds, compiled from the sources now. */
export function build() {
  const output = compile(Object.fromEntries(SOURCES.map((path) => [path, readFileSync(join(root, path), "utf8")])));
  return {
    ...compilerInfo(),
    sources: SOURCES,
    contracts: CONTRACTS.map(({ source, name }) => compiledContract(output, source, name)),
  };
}

export const OUT = join(here, "out", "lst-vault.json");

function main() {
  writeOrCheck(OUT, relative(root, OUT), build(), "npm run build -w integrations/lst-vault");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();

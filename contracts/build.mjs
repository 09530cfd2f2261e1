// Compiles the genesis contracts with solc-js (offline, the compiler version pinned in
// package.json) and writes out/genesis.json: for each contract its canonical address, ABI,
// creation code and runtime code. `--check` compiles again and fails if the committed file
// differs, so the committed bytecode is always what the committed source compiles to.
//
//   node build.mjs          write out/genesis.json
//   node build.mjs --check  exit 1 if out/genesis.json is not what the sources compile to
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import solc from "solc";

const here = dirname(fileURLToPath(import.meta.url));

/** The genesis contracts: source, contract name, and the address the devnet puts it at. */
export const GENESIS = [
  {
    source: "genesis/DeterministicDeployer.sol",
    name: "DeterministicDeployer",
    address: "0x4e59b44847b379578588920cA78FbF26c0B4956C",
  },
  {
    source: "genesis/Multicall3.sol",
    name: "Multicall3",
    address: "0xcA11bde05977b3631167028862bE2a173976CA11",
  },
  {
    source: "genesis/StylusDeployer.sol",
    name: "StylusDeployer",
    address: "0xcEcba2F1DC234f70Dd89F2041029807F8D03A990",
  },
  {
    source: "genesis/CacheManager.sol",
    name: "CacheManager",
    address: "0x0f1F89AAF1c6fDb7ff9D361E4388F5F3997f12A8",
  },
];

/** Compiler settings: fixed, and without metadata so that the code depends on nothing else. */
export const SETTINGS = {
  optimizer: { enabled: true, runs: 200 },
  evmVersion: "cancun",
  metadata: { appendCBOR: false, bytecodeHash: "none" },
  outputSelection: { "*": { "*": ["abi", "evm.bytecode.object", "evm.deployedBytecode.object"] } },
};

/**
 * Compiles `sources` (path → content) and returns solc's output, throwing on any error.
 * @param {Record<string, string>} sources
 */
export function compile(sources) {
  const input = {
    language: "Solidity",
    sources: Object.fromEntries(Object.entries(sources).map(([path, content]) => [path, { content }])),
    settings: SETTINGS,
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input)));
  const errors = (output.errors ?? []).filter((e) => e.severity === "error");
  if (errors.length > 0) {
    throw new Error(errors.map((e) => e.formattedMessage).join("\n"));
  }
  return output;
}

/** The compiler and its settings, as each committed output names them. */
export function compilerInfo() {
  return {
    compiler: `solc ${solc.version()}`,
    settings: { optimizer: SETTINGS.optimizer, evmVersion: SETTINGS.evmVersion, metadata: SETTINGS.metadata },
  };
}

/**
 * Contract `name` of `source` in solc's `output`, as an output file lists it: its name, its
 * source, then `extra` (the genesis's address), its ABI, creation code and runtime code.
 */
export function compiledContract(output, source, name, extra = {}) {
  const compiled = output.contracts[source][name];
  return {
    name,
    source,
    ...extra,
    abi: compiled.abi,
    bytecode: `0x${compiled.evm.bytecode.object}`,
    deployedBytecode: `0x${compiled.evm.deployedBytecode.object}`,
  };
}

/** What out/genesis.json holds, compiled from the sources now. */
export function genesis() {
  const sources = Object.fromEntries(GENESIS.map((c) => [c.source, readFileSync(join(here, c.source), "utf8")]));
  const output = compile(sources);
  return {
    ...compilerInfo(),
    contracts: GENESIS.map((c) => compiledContract(output, c.source, c.name, { address: c.address })),
  };
}

/**
 * Writes `value` as JSON to `out` (`shown`: its path from the repository's root); with
 * `--check` on the command line, writes nothing and exits 1 unless the committed file is
 * exactly that (`rebuild`: the command that writes it).
 */
export function writeOrCheck(out, shown, value, rebuild) {
  const text = `${JSON.stringify(value, null, 2)}\n`;
  if (process.argv.includes("--check")) {
    let committed = "";
    try {
      committed = readFileSync(out, "utf8");
    } catch {
      // reported below
    }
    if (committed !== text) {
      console.error(`${shown} is not what the sources compile to: run \`${rebuild}\` and commit it`);
      process.exit(1);
    }
    console.log(`${shown} matches the sources (${solc.version()})`);
    return;
  }
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, text);
  console.log(`wrote ${shown} (${solc.version()})`);
}

function main() {
  writeOrCheck(join(here, "out", "genesis.json"), "contracts/out/genesis.json", genesis(), "npm run build -w contracts");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();

// Starts the `lst-devnet` binary on a free port and waits until it listens: the one place
// the JavaScript and TypeScript suites (lst-devnet/js, packages/*) start a node. The binary
// is $LST_DEVNET_BIN, or target/debug/lst-devnet at the repository's root.
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository's root. */
export const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The binary the suites run. */
export function devnetBinary() {
  return process.env.LST_DEVNET_BIN ?? join(repositoryRoot, "target", "debug", "lst-devnet");
}

/**
 * Starts `lst-devnet --port <free> ...args` (e.g. `["--seed"]`) and resolves once it prints
 * "Listening on": its URL, the registry address it printed, and `stop()` (SIGKILL).
 * @param {string[]} [args]
 */
export async function spawnDevnet(args = ["--seed"]) {
  const bin = devnetBinary();
  const port = await freePort();
  const child = spawn(bin, [...args, "--port", String(port)], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  let errors = "";
  child.stderr.on("data", (d) => (errors += d));
  const registry = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`lst-devnet did not start: ${errors}`)), 60_000);
    child.once("error", (e) => reject(new Error(`cannot run ${bin} (set LST_DEVNET_BIN): ${e.message}`)));
    child.once("exit", (code) => reject(new Error(`lst-devnet exited (${code}): ${errors}`)));
    child.stdout.on("data", (d) => {
      output += d;
      const found = output.match(/Registry\s+(0x[0-9a-fA-F]{40})/);
      if (found && output.includes("Listening on")) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    registry,
    output,
    stop: () => {
      child.kill("SIGKILL");
    },
  };
}

// What the cargo-stylus recorders share (record.mjs: check and deploy; record-cache.mjs: the
// cache commands): the deploying account, a recording JSON-RPC proxy, and a runner of
// `cargo stylus` whose output is shown and returned without colour codes.
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { freePort, repositoryRoot } from "../spawn.mjs";

/** Development account 1 (a PUBLIC test key): its nonces start at 0 on a fresh node. */
export const KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
export const ACCOUNT_1 = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

/** A proxy to `target` that keeps every request and answer, in order. */
export async function recordingProxy(target) {
  const exchanges = [];
  const port = await freePort();
  const server = createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const body = Buffer.concat(chunks).toString("utf8");
    const answer = await fetch(target, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    const text = await answer.text();
    exchanges.push({ request: JSON.parse(body), response: JSON.parse(text) });
    res.writeHead(answer.status, { "content-type": "application/json" });
    res.end(text);
  });
  await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${port}`, exchanges, close: () => server.close() };
}

/**
 * Runs `cargo stylus ...args` in `cwd`, its output shown; resolves with stdout+stderr without
 * colour codes. With `fails`, the command must exit non-zero printing it; otherwise succeed.
 */
export function cargoStylus(cwd, args, fails) {
  return new Promise((resolve, reject) => {
    const where = cwd.replace(repositoryRoot, ".") || ".";
    console.log(`$ (cd ${where} && cargo stylus ${args.join(" ").replace(KEY, "<dev key 1>")})`);
    const child = spawn("cargo", ["stylus", ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const keep = (d) => {
      output += d;
      process.stdout.write(d);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.once("error", reject);
    child.once("exit", (code) => {
      const plain = output.replace(/\x1b\[[0-9;]*m/g, "");
      const expected = fails ? code !== 0 && plain.includes(fails) : code === 0;
      if (expected) resolve(plain);
      else reject(new Error(`cargo stylus ${args.slice(0, 2).join(" ")} exited with ${code}`));
    });
  });
}

/** `cargo stylus --version`. */
export function cargoStylusVersion() {
  return new Promise((resolve) => {
    const c = spawn("cargo", ["stylus", "--version"], { stdio: ["ignore", "pipe", "ignore"] });
    let out = "";
    c.stdout.on("data", (d) => (out += d));
    c.once("exit", () => resolve(out.trim()));
  });
}

// src/abi.ts is generated from abi/ILstRegistry.json: regenerate it in memory and compare.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { lstRegistryAbi } from "../src/abi.js";
import { repositoryRoot } from "./devnet.js";

const packageDir = join(repositoryRoot, "packages", "lst-registry");
const REGENERATE = "npm run generate -w packages/lst-registry";

describe("src/abi.ts", () => {
  test("is what scripts/generate-abi.mjs makes of abi/ILstRegistry.json (no drift)", () => {
    const generated = execFileSync(process.execPath, [join(packageDir, "scripts", "generate-abi.mjs"), "--stdout"], {
      encoding: "utf8",
    });
    const committed = readFileSync(join(packageDir, "src", "abi.ts"), "utf8");
    expect(
      committed === generated,
      `src/abi.ts is not generated from abi/ILstRegistry.json: run \`${REGENERATE}\` and commit the result`,
    ).toBe(true);
  });

  test("holds every function, event and error of the JSON, in its order", () => {
    const json = JSON.parse(readFileSync(join(repositoryRoot, "abi", "ILstRegistry.json"), "utf8"));
    expect(lstRegistryAbi).toEqual(json);
    const count = (type: string) => lstRegistryAbi.filter((item) => item.type === type).length;
    expect([count("function"), count("event"), count("error")]).toEqual([
      json.filter((i: { type: string }) => i.type === "function").length,
      json.filter((i: { type: string }) => i.type === "event").length,
      json.filter((i: { type: string }) => i.type === "error").length,
    ]);
    // The interface has no constructor (Stylus) and nothing payable.
    const items = lstRegistryAbi as readonly { type: string; stateMutability?: string }[];
    expect(items.some((item) => item.type === "constructor")).toBe(false);
    expect(items.filter((item) => item.stateMutability === "payable")).toEqual([]);
  });
});

// The codes, constants and EIP-712 type mirror the Rust types crate (types/src/*.rs): parse
// its source so that the two cannot drift apart.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import * as sdk from "../src/index.js";
import { repositoryRoot } from "./devnet.js";

const rust = (file: string) => readFileSync(join(repositoryRoot, "types", "src", file), "utf8");

/** The string literals of `pub const NAME: [&str; N] = [ ... ];`, checked to be N. */
function rustStrArray(source: string, name: string): string[] {
  const found = source.match(new RegExp(`pub const ${name}: \\[&str; (\\d+)\\] = \\[([^\\]]*)\\];`));
  if (!found) throw new Error(`no array ${name} in the Rust source`);
  const items = [...found[2]!.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!);
  expect(items.length, `${name}: literal count against its declared length`).toBe(Number(found[1]));
  return items;
}

/** The value text of `pub const NAME: T = value;`. */
function rustConst(source: string, name: string): string {
  const found = source.match(new RegExp(`pub const ${name}: [^=]+= ([^;]+);`));
  if (!found) throw new Error(`no constant ${name} in the Rust source`);
  return found[1]!.trim();
}

/** A Rust integer expression of literals, `METIS` and `*` (e.g. `20_000 * METIS`). */
function rustInt(text: string): bigint {
  return text
    .split("*")
    .map((factor) => factor.trim().replaceAll("_", ""))
    .map((factor) => (factor === "METIS" ? sdk.METIS : BigInt(factor)))
    .reduce((a, b) => a * b, 1n);
}

describe("codes mirror types/src/codes.rs", () => {
  const codes = rust("codes.rs");
  test.each([
    ["ROUND_STATUS", sdk.ROUND_STATUS],
    ["APPLICATION_STATUS", sdk.APPLICATION_STATUS],
    ["APPLICATION_STATUS_MEANING", sdk.APPLICATION_STATUS_MEANING],
    ["PHASE", sdk.PHASE],
    ["FIELD", sdk.FIELD],
  ])("%s", (name, ours) => {
    expect([...ours]).toEqual(rustStrArray(codes, name));
  });

  test("round status meanings cover every round status; names resolve both ways", () => {
    expect(sdk.ROUND_STATUS_MEANING.length).toBe(sdk.ROUND_STATUS.length);
    expect(sdk.ApplicationStatus.Qualified).toBe(4);
    expect(sdk.RoundStatus.Finalised).toBe(3);
    expect(sdk.Phase.MainLaunch).toBe(2);
    expect(sdk.applicationStatusName(9)).toBe("NotAttested");
    expect(sdk.applicationStatusMeaning(10)).toBe("revoked by the admin: it never pairs again");
    expect(sdk.fieldName(2)).toBe("stakingContract");
    expect(sdk.phaseName(7)).toBe("unknown (7)");
  });

  test("the interface's enums have as many members as the names", () => {
    const sol = readFileSync(join(repositoryRoot, "abi", "ILstRegistry.sol"), "utf8");
    const members = (name: string) =>
      sol.match(new RegExp(`enum ${name} \\{([^}]*)\\}`))![1]!.split(",").map((m) => m.trim());
    expect(members("RoundStatus")).toEqual([...sdk.ROUND_STATUS]);
    expect(members("ApplicationStatus")).toEqual([...sdk.APPLICATION_STATUS]);
    expect(members("Phase")).toEqual([...sdk.PHASE]);
    expect(members("Field").length).toBe(sdk.FIELD.length);
  });
});

describe("constants mirror types/src/program.rs and eip712.rs", () => {
  const program = rust("program.rs");
  const eip712 = rust("eip712.rs");
  test("program constants", () => {
    expect(sdk.METIS).toBe(rustInt(rustConst(program, "METIS")));
    expect(sdk.DEFAULT_QUORUM).toBe(rustInt(rustConst(program, "DEFAULT_QUORUM")));
    expect(BigInt(sdk.DEFAULT_MIN_VOTERS)).toBe(rustInt(rustConst(program, "DEFAULT_MIN_VOTERS")));
    expect(BigInt(sdk.DEFAULT_APPROVAL_BPS)).toBe(rustInt(rustConst(program, "DEFAULT_APPROVAL_BPS")));
    expect(BigInt(sdk.DEFAULT_ATTESTATION_WINDOW)).toBe(rustInt(rustConst(program, "DEFAULT_ATTESTATION_WINDOW")));
    expect(sdk.DEFAULT_MIN_CAP).toBe(rustInt(rustConst(program, "DEFAULT_MIN_CAP")));
    expect(sdk.DEFAULT_MAX_CAP).toBe(rustInt(rustConst(program, "DEFAULT_MAX_CAP")));
    expect(`[${sdk.DEFAULT_NODE_LIMITS.join(", ")}]`).toBe(rustConst(program, "DEFAULT_NODE_LIMITS"));
    for (const name of ["MAX_ORACLES", "MAX_SLOTS", "MAX_APPLICATIONS_PER_ROUND", "MAX_PAGE"] as const) {
      expect(BigInt(sdk[name]), name).toBe(rustInt(rustConst(program, name)));
    }
    expect(`"${sdk.DEFAULT_SNAPSHOT_SPACE}"`).toBe(rustConst(program, "DEFAULT_SNAPSHOT_SPACE"));
  });

  test("the EIP-712 domain, type string and curve constants", () => {
    expect(`"${sdk.DOMAIN_NAME}"`).toBe(rustConst(eip712, "DOMAIN_NAME"));
    expect(`"${sdk.DOMAIN_VERSION}"`).toBe(rustConst(eip712, "DOMAIN_VERSION"));
    expect(`"${sdk.TALLY_TYPE}"`).toBe(rustConst(eip712, "TALLY_TYPE"));
    const order = rustConst(eip712, "SECP256K1_ORDER").match(/0x([0-9a-f]+)_U256/)![1]!;
    const half = rustConst(eip712, "HALF_ORDER").match(/0x([0-9a-f]+)_U256/)![1]!;
    expect(sdk.SECP256K1_ORDER).toBe(BigInt(`0x${order}`));
    expect(sdk.HALF_ORDER).toBe(BigInt(`0x${half}`));
    expect(BigInt(sdk.SIGNATURE_LEN)).toBe(rustInt(rustConst(eip712, "SIGNATURE_LEN")));
  });
});

// State-changing calls through an injected EIP-1193 wallet (`window.ethereum`). A call is
// simulated first (a revert's custom error is shown in words, through the SDK) and sent only
// when a wallet is there, on the registry's chain, with an account. The forms are built from
// the interface itself, so every function of the registry has one.
import { describeRegistryError, lstRegistryAbi } from "@lst-registry/sdk";
import {
  createWalletClient,
  custom,
  defineChain,
  getAddress,
  isAddress,
  isHex,
  parseUnits,
  type Abi,
  type AbiFunction,
  type Address,
  type EIP1193Provider,
  type Hex,
  type PublicClient,
} from "viem";
import { fill, h } from "./dom";
import { short } from "./format";
import type { RegistryState } from "./load";

declare global {
  interface Window {
    ethereum?: EIP1193Provider;
  }
}

/** Who calls what, in the order the page offers them. */
const AUDIENCES: [string, string[]][] = [
  ["Node operator", ["pair", "setStakeCap", "unpair"]],
  ["Staking contract", ["reportStake"]],
  ["Applicant", ["submitApplication", "withdrawApplication"]],
  [
    "Admin",
    [
      "openRound", "closeRound", "finaliseRound", "registerNode", "updateNode", "revokeApplication", "advancePhase",
      "setPhaseNodeLimit", "setVoteRules", "setStakeCapBounds", "setSnapshotSpace", "setOracleSet", "setOracleSetDelay",
      "setGuardian", "transferAdmin", "unpause",
    ],
  ],
  ["Guardian or admin", ["pause"]],
  ["Oracle relayer (anyone)", ["attestTally"]],
  ["Pending admin", ["acceptAdmin"]],
];

/** Amount parameters, entered in METIS. */
const METIS_PARAMETERS = new Set(["stakeCap", "stake", "quorum", "minCap", "maxCap", "forVotes", "againstVotes", "abstainVotes"]);

const functions = new Map(
  (lstRegistryAbi as Abi)
    .filter((item): item is AbiFunction => item.type === "function" && item.stateMutability === "nonpayable")
    .map((f) => [f.name, f]),
);

/** Parses a form value for an ABI parameter type; throws an Error in words. */
export function parseArgument(type: string, name: string, raw: string): unknown {
  const text = raw.trim();
  if (type === "address") {
    if (!isAddress(text, { strict: false })) throw new Error(`${name} must be an address (0x and 40 hex digits).`);
    return getAddress(text);
  }
  if (type === "address[]") {
    return text === "" ? [] : text.split(/[\s,]+/).map((part, i) => parseArgument("address", `${name}[${i}]`, part));
  }
  if (/^uint\d+$/.test(type)) {
    if (METIS_PARAMETERS.has(name)) {
      if (!/^\d+(\.\d{1,18})?$/.test(text)) throw new Error(`${name} must be an amount in METIS, e.g. 25000 or 0.5.`);
      return parseUnits(text, 18);
    }
    if (!/^\d+$/.test(text)) throw new Error(`${name} must be a whole number.`);
    const n = BigInt(text);
    const bits = Number(type.slice(4));
    if (n >= 1n << BigInt(bits)) throw new Error(`${name} must fit in ${type}.`);
    return bits <= 48 ? Number(n) : n;
  }
  if (type === "bytes32") {
    if (!isHex(text) || text.length !== 66) throw new Error(`${name} must be 32 bytes of hex (0x and 64 digits).`);
    return text as Hex;
  }
  if (type === "bytes") {
    if (!isHex(text) || text.length % 2 !== 0) throw new Error(`${name} must be hex bytes (0x…).`);
    return text as Hex;
  }
  if (type === "string") return raw;
  if (type === "bool") return text === "true";
  throw new Error(`${name}: type ${type} is not supported by this form.`);
}

function hint(type: string, name: string): string {
  if (METIS_PARAMETERS.has(name)) return "METIS";
  if (name === "deadline") return "unix time";
  if (type === "address[]") return "addresses, comma separated";
  return type;
}

/** Who the account is in the registry's state, in words. */
export function rolesOf(account: Address, s: RegistryState): string[] {
  const roles: string[] = [];
  if (account === s.roles.admin) roles.push("the admin");
  if (account === s.roles.guardian) roles.push("the guardian");
  if (account === s.roles.pendingAdmin) roles.push("the pending admin");
  const nodes = s.nodes.filter((n) => n.operator === account).map((n) => n.id);
  if (nodes.length > 0) roles.push(`the operator of node${nodes.length > 1 ? "s" : ""} ${nodes.join(", ")}`);
  for (const a of s.applications.values()) {
    if (a.applicant === account) roles.push(`the applicant of application ${a.id}`);
    if (a.stakingContract === account) roles.push(`the staking contract of application ${a.id}`);
  }
  return roles;
}

/** What the actions panel needs from the page. */
export interface ActionsContext {
  client: PublicClient;
  registry: Address;
  rpc: string;
  state: () => RegistryState | null;
}

/** Builds the actions panel into `el`. */
export function renderActions(el: Element, ctx: ActionsContext): void {
  const message = h("p", { id: "action-message", role: "status", class: "empty" }, "");
  const who = h("p", { id: "wallet-account" }, "");
  const select = h(
    "select",
    { id: "action", name: "action" },
    AUDIENCES.map(([audience, names]) =>
      h("optgroup", { label: audience }, names.filter((n) => functions.has(n)).map((n) => h("option", { value: n }, n))),
    ),
  );
  const fields = h("div", { class: "fields" });
  const send = h("button", { type: "submit", id: "send" }, "Send with wallet");
  const form = h("form", { id: "action-form", class: "action-form" }, h("label", {}, "Function ", select), fields, send);

  const showFields = () => {
    const f = functions.get(select.value);
    fill(
      fields,
      (f?.inputs ?? []).map((input) =>
        h("label", {}, `${input.name} `, h("input", { name: input.name ?? "", "data-type": input.type, placeholder: hint(input.type, input.name ?? "") })),
      ),
      f && f.inputs.length === 0 ? h("p", { class: "empty" }, "No arguments.") : null,
    );
  };
  select.addEventListener("change", showFields);
  showFields();

  const say = (text: string, kind: "ok" | "error" | "info") => {
    message.textContent = text;
    message.className = kind;
  };

  const wallet = window.ethereum;
  fill(
    el,
    wallet
      ? h("p", {}, "A wallet is available (window.ethereum). Calls are simulated first; a revert is explained and nothing is sent.")
      : h("p", { class: "notice", id: "no-wallet" }, "No wallet found (window.ethereum): install an EIP-1193 browser wallet to act. Reading works without one."),
    who,
    form,
    message,
  );

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void submit();
  });

  async function submit(): Promise<void> {
    const f = functions.get(select.value);
    if (!f) return;
    say(`${f.name}: checking the wallet…`, "info");
    const provider = window.ethereum;
    if (!provider) {
      say("No wallet found (window.ethereum): nothing was sent.", "error");
      return;
    }
    let args: unknown[];
    try {
      args = f.inputs.map((input) => {
        const field = fields.querySelector<HTMLInputElement>(`input[name="${input.name}"]`);
        return parseArgument(input.type, input.name ?? "", field?.value ?? "");
      });
    } catch (err) {
      say(`${(err as Error).message} Nothing was sent.`, "error");
      return;
    }
    send.disabled = true;
    try {
      const chainId = await ctx.client.getChainId();
      const walletChain = Number(BigInt((await provider.request({ method: "eth_chainId" })) as string));
      if (walletChain !== chainId) {
        say(`Your wallet is on chain ${walletChain}; the registry is on chain ${chainId}. Switch the wallet's network; nothing was sent.`, "error");
        return;
      }
      const accounts = (await provider.request({ method: "eth_requestAccounts" })) as string[];
      const first = accounts[0];
      if (!first) {
        say("The wallet gave no account: nothing was sent.", "error");
        return;
      }
      const account = getAddress(first);
      const state = ctx.state();
      const roles = state ? rolesOf(account, state) : [];
      who.textContent = `Account ${short(account)} (${account})${roles.length ? `: ${roles.join(", ")}` : ""}.`;
      say(`Simulating ${f.name}…`, "info");
      try {
        await ctx.client.simulateContract({ address: ctx.registry, abi: lstRegistryAbi as Abi, functionName: f.name, args, account });
      } catch (err) {
        say(`${f.name} would revert: ${describeRegistryError(err)} Nothing was sent.`, "error");
        return;
      }
      const chain = defineChain({
        id: chainId,
        name: `chain ${chainId}`,
        nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
        rpcUrls: { default: { http: [ctx.rpc] } },
      });
      const walletClient = createWalletClient({ account, chain, transport: custom(provider) });
      say(`Confirm ${f.name} in your wallet…`, "info");
      const hash = await walletClient.writeContract({
        address: ctx.registry,
        abi: lstRegistryAbi as Abi,
        functionName: f.name,
        args,
        account,
        chain,
      });
      say(`Sent ${f.name}: ${hash}; waiting for it to be mined…`, "info");
      const receipt = await ctx.client.waitForTransactionReceipt({ hash, pollingInterval: 500 });
      if (receipt.status === "success") say(`${f.name} succeeded in block ${receipt.blockNumber} (${hash}).`, "ok");
      else say(`${f.name} reverted in block ${receipt.blockNumber} (${hash}).`, "error");
    } catch (err) {
      say(`${f.name} failed: ${describeRegistryError(err)}`, "error");
    } finally {
      send.disabled = false;
    }
  }
}

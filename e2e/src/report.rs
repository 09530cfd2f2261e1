//! `docs/gas-report.md`: our gas beside the Solidity peer's (`shared/docs/gas-targets.md`),
//! with the program uncached and cached, and how the numbers were produced.

use std::fmt::Write as _;

use crate::gas::{summary, Deployment, Samples, OPERATIONS, ROUND_SIZES};
use crate::render::group;
use lst_registry_client::artifact::{ADMIN_ARTIFACT_PATH, ARTIFACT_PATH, VIEWS_ARTIFACT_PATH};
use lst_registry_client::devnet::TEMPORARY_SIZE_LIMIT_OVERRIDE;

/// The peer's receipt gas for one operation: one figure, a range, or an approximation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PeerFigure {
    /// Lowest figure.
    pub low: u64,
    /// Highest figure (= `low` for a single figure).
    pub high: u64,
    /// Whether the peer gives it as "≈".
    pub approx: bool,
}

impl PeerFigure {
    const fn exact(gas: u64) -> Self {
        Self {
            low: gas,
            high: gas,
            approx: false,
        }
    }
    const fn about(gas: u64) -> Self {
        Self {
            low: gas,
            high: gas,
            approx: true,
        }
    }
    const fn range(low: u64, high: u64) -> Self {
        Self {
            low,
            high,
            approx: false,
        }
    }
    /// The figure compared against: the midpoint of a range.
    pub fn mid(&self) -> u64 {
        (self.low + self.high) / 2
    }
    fn show(&self) -> String {
        match (self.low == self.high, self.approx) {
            (true, true) => format!("≈{}", group(self.low as u128)),
            (true, false) => group(self.low as u128),
            (false, _) => format!("{} – {}", group(self.low as u128), group(self.high as u128)),
        }
    }
}

/// The peer's deployment (18,978-byte runtime).
pub const PEER_DEPLOY: u64 = 4_259_132;

/// The peer's figure for an operation of [`OPERATIONS`] (the peer has no revocation).
pub fn peer(operation: &str) -> Option<PeerFigure> {
    Some(match operation {
        "set oracle set (3 signers, first time)" => PeerFigure::exact(207_890),
        "open round (first)" => PeerFigure::exact(76_278),
        "open round (later)" => PeerFigure::exact(61_447),
        "submit application" => PeerFigure::about(261_000),
        "withdraw application" => PeerFigure::exact(36_405),
        "close round" => PeerFigure::exact(39_008),
        "attest tally, 2 signatures" => PeerFigure::range(86_259, 89_169),
        "attest tally, 3 signatures" => PeerFigure::exact(92_957),
        "finalise round, 3 applications" => PeerFigure::exact(75_328),
        "finalise round, 8 applications" => PeerFigure::exact(138_592),
        "register node" => PeerFigure::exact(170_218),
        "update node (signer, URI)" => PeerFigure::exact(73_607),
        "pair" => PeerFigure::about(155_550),
        "unpair" => PeerFigure::about(44_340),
        "report stake" => PeerFigure::exact(36_156),
        "change cap" => PeerFigure::about(44_500),
        "advance phase" => PeerFigure::exact(32_763),
        "pause" => PeerFigure::exact(32_739),
        "unpause" => PeerFigure::exact(30_349),
        _ => return None,
    })
}

/// The peer's finalisation gas for the round sizes of [`ROUND_SIZES`].
pub const PEER_FINALISATION: [u64; 8] = [
    49_105, 63_401, 88_668, 140_280, 247_825, 480_196, 1_014_060, 2_358_281,
];

/// Everything measured.
#[derive(Clone, Debug)]
pub struct Measurements {
    /// Deployment and activation.
    pub deployment: Deployment,
    /// Lifecycle samples, program uncached.
    pub uncached: Samples,
    /// Lifecycle samples, program cached.
    pub cached: Samples,
    /// Finalisation series, uncached.
    pub series_uncached: Vec<(usize, u64)>,
    /// Finalisation series, cached.
    pub series_cached: Vec<(usize, u64)>,
}

/// `ours − peer` with its share of the peer: `−12,345 (−8.1 %)`.
fn difference(ours: u64, peer: u64) -> String {
    let delta = ours as i128 - peer as i128;
    let sign = if delta > 0 {
        "+"
    } else if delta < 0 {
        "−"
    } else {
        "±"
    };
    let share = delta as f64 * 100.0 / peer.max(1) as f64;
    format!(
        "{sign}{} ({sign}{:.1} %)",
        group(delta.unsigned_abs()),
        share.abs()
    )
}

/// Our samples as one figure or a range.
fn show_samples(samples: &[u64]) -> String {
    match summary(samples) {
        None => "—".to_string(),
        Some((min, max, _)) if min == max => group(min as u128),
        Some((min, max, mean)) => format!(
            "{} – {} (mean {})",
            group(min as u128),
            group(max as u128),
            group(mean as u128)
        ),
    }
}

impl Measurements {
    /// Operations whose mean is not below the peer's, with the column: `(operation, cached)`.
    pub fn not_cheaper(&self) -> Vec<(String, bool)> {
        let mut out = Vec::new();
        for &operation in OPERATIONS {
            let Some(peer) = peer(operation) else {
                continue;
            };
            for (samples, cached) in [(&self.uncached, false), (&self.cached, true)] {
                if let Some((_, _, mean)) = summary(samples.of(operation)) {
                    if mean >= peer.mid() {
                        out.push((operation.to_string(), cached));
                    }
                }
            }
        }
        for (i, &peer) in PEER_FINALISATION.iter().enumerate() {
            for (series, cached) in [(&self.series_uncached, false), (&self.series_cached, true)] {
                if let Some((size, gas)) = series.get(i) {
                    if *gas >= peer {
                        out.push((format!("finalise round of {size} (series)"), cached));
                    }
                }
            }
        }
        out
    }

    /// The report as Markdown.
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        let d = &self.deployment;
        let _ = writeln!(
            out,
            "# Gas report: lst-registry (Stylus) against the Solidity peer\n"
        );
        let _ = writeln!(
            out,
            "Generated by `cargo run --release -p lst-registry-e2e --bin gas-report` from `{ARTIFACT_PATH}` \
             ({} bytes of wasm, {} bytes deployed), `{ADMIN_ARTIFACT_PATH}` ({} bytes of wasm, {} bytes \
             deployed) and `{VIEWS_ARTIFACT_PATH}` ({} bytes of wasm, {} bytes deployed) on the offline devnet (`stylus-devnet/`, ArbOS 50 pricing). Do not edit by hand.\n",
            group(d.wasm_len as u128),
            group(d.code_len as u128),
            group(d.admin_wasm_len as u128),
            group(d.admin_code_len as u128),
            group(d.views_wasm_len as u128),
            group(d.views_code_len as u128)
        );
        if let Some(limits) = TEMPORARY_SIZE_LIMIT_OVERRIDE {
            let _ = writeln!(
                out,
                "> **Temporary:** the artifact is over Nitro's size limits (24,576 bytes compressed, \
                 128 KiB decompressed), so it was deployed with raised limits ({} / {} bytes, \
                 `TEMPORARY_SIZE_LIMIT_OVERRIDE` in `e2e/src/artifact.rs`). A real chain would refuse \
                 it; the figures below price the oversized program as it is today.\n",
                group(limits.max_code_size as u128),
                group(limits.max_wasm_size as u128)
            );
        }
        self.summary_section(&mut out);
        self.operations_section(&mut out);
        self.series_section(&mut out);
        self.deployment_section(&mut out);
        method_section(&mut out, d);
        out
    }

    fn summary_section(&self, out: &mut String) {
        let d = &self.deployment;
        let _ = writeln!(out, "## Summary\n");
        let _ = writeln!(
            out,
            "* Every call of a Stylus program pays an entry cost: `cached_gas` = {} gas always, plus \
             `init_gas` = {} gas unless the program is in ArbOS's program cache. The two columns \
             differ by exactly `init_gas` per transaction.",
            group(d.cached_gas as u128),
            group(d.init_gas as u128)
        );
        let _ = writeln!(
            out,
            "* The admin's functions (roles, oracle set, rules and node limits, the node registry) \
             run in the admin program, which the core delegates to: on top of the \
             core's entry they pay a storage read (the admin program's address), a cold account \
             access and the admin program's own entry cost (`cached_gas` = {} gas), in both \
             columns cached like the core. That keeps the core, which every other call pays for, \
             at {} bytes.",
            group(d.admin_cached_gas as u128),
            group(d.code_len as u128)
        );
        let not_cheaper = self.not_cheaper();
        for (cached, label) in [(false, "not cached"), (true, "cached")] {
            let list: Vec<&str> = not_cheaper
                .iter()
                .filter(|(_, c)| *c == cached)
                .map(|(op, _)| op.as_str())
                .collect();
            if list.is_empty() {
                let _ = writeln!(
                    out,
                    "* Program {label}: every operation is cheaper than the peer."
                );
            } else {
                let _ = writeln!(
                    out,
                    "* Program {label}: **not cheaper than the peer**: {}.",
                    list.join("; ")
                );
            }
        }
        let _ = writeln!(out);
    }

    fn operations_section(&self, out: &mut String) {
        let _ = writeln!(out, "## Operations (receipt gas, lifecycle inputs)\n");
        let _ = writeln!(
            out,
            "| operation | Solidity peer | Stylus, not cached | Δ not cached | Stylus, cached | Δ cached |"
        );
        let _ = writeln!(out, "| --- | ---: | ---: | ---: | ---: | ---: |");
        for &operation in OPERATIONS {
            let peer = peer(operation);
            let cell = |samples: &Samples| {
                let s = samples.of(operation);
                let delta = summary(s)
                    .zip(peer)
                    .map(|((_, _, mean), peer)| difference(mean, peer.mid()))
                    .unwrap_or_default();
                (show_samples(s), delta)
            };
            let (u, du) = cell(&self.uncached);
            let (c, dc) = cell(&self.cached);
            let _ = writeln!(
                out,
                "| {operation} | {} | {u} | {du} | {c} | {dc} |",
                peer.map(|p| p.show()).unwrap_or_else(|| "—".to_string())
            );
        }
        let _ = writeln!(
            out,
            "\nΔ compares our mean with the peer's figure (the midpoint of a range). Ranges are \
             the lowest and highest of several calls in the lifecycle. The peer has no \
             revocation (—).\n"
        );
    }

    fn series_section(&self, out: &mut String) {
        let _ = writeln!(out, "## Finalisation as rounds grow\n");
        let _ = writeln!(
            out,
            "Every application passes, each new one has more For weight than the earlier ones \
             (so each insertion goes to the front of the ranking), K = 2.\n"
        );
        let _ = writeln!(out, "| applications | Solidity peer | Stylus, not cached | Δ not cached | Stylus, cached | Δ cached |");
        let _ = writeln!(out, "| ---: | ---: | ---: | ---: | ---: | ---: |");
        for (i, size) in ROUND_SIZES.iter().enumerate() {
            let peer = PEER_FINALISATION[i];
            let cell = |series: &[(usize, u64)]| match series.get(i) {
                Some((_, gas)) => (group(*gas as u128), difference(*gas, peer)),
                None => ("—".to_string(), String::new()),
            };
            let (u, du) = cell(&self.series_uncached);
            let (c, dc) = cell(&self.series_cached);
            let _ = writeln!(
                out,
                "| {size} | {} | {u} | {du} | {c} | {dc} |",
                group(peer as u128)
            );
        }
        if let Some((_, gas)) = self.series_uncached.last() {
            let _ = writeln!(
                out,
                "\nThe largest round (128 applications, the registry's bound) takes {:.1} % of a \
                 32M-gas block uncached; the peer's takes {:.1} %.\n",
                *gas as f64 * 100.0 / 32_000_000.0,
                PEER_FINALISATION[7] as f64 * 100.0 / 32_000_000.0
            );
        }
    }

    fn deployment_section(&self, out: &mut String) {
        let d = &self.deployment;
        let _ = writeln!(out, "## Deployment\n");
        let steps = [
            (
                "views program: deploy transaction, no constructor (devnet model)",
                d.views_deploy_gas,
            ),
            (
                "views program: activation (Nitro's formula, without the data fee)",
                d.views_activation_gas,
            ),
            (
                "admin program: deploy transaction, no constructor (devnet model)",
                d.admin_deploy_gas,
            ),
            (
                "admin program: activation (Nitro's formula, without the data fee)",
                d.admin_activation_gas,
            ),
            (
                "core: deploy transaction with constructor (devnet model)",
                d.deploy_gas,
            ),
            (
                "core: activation, `ArbWasm.activateProgram` (Nitro's formula, without the data fee)",
                d.activation_gas,
            ),
        ];
        let total: u64 = steps.iter().map(|(_, gas)| gas).sum();
        let _ = writeln!(out, "| step | Solidity peer | Stylus | Δ |");
        let _ = writeln!(out, "| --- | ---: | ---: | ---: |");
        for (step, gas) in steps {
            let _ = writeln!(out, "| {step} | — | {} | |", group(gas as u128));
        }
        let _ = writeln!(
            out,
            "| total | {} | {} | {} |\n",
            group(PEER_DEPLOY as u128),
            group(total as u128),
            difference(total, PEER_DEPLOY)
        );
        let _ = writeln!(
            out,
            "The deploy transaction is priced as the devnet models it: creation intrinsic gas (53,000 + \
             calldata of code and constructor arguments + EIP-3860 words) + 200 gas per deployed code \
             byte + the constructor's call. Activation runs in its own transaction on Nitro and also \
             pays a data fee in wei (not gas), which the devnet does not model.\n"
        );
    }
}

fn method_section(out: &mut String, d: &Deployment) {
    let _ = writeln!(out, "## How the numbers were produced\n");
    let _ = writeln!(
        out,
        "* The artifact runs through its real entrypoint on `stylus-devnet`: Nitro's activation \
         checks and instrumentation (ink meter, depth checker), wasmi execution, hostios priced as \
         on Nitro (ArbOS 50), EVM storage gas (EIP-2929/2200/3529), logs, ecrecover at 3,000 gas.\n\
         * Figures are receipt gas: 21,000 + calldata (4/16 per byte) + program entry cost + \
         execution − refund (at most a fifth), as an EVM receipt; the peer's are receipts on revm \
         for the same calls with the same inputs: names 5–15 bytes, metadata URIs 80 bytes, \
         Snapshot space 15 bytes (`metislayer2.eth`), node URIs 43 bytes, announcement URIs \
         55 bytes, 3 oracle signers with threshold 2, real secp256k1 signatures.\n\
         * Lifecycle (`e2e/src/gas.rs`): round 1 with 3 applications (all pass, K = 2); 4 nodes \
         registered and paired (caps 100,000 and 20,000 METIS), 4 stake reports (each naming its \
         pairing), 1 cap change, 1 unpairing (reason 17 bytes), 1 update of signer and URI (by the admin), 1 \
         phase advance; round 2 with 9 applications (each applicant and staking contract once), 1 \
         withdrawn, 8 tallied (5 pass, 3 fail on quorum, voters and approval; one tally with 3 \
         signatures), K = 2; the revocation of a qualified application of round 1 with 1 active \
         pairing, 4 nodes registered (reason 17 bytes); pause and unpause.\n\
         * Not cached: every call pays `init_gas` ({}) + `cached_gas` ({}) on entry, as an \
         uncached program on a live chain. Cached: the devnet's `cache_program` (what a cache \
         manager's `ArbWasmCache.cacheProgram` does) is applied right after deployment, so calls \
         pay `cached_gas` only (all three programs are cached in that column). On ArbOS 60 a program called earlier in the same block also counts \
         as cached (\"recent wasms\"); the cached column is what such calls pay.\n",
        group(d.init_gas as u128),
        group(d.cached_gas as u128)
    );
    let _ = writeln!(out, "### Where the devnet differs from Nitro\n");
    let _ = writeln!(
        out,
        "* No L1 data (poster) fee in `gas_used`, no EIP-7623 calldata floor, no fees charged: \
         figures are L2 execution gas only, as the peer's revm figures are.\n\
         * The program cache is a switch (`cache_program`); the cache manager's bidding, its \
         capacity and the ArbOS 60 \"recent wasms\" cache are not modelled.\n\
         * These figures deploy with the devnet's one-step `deploy` (activation without its data \
         fee); deployment as on Arbitrum (a creation, then `ArbWasm.activateProgram`, which takes \
         the data fee in wei) exists on the devnet too. Under cargo-stylus the constructor runs \
         from the StylusDeployer contract.\n\
         * Precompiles: Ethereum's (revm's) and ArbOS's ArbSys, ArbGasInfo, ArbWasm and \
         ArbWasmCache; the registry only uses ecrecover.\n\
         * Activation errors report the first rule broken in Nitro's order, with paraphrased \
         messages. See `stylus-devnet/README.md` for the full list."
    );
}

//! End-to-end tests of `lst` against the devnet's JSON-RPC server (`lst-devnet`),
//! spawned in-process on a free loopback port with the seeded Phase 1 state: round 1
//! finalised with applications 1 and 2 qualified, nodes 1-4 paired, 3 oracles (2 of 3).

use alloy::primitives::Address;
use serde_json::Value;

use crate::common::{
    advance_time, endpoint, event_names, fixture, lst, lst_env, seeded_node, with, Run, Workdir,
};

mod admin;
mod applications;
mod attestations;
mod operator;
mod views;

const PROPOSAL: &str = "0x5d8f3c2b9e41a7d06c1f28e4b3a95d7e0c6b2f81a4d39e57c08b6a1f2e3d4c5b";
const CONTENT_HASH: &str = "0x3c1b5e0a9f7d2c4e6b8a0d1f3e5c7a9b2d4f6e8a0c1e3b5d7f9a2c4e6b8d0f1a";

/// `open-round --slots 1 --deadline +7d`, by the admin whose key file is `admin`.
fn open_round(at: &[String], admin: &str) -> Run {
    lst(&with(
        at,
        &[
            "open-round",
            "--slots",
            "1",
            "--deadline",
            "+7d",
            "--key-file",
            admin,
        ],
    ))
}

/// The fixture LST's application to the open round, voted on in `PROPOSAL`.
fn apply_hermes(at: &[String], staking: &str, applicant: &str) -> Run {
    apply_hermes_with(at, &[], PROPOSAL, staking, applicant, &[])
}

/// `lst <global> apply …` for the fixture LST, voted on in `proposal`, with `extra` flags of
/// `apply` (e.g. `--space`).
fn apply_hermes_with<'a>(
    at: &'a [String],
    global: &[&'a str],
    proposal: &'a str,
    staking: &'a str,
    applicant: &'a str,
    extra: &[&'a str],
) -> Run {
    let mut args = global.to_vec();
    args.extend([
        "apply",
        "--name",
        "Hermes Staked METIS",
        "--metadata-uri",
        "ipfs://bafkreihermeslstapplication/lst.json",
        "--content-hash",
        CONTENT_HASH,
        "--proposal-id",
        proposal,
        "--staking-contract",
        staking,
        "--key-file",
        applicant,
    ]);
    args.extend(extra);
    lst(&with(at, &args))
}

//! The governance attacks of the integrity review, tried against the deployed programs on the
//! devnet: a cloned application, a vote in the applicant's own Snapshot space, rules changed
//! after the votes are public, an oracle minority, recovery while paused, a round held open by
//! an application no oracle can attest, one account filling a round, a revoked LST paired
//! again, a late stake report landing on a node's next pairing, and a squatted proposal. Each
//! attack must revert with its custom error and leave storage and logs untouched.

use alloy_primitives::{keccak256, U256};
use lst_registry_client::abi::ILstRegistry as I;
use lst_registry_client::eip712::{self, TallyAttestation};
use lst_registry_client::fixtures::{announcement_uri, attest, sorted, SNAPSHOT_SPACE};
use lst_registry_e2e::render::metis;
use lst_registry_types::program::DEFAULT_ATTESTATION_WINDOW;

use crate::common::*;

mod applications;
mod pairings;
mod paused;
mod rounds;
mod rules;

/// One day, in seconds.
const DAY: u64 = 86_400;
/// Round 2's attestation deadline in [`populated`]: its deadline + the default window.
const ROUND_2_ATTESTATION_DEADLINE: u64 = ROUND_2_DEADLINE + DEFAULT_ATTESTATION_WINDOW as u64;

/// Application 3's submission as the Stranger would copy it, with the Stranger's own staking
/// contract.
fn clone_of(id: u64) -> I::submitApplicationCall {
    I::submitApplicationCall {
        stakingContract: cast().stranger.address,
        ..cast().lst(id).submit()
    }
}

//! The router (`lst_registry::dispatch`): calls it cannot serve, value sent, the constructor
//! route, and a few calls made through it end to end with alloy-encoded calldata.

use alloy_primitives::{keccak256, Address};
use alloy_sol_types::{sol, SolCall, SolValue};
use lst_registry::{dispatch, RegistryError};

use crate::native::support::*;

sol! {
    /// The part of the registry's interface these tests call.
    interface ILstRegistry {
        function admin() external view returns (address);
        function paused() external view returns (bool);
        function pause() external;
        function setGuardian(address guardian) external;
        function advancePhase(uint8 to) external;
        function openRound(uint8 slots, uint64 deadline) external returns (uint64);
        function setOracleSet(address[] signers, uint8 threshold) external;
        function setOracleSetDelay(uint32 delay) external;
        function oracleSet() external view returns (address[] signers, uint8 threshold, uint32 epoch, address[] nextSigners, uint8 nextThreshold, uint32 nextEpoch, uint64 nextAt, uint32 delay);
        function rules() external view returns (uint256 quorum, uint32 minVoters, uint16 approvalBps, uint32 attestationWindow, uint256 minCap, uint256 maxCap, string countingMode, string snapshotSpace);
        function setVoteRules(uint256 quorum, uint32 minVoters, uint16 approvalBps, uint32 attestationWindow) external;
        function phaseNodeLimits() external view returns (uint16[4] limits);
        function setSnapshotSpace(string space) external;
        function submitApplication(string name, string metadataUri, bytes32 contentHash, string snapshotSpace, bytes32 snapshotProposal, address stakingContract) external returns (uint64);
        function attestTally(uint64 applicationId, uint256 forVotes, uint256 againstVotes, uint256 abstainVotes, uint32 voters, bytes signatures) external;
        function application(uint64 applicationId) external view returns (uint64 round, address applicant, address stakingContract, uint8 status, uint8 rank, bytes32 contentHash, bytes32 snapshotProposal, string name, string metadataUri, string snapshotSpace);
        function round(uint64 roundId) external view returns (uint8 slots, uint8 status, uint8 phase, uint64 firstApplication, uint16 applications, uint16 live, uint16 tallied, uint16 passed, uint8 qualified, uint64 deadline, uint64 attestationDeadline, uint256 quorum, uint32 minVoters, uint16 approvalBps, uint32 attestationWindow);
        function node(uint64 nodeId) external view returns (address operator, address sequencerSigner, uint64 activePairing, uint8 registeredPhase, uint64 registeredAt, string metadataUri);
        function pairing(uint64 pairingId) external view returns (uint64 node, uint64 application, uint256 stakeCap, uint256 stake, uint64 startedAt, uint64 endedAt, string announcementUri);
        function activePairings(uint64 offset, uint64 limit) external view returns (uint64[] nodeIds, uint64[] pairingIds, uint64[] applicationIds, uint256[] caps, uint256[] remaining);
        function eligibility(uint64 applicationId) external view returns (bool eligible, uint8 status);
        function reportStake(uint64 pairingId, uint256 stake) external;
        function revokeApplication(uint64 applicationId, string reason) external;
    }
}

fn selector(signature: &str) -> [u8; 4] {
    keccak256(signature.as_bytes())[..4].try_into().unwrap()
}

/// The constructor route's calldata: `stylus_constructor()` selector ‖ abi.encode(admin).
fn constructor_call(admin: Address) -> Vec<u8> {
    [
        selector("stylus_constructor()").to_vec(),
        (admin, VIEWS, ADMIN_PROGRAM).abi_encode(),
    ]
    .concat()
}

/// Dispatches `input` as `who`, which must revert with `expected` and change nothing.
#[track_caller]
fn dispatch_reverts(env: &mut Env, who: Address, input: &[u8], expected: RegistryError) {
    env.vm.set_sender(who);
    let reg = &mut env.reg;
    expect_revert(&env.vm, || dispatch(reg, input), expected);
}

/// Dispatches `call` as `who` and decodes its return data.
#[track_caller]
fn call<C: SolCall>(env: &mut Env, who: Address, call: &C) -> C::Return {
    env.vm.set_sender(who);
    let output = dispatch(&mut env.reg, &call.abi_encode()).expect("dispatch");
    C::abi_decode_returns_validate(&output).expect("return data decodes")
}

mod calls;
mod constructor;
mod unservable;

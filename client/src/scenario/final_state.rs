//! Reads the registry's nodes and active pairings through its views.

use super::transcript::{FinalState, NodeRow, PairingRow};
use super::Registry;
use crate::abi::ILstRegistry as I;
use crate::actors::AddressBook;
use crate::decode::ReturnError;
use crate::ClientError;

/// Most nodes a page of `nodes` / `activePairings` returns.
const PAGE: u64 = 100;

/// The current phase, every node and every active pairing, names from `book`.
pub fn read(registry: &mut Registry, book: &AddressBook) -> Result<FinalState, ClientError> {
    let phase = registry.view(&I::phaseCall {})?;
    let mut state = FinalState {
        phase: phase.current,
        node_limit: phase.nodeLimit,
        ..FinalState::default()
    };
    let mut offset = 0;
    loop {
        let ids = registry.view(&I::nodesCall {
            offset,
            limit: PAGE,
        })?;
        for node_id in &ids {
            let node = registry.view(&I::nodeCall { nodeId: *node_id })?;
            state.nodes.push(NodeRow {
                node_id: *node_id,
                operator: book.label(&node.operator),
                signer: book.label(&node.sequencerSigner),
                registered_phase: node.registeredPhase,
                active_pairing: node.activePairing,
            });
        }
        let active = registry.view(&I::activePairingsCall {
            offset,
            limit: PAGE,
        })?;
        let n = active.nodeIds.len();
        let lengths = [
            active.pairingIds.len(),
            active.applicationIds.len(),
            active.stakeCaps.len(),
            active.remaining.len(),
        ];
        if lengths.iter().any(|len| *len != n) {
            return Err(ClientError::UndecodableReturn {
                function: "activePairings".to_string(),
                data: Vec::new(),
                reason: ReturnError::RaggedColumns(std::iter::once(n).chain(lengths).collect()),
            });
        }
        for i in 0..n {
            let pairing_id = active.pairingIds[i];
            let pairing = registry.view(&I::pairingCall {
                pairingId: pairing_id,
            })?;
            let application = registry.view(&I::applicationCall {
                applicationId: active.applicationIds[i],
            })?;
            state.pairings.push(PairingRow {
                node_id: active.nodeIds[i],
                pairing_id,
                application_id: active.applicationIds[i],
                lst: application.name,
                cap: active.stakeCaps[i],
                stake: pairing.stake,
                remaining: active.remaining[i],
            });
        }
        if (ids.len() as u64) < PAGE {
            break;
        }
        offset += PAGE;
    }
    Ok(state)
}

//! Stage 2: nodes and pairings (registering, updating, pairing, unpairing), stake caps and
//! stake reports.

use super::*;
use lst_registry_adversarial::cast::cast;

impl Model {
    pub(crate) fn register_node(
        &mut self,
        from: Address,
        operator: Address,
        signer: Address,
        uri: &str,
    ) -> Prediction {
        self.atomic(|m| {
            m.live_admin(from)?;
            if operator.is_zero() {
                return Err(err(I::RegistryZeroAddress { field: 3 }));
            }
            if signer.is_zero() {
                return Err(err(I::RegistryZeroAddress { field: 4 }));
            }
            check_length(uri, 10, 1, 256)?;
            let limit = m.s.node_limits[m.s.phase as usize];
            if m.s.node_count >= limit {
                return Err(err(I::RegistryNodeLimitReached {
                    phase: m.s.phase,
                    limit,
                }));
            }
            let key = m.s.node_count as u32 + 1;
            let user = m.s.signer_nodes.get(&signer).copied().unwrap_or(0);
            if user != 0 && user != key {
                return Err(err(I::RegistrySignerInUse {
                    signer,
                    nodeId: user as u64,
                }));
            }
            m.s.node_count += 1;
            m.s.signer_nodes.insert(signer, key);
            m.s.nodes.push(NodeRec {
                operator,
                active_pairing: 0,
                registered_phase: m.s.phase,
                signer,
                registered_at: m.now,
                uri: uri.to_string(),
            });
            Ok(ret_id(key as u64))
        })
    }

    pub(crate) fn update_node(
        &mut self,
        from: Address,
        id: u64,
        operator: Address,
        signer: Address,
        uri: &str,
    ) -> Prediction {
        self.atomic(|m| {
            m.live()?;
            let n = m.node_index(id)?;
            m.operator_or_admin(id, n, from, true)?;
            if operator != m.s.nodes[n].operator && from != m.s.admin {
                return Err(err(I::RegistryNotAdmin { caller: from }));
            }
            if operator.is_zero() {
                return Err(err(I::RegistryZeroAddress { field: 3 }));
            }
            if signer.is_zero() {
                return Err(err(I::RegistryZeroAddress { field: 4 }));
            }
            check_length(uri, 10, 1, 256)?;
            let user = m.s.signer_nodes.get(&signer).copied().unwrap_or(0);
            if user != 0 && user != id as u32 {
                return Err(err(I::RegistrySignerInUse {
                    signer,
                    nodeId: user as u64,
                }));
            }
            // A signer change needs the admin (nothing proves the operator holds its key).
            if signer != m.s.nodes[n].signer && from != m.s.admin {
                return Err(err(I::RegistryNotAdmin { caller: from }));
            }
            if signer != m.s.nodes[n].signer {
                m.s.signer_nodes.insert(signer, id as u32);
                m.s.nodes[n].signer = signer;
            }
            m.s.nodes[n].operator = operator;
            m.s.nodes[n].uri = uri.to_string();
            Ok(vec![])
        })
    }

    pub(crate) fn pair(
        &mut self,
        from: Address,
        node: u64,
        app: u64,
        cap: U256,
        uri: &str,
    ) -> Prediction {
        self.atomic(|m| {
            m.live()?;
            let n = m.node_index(node)?;
            m.operator_or_admin(node, n, from, false)?;
            let active = m.s.nodes[n].active_pairing;
            if active != 0 {
                return Err(err(I::RegistryNodeAlreadyPaired {
                    nodeId: node,
                    pairingId: active as u64,
                }));
            }
            let a = m.app_index(app)?;
            let status = m.s.apps[a].status;
            if status != QUALIFIED {
                return Err(err(I::RegistryWrongApplicationStatus {
                    applicationId: app,
                    status,
                    expected: QUALIFIED,
                }));
            }
            let staking = m.s.apps[a].staking;
            if !cast().staking.iter().any(|s| s.address == staking) {
                // Only the cast's staking contracts hold code (the harness places it).
                return Err(err(I::RegistryNoCode { account: staking }));
            }
            let stake_cap = m.checked_cap(cap)?;
            check_length(uri, 11, 1, 256)?;
            m.s.pairing_nonce = m.s.pairing_nonce.wrapping_add(1);
            m.s.pairing_count += 1;
            let id = m.s.pairing_count;
            m.s.nodes[n].active_pairing = id;
            m.s.pairings.push(PairingRec {
                node: node as u32,
                application: app as u32,
                stake_cap,
                stake: 0,
                staking,
                started_at: m.now,
                ended_at: 0,
                uri: uri.to_string(),
            });
            Ok(ret_id(id as u64))
        })
    }

    pub(crate) fn unpair(&mut self, from: Address, node: u64, reason: &str) -> Prediction {
        self.atomic(|m| {
            m.live()?;
            let n = m.node_index(node)?;
            m.operator_or_admin(node, n, from, true)?;
            let active = m.s.nodes[n].active_pairing;
            if active == 0 {
                return Err(err(I::RegistryNodeNotPaired { nodeId: node }));
            }
            check_length(reason, 12, 0, 256)?;
            m.s.pairing_nonce = m.s.pairing_nonce.wrapping_add(1);
            m.s.nodes[n].active_pairing = 0;
            m.s.pairings[active as usize - 1].ended_at = m.now;
            Ok(vec![])
        })
    }

    pub(crate) fn set_stake_cap(&mut self, from: Address, node: u64, cap: U256) -> Prediction {
        self.atomic(|m| {
            m.live()?;
            let n = m.node_index(node)?;
            m.operator_or_admin(node, n, from, true)?;
            let active = m.s.nodes[n].active_pairing;
            if active == 0 {
                return Err(err(I::RegistryNodeNotPaired { nodeId: node }));
            }
            let stake_cap = m.checked_cap(cap)?;
            let p = &mut m.s.pairings[active as usize - 1];
            if stake_cap < p.stake {
                return Err(err(I::RegistryCapBelowStake {
                    nodeId: node,
                    cap,
                    stake: U256::from(p.stake),
                }));
            }
            p.stake_cap = stake_cap;
            m.s.pairing_nonce = m.s.pairing_nonce.wrapping_add(1);
            Ok(vec![])
        })
    }

    pub(crate) fn report_stake(&mut self, from: Address, pairing: u64, stake: U256) -> Prediction {
        self.atomic(|m| {
            m.live()?;
            // the report names the pairing, which must be active
            if pairing == 0 || pairing > m.s.pairing_count as u64 {
                return Err(err(I::RegistryUnknownPairing { pairingId: pairing }));
            }
            let p = &mut m.s.pairings[pairing as usize - 1];
            if p.ended_at != 0 {
                return Err(err(I::RegistryPairingEnded { pairingId: pairing }));
            }
            let node = p.node as u64;
            let staking = m.s.apps[p.application as usize - 1].staking;
            if from != staking {
                return Err(err(I::RegistryNotStakingContract {
                    nodeId: node,
                    caller: from,
                    stakingContract: staking,
                }));
            }
            match amount(stake) {
                Some(v) if v <= p.stake_cap => p.stake = v,
                _ => {
                    return Err(err(I::RegistryStakeAboveCap {
                        nodeId: node,
                        stake,
                        cap: U256::from(p.stake_cap),
                    }))
                }
            }
            m.events = Some(vec![event(
                "StakeReported",
                &[node as u128, pairing as u128, stake.to::<u128>()],
            )]);
            Ok(vec![])
        })
    }
}

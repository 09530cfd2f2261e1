//! Nodes and pairings: registering and updating nodes, pairing, unpairing, stake caps and stake
//! reports.

use super::*;

impl World {
    /// The planned call of a node or pairing action (see [`World::plan`]).
    pub(super) fn plan_nodes(&mut self, action: &Action) -> Option<Planned> {
        let c = cast();
        let m = &self.m;
        let admin = m.s.admin;
        let n_apps = m.s.application_count as u64;
        let n_nodes = m.s.node_count as u64;
        match action {
            Action::RegisterNode(w, o, s, u) => {
                let from = self.caller(w, admin);
                let operator = if *o % 9 == 8 {
                    Address::ZERO
                } else {
                    c.operators[*o as usize % 4].address
                };
                let signer = if *s % 7 == 6 {
                    Address::ZERO
                } else {
                    c.signers[*s as usize % 6].address
                };
                let uri = uri_choice(*u, "https://seq.metis.io/node/metadata.json");
                call!(
                    self,
                    from,
                    I::registerNodeCall {
                        operator,
                        sequencerSigner: signer,
                        metadataUri: uri.clone()
                    },
                    self.m.register_node(from, operator, signer, &uri),
                    format!(
                        "registerNode({}, {}, {} B)",
                        self.name(operator),
                        self.name(signer),
                        uri.len()
                    )
                )
            }
            Action::UpdateNode(w, i, o, s, u) => {
                let id = Self::pick(i, n_nodes, &[]);
                let current =
                    m.s.nodes
                        .get((id as usize).wrapping_sub(1))
                        .cloned()
                        .unwrap_or_default();
                let right = if *o % 2 == 0 {
                    self.node_operator(id)
                } else {
                    admin
                };
                let from = self.caller(w, right);
                let operator = match o % 7 {
                    4 => Address::ZERO,
                    5 | 6 => current.operator,
                    k => c.operators[k as usize].address,
                };
                let signer = match s % 9 {
                    6 => Address::ZERO,
                    7 | 8 => current.signer,
                    k => c.signers[k as usize].address,
                };
                let uri = uri_choice(*u, "https://seq.metis.io/node/metadata-v2.json");
                call!(
                    self,
                    from,
                    I::updateNodeCall {
                        nodeId: id,
                        operator,
                        sequencerSigner: signer,
                        metadataUri: uri.clone()
                    },
                    self.m.update_node(from, id, operator, signer, &uri),
                    format!(
                        "updateNode({id}, {}, {}, {} B)",
                        self.name(operator),
                        self.name(signer),
                        uri.len()
                    )
                )
            }
            Action::Pair(w, n, a, k, u) => {
                let unpaired: Vec<u64> = (1..=n_nodes)
                    .filter(|i| m.s.nodes[*i as usize - 1].active_pairing == 0)
                    .collect();
                let node = Self::pick(n, n_nodes, &unpaired);
                let app = Self::pick(a, n_apps, &self.apps_with(QUALIFIED));
                let from = self.caller(w, self.node_operator(node));
                let (lo, hi) = (m.s.min_cap, m.s.max_cap);
                let cap = [
                    U256::from(lo),
                    U256::from(hi),
                    U256::from(lo / 2 + hi / 2),
                    U256::from(lo.saturating_sub(1)),
                    U256::from(hi) + U256::from(1),
                    U256::ZERO,
                    amount_max() + U256::from(1),
                    U256::MAX,
                    U256::from(lo),
                    U256::from(lo / 2 + hi / 2),
                ][*k as usize % 10];
                let uri = uri_choice(*u, "https://forum.metis.io/t/node-pairing-announcement");
                call!(
                    self,
                    from,
                    I::pairCall {
                        nodeId: node,
                        applicationId: app,
                        stakeCap: cap,
                        announcementUri: uri.clone()
                    },
                    self.m.pair(from, node, app, cap, &uri),
                    format!("pair(node {node}, app {app}, cap {cap}, {} B)", uri.len())
                )
            }
            Action::Unpair(w, i, r) => {
                let node = Self::pick(i, n_nodes, &self.paired_nodes());
                let right = if r % 2 == 0 {
                    self.node_operator(node)
                } else {
                    admin
                };
                let from = self.caller(w, right);
                let reason =
                    ["", "rotation", &long('r', 256), &long('r', 257)][*r as usize % 4].to_string();
                call!(
                    self,
                    from,
                    I::unpairCall {
                        nodeId: node,
                        reason: reason.clone()
                    },
                    self.m.unpair(from, node, &reason),
                    format!("unpair({node}, {} B)", reason.len())
                )
            }
            Action::SetStakeCap(w, i, k) => {
                let node = Self::pick(i, n_nodes, &self.paired_nodes());
                let right = if k % 2 == 0 {
                    self.node_operator(node)
                } else {
                    admin
                };
                let from = self.caller(w, right);
                let (lo, hi) = (m.s.min_cap, m.s.max_cap);
                let stake = self.active_stake(node).unwrap_or(0);
                let cap = [
                    U256::from(lo),
                    U256::from(hi),
                    U256::from(lo / 2 + hi / 2),
                    U256::from(stake),
                    U256::from(stake.saturating_sub(1)),
                    U256::from(lo.saturating_sub(1)),
                    U256::from(hi) + U256::from(1),
                    U256::ZERO,
                    amount_max() + U256::from(1),
                    U256::MAX,
                ][*k as usize % 10];
                call!(
                    self,
                    from,
                    I::setStakeCapCall {
                        nodeId: node,
                        stakeCap: cap
                    },
                    self.m.set_stake_cap(from, node, cap),
                    format!("setStakeCap({node}, {cap})")
                )
            }
            Action::ReportStake(w, i, k) => {
                // active pairings preferred; an ended one a quarter of the time or so
                let active: Vec<u64> = self
                    .paired_nodes()
                    .iter()
                    .map(|n| m.s.nodes[*n as usize - 1].active_pairing as u64)
                    .collect();
                let pairing = Self::pick(i, m.s.pairing_count as u64, &active);
                let record = m.s.pairings.get((pairing as usize).wrapping_sub(1));
                let staking = record
                    .map(|p| m.s.apps[p.application as usize - 1].staking)
                    .unwrap_or(admin);
                let from = self.caller(w, staking);
                let cap = record.map(|p| p.stake_cap).unwrap_or(metis(50_000).to());
                let stake = [
                    U256::ZERO,
                    U256::from(cap),
                    U256::from(cap) + U256::from(1),
                    U256::from(cap / 2),
                    amount_max() + U256::from(1),
                    U256::from(1),
                    U256::MAX,
                    U256::from(cap.saturating_sub(1)),
                    metis(30_000),
                ][*k as usize % 9];
                let ended = if record.is_some_and(|p| p.ended_at != 0) {
                    " (ended)"
                } else {
                    ""
                };
                call!(
                    self,
                    from,
                    I::reportStakeCall {
                        pairingId: pairing,
                        stake
                    },
                    self.m.report_stake(from, pairing, stake),
                    format!("reportStake(pairing {pairing}{ended}, {stake})")
                )
            }
            _ => unreachable!("not a node or pairing action: {action:?}"),
        }
    }
}

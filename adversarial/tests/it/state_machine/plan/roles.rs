//! The roles, the pause and the oracle set: the admin transfer, the guardian, pausing, the
//! oracle set and its delay, and recovery calls on a paused registry.

use super::*;

impl World {
    /// The planned call of a role, pause or oracle-set action (see [`World::plan`]).
    pub(super) fn plan_roles(&mut self, action: &Action) -> Option<Planned> {
        let c = cast();
        let m = &self.m;
        let admin = m.s.admin;
        match action {
            Action::TransferAdmin(w, t) => {
                let from = self.caller(w, admin);
                let to = self.target(*t);
                call!(
                    self,
                    from,
                    I::transferAdminCall { newAdmin: to },
                    self.m.transfer_admin(from, to),
                    format!("transferAdmin({})", self.name(to))
                )
            }
            Action::AcceptAdmin(w) => {
                let right = if m.s.pending_admin.is_zero() {
                    admin
                } else {
                    m.s.pending_admin
                };
                let from = self.caller(w, right);
                call!(
                    self,
                    from,
                    I::acceptAdminCall {},
                    self.m.accept_admin(from),
                    "acceptAdmin()"
                )
            }
            Action::SetGuardian(w, t) => {
                let from = self.caller(w, admin);
                let to = if *t % 3 == 0 {
                    c.guardian.address
                } else {
                    self.target(*t)
                };
                call!(
                    self,
                    from,
                    I::setGuardianCall { newGuardian: to },
                    self.m.set_guardian(from, to),
                    format!("setGuardian({})", self.name(to))
                )
            }
            Action::Pause(w) => {
                let from = self.caller(w, m.s.guardian);
                call!(self, from, I::pauseCall {}, self.m.pause(from), "pause()")
            }
            Action::Unpause(w) => {
                let from = self.caller(w, admin);
                call!(
                    self,
                    from,
                    I::unpauseCall {},
                    self.m.unpause(from),
                    "unpause()"
                )
            }
            Action::SetOracleSet(w, mask, shape, t) => {
                let from = self.caller(w, admin);
                let mut signers: Vec<Address> = (0..4)
                    .filter(|b| mask & (1 << b) != 0 || mask % 16 == 0 && *b < 3)
                    .map(|b| c.oracles[b].address())
                    .collect();
                signers.sort();
                match shape % 9 {
                    5 => signers.reverse(),
                    6 => signers.push(signers[0]),
                    7 => signers.insert(0, Address::ZERO),
                    8 => {
                        // a full set of 16 (the three oracles and 13 fillers), or 17
                        let extra = if mask % 2 == 0 { 13 } else { 14 };
                        signers = (0..3).map(|b| c.oracles[b].address()).collect();
                        signers.extend(
                            (0..extra).map(|k| {
                                Address::from_slice(&keccak256(format!("filler {k}"))[12..])
                            }),
                        );
                        signers.sort();
                    }
                    _ => {}
                }
                if shape % 9 == 6 {
                    signers.sort();
                }
                // a strict majority is required: len / 2 + 1 ..= len
                let n = signers.len() as u8;
                let threshold = match t % 10 {
                    0 => 0,
                    1..=3 => n / 2 + 1,
                    4 => n,
                    5 => n + 1,
                    6 => 1,
                    7 => n / 2,
                    8 => 2.min(n).max(1),
                    _ => 255,
                };
                let names: Vec<String> = signers.iter().map(|a| self.name(*a)).collect();
                call!(
                    self,
                    from,
                    I::setOracleSetCall {
                        signers: signers.clone(),
                        threshold
                    },
                    self.m.set_oracle_set(from, &signers, threshold),
                    format!("setOracleSet([{}], {threshold})", names.join(", "))
                )
            }
            Action::SetOracleSetDelay(w, d) => {
                let from = self.caller(w, admin);
                let delay = DELAYS[*d as usize % DELAYS.len()];
                call!(
                    self,
                    from,
                    I::setOracleSetDelayCall { delay },
                    self.m.set_oracle_set_delay(from, delay),
                    format!("setOracleSetDelay({delay})")
                )
            }
            Action::Recover(w, k, a, t) => {
                let action = if !m.s.paused && k % 4 == 0 {
                    Action::Pause(Who::Right)
                } else {
                    match (k / 4) % 5 {
                        0 => Action::TransferAdmin(w.clone(), *a),
                        1 => Action::AcceptAdmin(w.clone()),
                        2 => Action::SetGuardian(w.clone(), *a),
                        3 => Action::SetOracleSet(w.clone(), *a, *a / 16, *t),
                        _ => Action::Revoke(w.clone(), Id::Live(*a), *t),
                    }
                };
                self.plan(&action)
            }
            _ => unreachable!("not a role, pause or oracle-set action: {action:?}"),
        }
    }
}

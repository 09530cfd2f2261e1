//! Applications: submissions (copies of earlier ones, other spaces, from any account),
//! withdrawals and the admin's revocations.

use super::*;

impl World {
    /// The planned call of an application action (see [`World::plan`]).
    pub(super) fn plan_applications(&mut self, action: &Action) -> Option<Planned> {
        let c = cast();
        let m = &self.m;
        let admin = m.s.admin;
        let n_apps = m.s.application_count as u64;
        match action {
            Action::Submit(w, l, v) => {
                self.nonce += 1;
                let mut call = submission(*l, *v, &m.s.program_space, self.nonce);
                // half the time one of 5 more LSTs (numbered applicant and staking contract),
                // so that rounds hold more than the cast's three
                let numbered_lst = (l / 3) % 2 == 1;
                let right = if numbered_lst {
                    numbered("applicant", (l / 6 % 5) as u64)
                } else {
                    c.applicants[(*l % 3) as usize].address
                };
                let from = self.caller(w, right);
                if numbered_lst && call.stakingContract == c.staking[(*l % 3) as usize].address {
                    call.stakingContract = numbered("staking", (l / 6 % 5) as u64);
                }
                if v % 16 == 15 {
                    call.stakingContract = own_staking(from);
                }
                let text = format!(
                    "submitApplication({:?} variant {}, staking {})",
                    LSTS[(*l % 3) as usize],
                    v % 16,
                    self.name(call.stakingContract)
                );
                call!(
                    self,
                    from,
                    call.clone(),
                    self.m.submit_application(from, &call),
                    text
                )
            }
            Action::SubmitClone(w, i, k) => {
                let (id, call, copier) = self.clone_of(i, *k);
                let from = self.caller(w, copier);
                let text = format!(
                    "submitApplication[clone](app {id}'s proposal, staking {}, space {:?})",
                    self.name(call.stakingContract),
                    call.snapshotSpace
                );
                call!(
                    self,
                    from,
                    call.clone(),
                    self.m.submit_application(from, &call),
                    text
                )
            }
            Action::SubmitSpace(w, l, k) => {
                self.nonce += 1;
                let space = other_space(*k, &m.s.program_space);
                let call = I::submitApplicationCall {
                    snapshotSpace: space.clone(),
                    ..submission(*l, 0, &m.s.program_space, self.nonce)
                };
                let from = self.caller(w, c.applicants[(*l % 3) as usize].address);
                call!(
                    self,
                    from,
                    call.clone(),
                    self.m.submit_application(from, &call),
                    format!("submitApplication[space]({space:?})")
                )
            }
            Action::SubmitAs(n) => {
                self.nonce += 1;
                let applicant = numbered("applicant", *n as u64);
                let call = I::submitApplicationCall {
                    stakingContract: numbered("staking", *n as u64),
                    ..submission(*n as u8, 0, &m.s.program_space, self.nonce)
                };
                call!(
                    self,
                    applicant,
                    call.clone(),
                    self.m.submit_application(applicant, &call),
                    format!("submitApplication(LST #{n})")
                )
            }
            Action::Revoke(w, i, r) => {
                // qualified applications with active pairings first, then pending and tallied
                // ones, then any live one
                let paired: Vec<u64> = self
                    .paired_nodes()
                    .iter()
                    .filter_map(|n| self.active_pairing(*n).map(|p| p.application as u64))
                    .collect();
                let mut preferred = paired.clone();
                preferred.extend(&paired);
                preferred.extend(self.apps_with(PENDING));
                preferred.extend(self.apps_with(TALLIED));
                preferred
                    .extend((1..=n_apps).filter(|id| is_live(m.s.apps[*id as usize - 1].status)));
                let id = Self::pick(i, n_apps, &preferred);
                let from = self.caller(w, admin);
                let reason = [
                    "exploited staking contract",
                    "",
                    &long('r', 256),
                    &long('r', 257),
                    "copied another LST's proposal",
                    "x",
                ][*r as usize % 6]
                    .to_string();
                call!(
                    self,
                    from,
                    I::revokeApplicationCall {
                        applicationId: id,
                        reason: reason.clone()
                    },
                    self.m.revoke_application(from, id, &reason),
                    format!("revokeApplication({id}, {} B)", reason.len())
                )
            }
            Action::Withdraw(w, i) => {
                let id = Self::pick(i, n_apps, &self.apps_with(PENDING));
                let applicant =
                    m.s.apps
                        .get((id as usize).wrapping_sub(1))
                        .map(|a| a.applicant)
                        .unwrap_or(admin);
                let from = self.caller(w, applicant);
                call!(
                    self,
                    from,
                    I::withdrawApplicationCall { applicationId: id },
                    self.m.withdraw_application(from, id),
                    format!("withdrawApplication({id})")
                )
            }
            _ => unreachable!("not a application action: {action:?}"),
        }
    }
}

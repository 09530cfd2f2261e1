//! Invariants of applications: a proposal backs one application at a time, each names the space
//! in force when submitted, and account records name the latest application.

use super::*;

impl World {
    /// A proposal backs one application at a time: the applications sharing one are, but for
    /// the last, revoked without a tally (released); the proposal records the last, or nothing
    /// if it too was released. A release is a revocation's, of an application never attested
    /// (pending, withdrawn, or failed as not attested). Every
    /// application names the program's space in force when it was submitted.
    pub(super) fn proposals_and_accounts(
        &mut self,
        st: &Step<'_>,
        check: &mut impl FnMut(bool, String),
    ) {
        let Step {
            before,
            after,
            action,
            function,
            succeeded,
            ..
        } = *st;
        for _ in before.apps.len()..after.apps.len() {
            self.submitted_under.push(before.program_space_hash);
        }
        let mut by_proposal: BTreeMap<B256, Vec<usize>> = BTreeMap::new();
        for (i, a) in after.apps.iter().enumerate() {
            by_proposal.entry(a.proposal).or_default().push(i + 1);
        }
        let released = |a: &lst_registry_adversarial::layout::AppRec| {
            a.status == REVOKED && a.oracle_epoch == 0
        };
        for (proposal, ids) in &by_proposal {
            let last = *ids.last().expect("one at least");
            check(
                ids[..ids.len() - 1]
                    .iter()
                    .all(|id| released(&after.apps[id - 1])),
                format!("applications {ids:?} share the proposal {proposal}"),
            );
            let recorded = after.proposal_uses.get(proposal).copied();
            check(
                recorded == Some(last as u32)
                    || (recorded == Some(0) && released(&after.apps[last - 1])),
                format!(
                    "proposal {proposal} of applications {ids:?} records application {recorded:?}"
                ),
            );
            let was = before.proposal_uses.get(proposal).copied().unwrap_or(0);
            if recorded == Some(0) && was != 0 {
                check(
                    succeeded
                        && function == "revokeApplication"
                        && before
                            .apps
                            .get(was as usize - 1)
                            .is_some_and(|a| never_attested(a.status)),
                    format!("{function} released proposal {proposal} of application {was}"),
                );
            }
        }
        for (i, a) in after.apps.iter().enumerate() {
            let id = i + 1;
            check(
                self.submitted_under.get(i) == Some(&keccak256(&a.space)),
                format!(
                    "application {id} names {:?}, not the program's space when it was submitted",
                    a.space
                ),
            );
        }
        if let Action::SubmitClone(..) = action {
            check(
                !succeeded
                    || after.apps.len() > before.apps.len() && {
                        let new = &after.apps[after.apps.len() - 1];
                        before
                            .proposal_uses
                            .get(&new.proposal)
                            .is_none_or(|a| *a == 0)
                    },
                "a copy of an application's proposal in use was accepted".into(),
            );
        }
        // each applicant's and staking contract's record names its latest application in
        // that role
        for ((role, account), (round, app)) in &after.account_uses {
            let latest = after
                .apps
                .iter()
                .enumerate()
                .filter(|(_, a)| *account == if *role == 0 { a.applicant } else { a.staking })
                .map(|(i, a)| (i as u32 + 1, a.round))
                .next_back();
            check(
                latest == Some((*app, *round)),
                format!(
                    "account {account} (role {role}) records application {app} of round {round}, its latest is {latest:?}"
                ),
            );
        }
    }
}

//! The roles: the admin transfer, the guardian, the pause.

use super::*;

impl Model {
    // The recovery functions (transferAdmin, acceptAdmin, setGuardian, setOracleSet) work
    // while paused: no pause check.

    pub(crate) fn transfer_admin(&mut self, from: Address, new_admin: Address) -> Prediction {
        self.atomic(|m| {
            m.admin(from)?;
            m.s.pending_admin = new_admin;
            Ok(vec![])
        })
    }

    pub(crate) fn accept_admin(&mut self, from: Address) -> Prediction {
        self.atomic(|m| {
            let pending = m.s.pending_admin;
            if pending.is_zero() || from != pending {
                return Err(err(I::RegistryNotPendingAdmin {
                    caller: from,
                    pendingAdmin: pending,
                }));
            }
            m.s.admin = from;
            m.s.pending_admin = Address::ZERO;
            Ok(vec![])
        })
    }

    pub(crate) fn set_guardian(&mut self, from: Address, guardian: Address) -> Prediction {
        self.atomic(|m| {
            m.admin(from)?;
            if guardian.is_zero() {
                return Err(err(I::RegistryZeroAddress { field: 1 }));
            }
            m.s.guardian = guardian;
            Ok(vec![])
        })
    }

    pub(crate) fn pause(&mut self, from: Address) -> Prediction {
        self.atomic(|m| {
            m.live()?;
            if from != m.s.admin && from != m.s.guardian {
                return Err(err(I::RegistryNotGuardian { caller: from }));
            }
            m.s.paused = true;
            Ok(vec![])
        })
    }

    pub(crate) fn unpause(&mut self, from: Address) -> Prediction {
        self.atomic(|m| {
            if !m.s.paused {
                return Err(err(I::RegistryNotPaused {}));
            }
            if from != m.s.admin {
                return Err(err(I::RegistryNotAdmin { caller: from }));
            }
            m.s.paused = false;
            Ok(vec![])
        })
    }
}

//! The accounts of the adversarial tests, one per role, derived from names (reproducible).

use std::sync::OnceLock;

use alloy_primitives::Address;
use lst_registry_client::actors::{Actor, Oracle};

/// Everyone who calls the registry in these tests.
pub struct Cast {
    /// Deploys the registry (not an actor afterwards).
    pub deployer: Actor,
    /// Admin from the constructor on.
    pub admin: Actor,
    /// A guardian other than the admin (set by the fixtures that need one).
    pub guardian: Actor,
    /// Three oracles with real secp256k1 keys, then a spare key outside the initial set.
    pub oracles: Vec<Oracle>,
    /// Four node operators.
    pub operators: Vec<Actor>,
    /// Six sequencer signer addresses (never callers).
    pub signers: Vec<Actor>,
    /// Three applicants (LST teams).
    pub applicants: Vec<Actor>,
    /// Their three staking contracts (applicant `i` uses staking contract `i`).
    pub staking: Vec<Actor>,
    /// Two accounts without any role.
    pub strangers: Vec<Actor>,
}

/// The cast, built once.
pub fn cast() -> &'static Cast {
    static CAST: OnceLock<Cast> = OnceLock::new();
    CAST.get_or_init(|| Cast {
        deployer: Actor::new("adv Deployer"),
        admin: Actor::new("adv Admin"),
        guardian: Actor::new("adv Guardian"),
        oracles: (1..=4)
            .map(|i| Oracle::new(&format!("adv Oracle {i}")))
            .collect(),
        operators: (1..=4)
            .map(|i| Actor::new(&format!("adv Operator {i}")))
            .collect(),
        signers: (1..=6)
            .map(|i| Actor::new(&format!("adv Sequencer signer {i}")))
            .collect(),
        applicants: (1..=3)
            .map(|i| Actor::new(&format!("adv Applicant {i}")))
            .collect(),
        staking: (1..=3)
            .map(|i| Actor::new(&format!("adv Staking contract {i}")))
            .collect(),
        strangers: (1..=2)
            .map(|i| Actor::new(&format!("adv Stranger {i}")))
            .collect(),
    })
}

impl Cast {
    /// Every account that sends transactions, with its name: admin, guardian, the four
    /// oracle keys, operators, applicants, staking contracts, strangers (18 accounts).
    pub fn callers(&self) -> Vec<(Address, String)> {
        let mut out = vec![
            (self.admin.address, self.admin.name.clone()),
            (self.guardian.address, self.guardian.name.clone()),
        ];
        out.extend(
            self.oracles
                .iter()
                .map(|o| (o.address(), o.actor.name.clone())),
        );
        for group in [
            &self.operators,
            &self.applicants,
            &self.staking,
            &self.strangers,
        ] {
            out.extend(group.iter().map(|a| (a.address, a.name.clone())));
        }
        out
    }

    /// Every address the tests use (callers and sequencer signers).
    pub fn addresses(&self) -> Vec<Address> {
        let mut out: Vec<Address> = self.callers().into_iter().map(|(a, _)| a).collect();
        out.extend(self.signers.iter().map(|a| a.address));
        out.push(self.deployer.address);
        out
    }

    /// The name of `address`, or its hex.
    pub fn name(&self, address: Address) -> String {
        if address.is_zero() {
            return "0x0".to_string();
        }
        self.callers()
            .into_iter()
            .chain(self.signers.iter().map(|a| (a.address, a.name.clone())))
            .find(|(a, _)| *a == address)
            .map(|(_, n)| n.trim_start_matches("adv ").to_string())
            .unwrap_or_else(|| format!("{address}"))
    }
}

//! A whole program run, driven only by calldata the interface encodes.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Debug;

use alloy_json_abi::StateMutability;
use alloy_primitives::{Address, IntoLogData, LogData, B256, U256};
use alloy_sol_types::{SolCall, SolError, SolEventInterface, SolInterface};
use lst_registry::{dispatch, LstRegistry};
use stylus_sdk::testing::TestVM;

use crate::abi_drift::errors::decode_error;
use crate::abi_drift::ILstRegistry::{ILstRegistryErrors, ILstRegistryEvents};
use crate::abi_drift::{hex, interface};

mod governance;
mod stage1;
mod stage2;

/// Drives the registry with calldata encoded from the interface, and checks every answer
/// against the interface: return data, revert data and logs must decode and re-encode to the
/// same bytes; views must neither write storage nor log.
struct Run {
    vm: TestVM,
    registry: LstRegistry,
    logs_seen: usize,
    views: BTreeSet<[u8; 4]>,
    succeeded: BTreeSet<&'static str>,
    events: BTreeSet<String>,
}

impl Run {
    fn new() -> Self {
        let vm = TestVM::new();
        let registry = LstRegistry::from(&vm);
        let views = interface()
            .functions()
            .filter(|f| {
                matches!(
                    f.state_mutability,
                    StateMutability::View | StateMutability::Pure
                )
            })
            .map(|f| f.selector().0)
            .collect();
        Self {
            vm,
            registry,
            logs_seen: 0,
            views,
            succeeded: BTreeSet::new(),
            events: BTreeSet::new(),
        }
    }

    /// The logs written since the last call, each checked to be an interface event.
    fn new_logs(&mut self) -> Vec<LogData> {
        let logs = self.vm.get_emitted_logs();
        let fresh = logs[self.logs_seen..].to_vec();
        self.logs_seen = logs.len();
        fresh
            .into_iter()
            .map(|(topics, data)| {
                let event =
                    ILstRegistryEvents::decode_raw_log(&topics, &data).unwrap_or_else(|e| {
                        panic!("log {topics:?} {} is no interface event: {e}", hex(&data))
                    });
                let log = event.to_log_data();
                assert_eq!(
                    log.topics(),
                    topics.as_slice(),
                    "topics are not the interface's encoding of {event:?}"
                );
                assert_eq!(
                    hex(&log.data),
                    hex(&data),
                    "data is not the interface's encoding of {event:?}"
                );
                let name = format!("{event:?}");
                self.events
                    .insert(name[..name.find('(').unwrap_or(name.len())].to_string());
                log
            })
            .collect()
    }

    /// Checks that the logs written since the last check are exactly `expected`.
    fn logged(&mut self, expected: &[LogData]) {
        let actual = self.new_logs();
        if actual != expected {
            let decode = |logs: &[LogData]| -> Vec<String> {
                logs.iter()
                    .map(
                        |log| match ILstRegistryEvents::decode_raw_log(log.topics(), &log.data) {
                            Ok(event) => format!("{event:?}"),
                            Err(_) => format!("{log:?}"),
                        },
                    )
                    .collect()
            };
            panic!(
                "logs differ\n  logged:   {:#?}\n  expected: {:#?}",
                decode(&actual),
                decode(expected)
            );
        }
    }

    /// Sends the raw `calldata` from `from`.
    fn raw(&mut self, from: Address, calldata: &[u8]) -> Result<Vec<u8>, ILstRegistryErrors> {
        self.vm.set_sender(from);
        let logs = self.vm.get_emitted_logs().len();
        let view = calldata.len() >= 4
            && self
                .views
                .contains(&<[u8; 4]>::try_from(&calldata[..4]).unwrap());
        let storage: HashMap<U256, B256> = if view {
            self.vm.snapshot().storage
        } else {
            HashMap::new()
        };
        let result = dispatch(&mut self.registry, calldata).map_err(|e| decode_error(&e.encode()));
        if result.is_err() {
            assert_eq!(
                self.vm.get_emitted_logs().len(),
                logs,
                "call {} logged, then reverted",
                hex(&calldata[..4])
            );
        }
        if view {
            assert!(
                self.vm.snapshot().storage == storage,
                "view {} wrote storage",
                hex(&calldata[..4])
            );
            assert_eq!(
                self.vm.get_emitted_logs().len(),
                logs,
                "view {} logged",
                hex(&calldata[..4])
            );
        }
        result
    }

    /// Calls `call` from `from`; decodes its return or revert data with the interface.
    fn call<C: SolCall>(
        &mut self,
        from: Address,
        call: C,
    ) -> Result<C::Return, ILstRegistryErrors> {
        let output = self.raw(from, &call.abi_encode())?;
        let decoded = C::abi_decode_returns_validate(&output).unwrap_or_else(|e| {
            panic!(
                "{}: return data {} does not decode: {e}",
                C::SIGNATURE,
                hex(&output)
            )
        });
        assert_eq!(
            hex(&C::abi_encode_returns(&decoded)),
            hex(&output),
            "{}: return data is not canonical",
            C::SIGNATURE
        );
        self.succeeded.insert(C::SIGNATURE);
        Ok(decoded)
    }

    /// Calls `call`, which must succeed.
    fn ok<C: SolCall>(&mut self, from: Address, call: C) -> C::Return {
        self.call(from, call)
            .unwrap_or_else(|e| panic!("{} reverted with {e:?}", C::SIGNATURE))
    }

    /// Calls `call`, which must revert with `expected`.
    fn fails<C: SolCall, E: SolError + Debug>(&mut self, from: Address, call: C, expected: E) {
        match self.call(from, call) {
            Ok(_) => panic!("{} succeeded, expected {expected:?}", C::SIGNATURE),
            Err(error) => assert_eq!(
                hex(&error.abi_encode()),
                hex(&expected.abi_encode()),
                "{}: {error:?}, expected {expected:?}",
                C::SIGNATURE
            ),
        }
    }
}

const METIS: u64 = 1_000_000_000_000_000_000;

fn metis(amount: u64) -> U256 {
    U256::from(amount) * U256::from(METIS)
}

fn account(n: u8) -> Address {
    Address::with_last_byte(n)
}

/// The accounts of the run.
#[derive(Clone, Copy)]
struct Cast {
    deployer: Address,
    /// The constructor's admin, who hands the role to `admin`.
    first_admin: Address,
    admin: Address,
    guardian: Address,
    oracle: Address,
    stranger: Address,
    applicants: [Address; 4],
    staking: [Address; 4],
    operators: [Address; 2],
    signers: [Address; 3],
}

impl Cast {
    fn new() -> Self {
        Self {
            deployer: account(0x10),
            first_admin: account(0x11),
            admin: account(0x12),
            guardian: account(0x13),
            oracle: account(0x14),
            stranger: account(0x15),
            applicants: [account(0x21), account(0x22), account(0x23), account(0x24)],
            staking: [account(0x31), account(0x32), account(0x33), account(0x34)],
            operators: [account(0x41), account(0x42)],
            signers: [account(0x51), account(0x52), account(0x53)],
        }
    }
}

#[test]
fn a_program_run_speaks_the_interface() {
    let cast = Cast::new();
    let mut run = Run::new();
    run.vm.set_block_timestamp(1_000);
    governance::deployment_and_roles(&mut run, &cast);
    governance::rules_and_phases(&mut run, &cast);
    governance::oracle_set(&mut run, &cast);
    stage1::round(&mut run, &cast);
    stage2::nodes_and_pairings(&mut run, &cast);
    stage2::revocation(&mut run, &cast);

    // ---- coverage: every function answered, every event was logged
    run.logged(&[]);
    let functions: BTreeSet<String> = interface().functions().map(|f| f.signature()).collect();
    let called: BTreeSet<String> = run.succeeded.iter().map(|s| s.to_string()).collect();
    let never_called: Vec<&String> = functions.difference(&called).collect();
    assert!(
        never_called.is_empty(),
        "functions this run never called successfully: {never_called:#?}"
    );
    let events: BTreeSet<String> = interface().events().map(|e| e.name.clone()).collect();
    let never_logged: Vec<&String> = events.difference(&run.events).collect();
    assert!(
        never_logged.is_empty(),
        "events this run never logged: {never_logged:#?}"
    );
}

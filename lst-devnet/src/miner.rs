//! Interval mining (`evm_setIntervalMining`): a task that looks at the chain ten times a
//! second and mines a block when the interval has passed since the last one.

use std::time::{Duration, Instant};

use tokio::sync::watch;

use crate::server::SharedChain;

/// How often the task looks: the precision of interval mining.
pub const TICK: Duration = Duration::from_millis(100);

/// Runs until `shutdown` turns true. A block it mines is written to the state file (with
/// `--state`) like any other change.
pub async fn run(chain: SharedChain, mut shutdown: watch::Receiver<bool>) {
    let mut tick = tokio::time::interval(TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = tick.tick() => {
                // A poisoned lock still holds a whole chain (see `RunningNode::write_state`).
                let mut chain = chain.lock().unwrap_or_else(|p| p.into_inner());
                if chain.mine_if_due(Instant::now()) {
                    if let Err(e) = chain.persist() {
                        eprintln!("lst-devnet: interval mining: the state file was not written: {e}");
                    }
                }
            }
            _ = shutdown.changed() => break,
        }
    }
}

//! Recovery while paused: the admin recovers, the program's flows stay stopped.

use super::*;

#[test]
fn the_admin_recovers_while_paused_and_the_flows_stay_stopped() {
    let c = cast();
    let mut reg = populated();
    let admin = c.admin.address;
    ok(&mut reg, admin, &I::pauseCall {});
    // replace the oracle set, the guardian and the admin, all while paused: the set in force
    // is void at once, and the new set waits the delay
    let signers = sorted(&c.oracle_refs(&[0, 1, 3]));
    let now = reg.net().timestamp();
    ok_with(
        &mut reg,
        admin,
        &I::setOracleSetCall {
            signers: signers.clone(),
            threshold: 2,
        },
        vec![I::OracleSetChanged {
            epoch: 2,
            signers: signers.clone(),
            threshold: 2,
            effectiveAt: now + ORACLE_SET_DELAY,
        }
        .into()],
    );
    let set = reg.view(&I::oracleSetCall {}).expect("oracleSet");
    assert_eq!(
        (set.signers, set.epoch, set.nextSigners, set.nextEpoch),
        (vec![], 0, signers, 2)
    );
    let relayer = c.relayer.address;
    ok_with(
        &mut reg,
        admin,
        &I::setGuardianCall {
            newGuardian: relayer,
        },
        vec![I::GuardianChanged {
            previousGuardian: admin,
            newGuardian: relayer,
        }
        .into()],
    );
    let successor = c.stranger.address;
    ok(
        &mut reg,
        admin,
        &I::transferAdminCall {
            newAdmin: successor,
        },
    );
    ok_with(
        &mut reg,
        successor,
        &I::acceptAdminCall {},
        vec![I::AdminTransferred {
            previousAdmin: admin,
            newAdmin: successor,
        }
        .into()],
    );
    // the program's flows are still stopped, for the new admin too
    assert_reverts(
        &mut reg,
        successor,
        &I::setVoteRulesCall {
            quorum: metis(1),
            minVoters: 1,
            approvalBps: 9_000,
            attestationWindow: DEFAULT_ATTESTATION_WINDOW,
        },
        I::RegistryPaused {},
    );
    let signatures = sign(&reg, 2, 3, &tally_of(3), 2, &[0, 1]);
    assert_reverts(
        &mut reg,
        relayer,
        &attest(3, &tally_of(3), signatures),
        I::RegistryPaused {},
    );
    ok(&mut reg, successor, &I::unpauseCall {});
    assert_eq!(reg.view(&I::adminCall {}).expect("admin"), successor);
    // unpaused, the new set attests once its time has come
    past_oracle_set_delay(&mut reg);
    let signatures = sign(&reg, 2, 3, &tally_of(3), 2, &[0, 1]);
    ok(&mut reg, relayer, &attest(3, &tally_of(3), signatures));
}

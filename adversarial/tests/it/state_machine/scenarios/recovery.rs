//! Fixed sequences about the pause and the oracle set: the admin recovers a paused registry and
//! nothing else moves; an oracle-set change takes effect after its delay, also while paused,
//! when it voids the set in force at once.

use super::*;

#[test]
fn a_paused_registry_lets_the_admin_recover_and_nothing_else() {
    let mut world = World::new(Harness::deployed());
    let r = || Who::Right;
    let result = (|| {
        world.step(&Action::SetOracleSet(r(), 0b0111, 0, 1))?; // oracles 1–3, threshold 2
        world.step(&Action::OpenRound(r(), 1, 1))?;
        world.step(&Action::Pause(r()))?;
        expect_last(&world, "ok")?;
        // the program's flows are refused
        world.step(&Action::Submit(r(), 0, 0))?;
        expect_last(&world, "RegistryPaused")?;
        world.step(&Action::SetSnapshotSpace(r(), 1))?;
        expect_last(&world, "RegistryPaused")?;
        world.step(&Action::SetVoteRules(r(), 0, 0, 0, 0))?;
        expect_last(&world, "RegistryPaused")?;
        // recovery: a new admin (Stranger 1), a guardian, a new oracle set
        world.step(&Action::TransferAdmin(r(), 16))?;
        expect_last(&world, "ok")?;
        world.step(&Action::AcceptAdmin(r()))?;
        expect_last(&world, "ok")?;
        prop_assert_eq!(world.m.s.admin, cast().strangers[0].address);
        world.step(&Action::SetGuardian(r(), 0))?;
        expect_last(&world, "ok")?;
        world.step(&Action::SetOracleSet(r(), 0b1111, 0, 8))?; // 4 oracles, threshold 2
        expect_last(&world, "RegistryInvalidOracleSet")?;
        world.step(&Action::SetOracleSet(r(), 0b1000, 0, 6))?; // oracle 4 alone, threshold 1
        expect_last(&world, "ok")?;
        // the old admin can no longer unpause; the new one can
        world.step(&Action::Unpause(Who::Pick(0)))?;
        expect_last(&world, "RegistryNotAdmin")?;
        world.step(&Action::Unpause(r()))?;
        expect_last(&world, "ok")?;
        world.step(&Action::Submit(r(), 0, 0))?;
        expect_last(&world, "ok → 1")?;
        world.check_views()
    })();
    result.unwrap_or_else(|e| panic!("{e}"));
    println!("{}", world.trace.join("\n"));
}

#[test]
fn an_oracle_set_change_takes_effect_after_its_delay_also_while_paused() {
    let mut world = World::new(Harness::deployed());
    let r = || Who::Right;
    let result = (|| {
        // the first set is in force at once (epoch 1)
        world.step(&Action::SetOracleSet(r(), 0b0001, 0, 6))?; // oracle 1 alone, threshold 1
        expect_last(&world, "ok")?;
        prop_assert_eq!(world.m.oracle().epoch, 1);
        prop_assert!(world.m.oracle_scheduled().is_none());
        world.step(&Action::OpenRound(r(), 1, 1))?;
        for lst in 0..3 {
            world.step(&Action::Submit(r(), lst, 0))?;
        }
        world.step(&Action::CloseRound(r(), Id::Live(0)))?;
        // a change outside the pause is scheduled two days ahead under epoch 2
        world.step(&Action::SetOracleSet(r(), 0b0010, 0, 6))?; // oracle 2 alone, threshold 1
        expect_last(&world, "ok")?;
        let (next, at) = world.m.oracle_scheduled().expect("a scheduled set");
        prop_assert_eq!((next.epoch, at), (2, world.m.now + 2 * 86_400));
        prop_assert_eq!(world.m.oracle().epoch, 1);
        // in the same block, the scheduled set cannot attest (under its own epoch) …
        world.step(&Action::Attest(r(), Id::Exact(1), 0, 0, 17))?;
        expect_last(&world, "RegistryUnknownSigner")?;
        // … and the old set still does, under epoch 1
        world.step(&Action::Attest(r(), Id::Exact(1), 0, 0, 0))?;
        expect_last(&world, "ok")?;
        prop_assert_eq!(world.m.s.apps[0].oracle_epoch, 1);
        // a day later a change replaces the scheduled one with a fresh epoch (3), two days on
        world.step(&Action::Warp(3))?; // one day
        world.step(&Action::SetOracleSet(r(), 0b0100, 0, 6))?; // oracle 3 alone, threshold 1
        expect_last(&world, "ok")?;
        let (next, at) = world.m.oracle_scheduled().expect("a scheduled set");
        prop_assert_eq!((next.epoch, at), (3, world.m.now + 2 * 86_400));
        // a day and a second later: epoch 2's time has passed, but it was replaced
        world.step(&Action::Warp(3))?;
        world.step(&Action::Warp(0))?;
        prop_assert_eq!(world.m.oracle().epoch, 1);
        world.step(&Action::Attest(r(), Id::Exact(2), 0, 0, 0))?; // oracle 1, epoch 1
        expect_last(&world, "ok")?;
        // three days later epoch 3 is in force without a transaction; epoch 2 was skipped
        world.step(&Action::Warp(4))?;
        prop_assert_eq!(world.m.oracle().epoch, 3);
        world.step(&Action::Attest(r(), Id::Exact(3), 0, 0, 0))?; // oracle 3, epoch 3
        expect_last(&world, "ok")?;
        prop_assert_eq!(world.m.s.apps[2].oracle_epoch, 3);
        world.check_views()?;
        // while paused a change voids the set in force at once and waits the delay; an
        // unpause right after it brings nothing into force
        world.step(&Action::Pause(r()))?;
        world.step(&Action::SetOracleSetDelay(r(), 1))?; // refused while paused
        expect_last(&world, "RegistryPaused")?;
        world.step(&Action::SetOracleSet(r(), 0b0001, 0, 6))?;
        expect_last(&world, "ok")?;
        prop_assert_eq!(world.m.oracle().epoch, 0);
        let (next, at) = world.m.oracle_scheduled().expect("a scheduled set");
        prop_assert_eq!((next.epoch, at), (4, world.m.now + 2 * 86_400));
        world.step(&Action::Unpause(r()))?;
        prop_assert_eq!(world.m.oracle().epoch, 0);
        world.check_views()?;
        world.step(&Action::Warp(4))?; // three days
        prop_assert_eq!(world.m.oracle().epoch, 4);
        // the delay: admin only, one to 30 days, for later changes
        world.step(&Action::SetOracleSetDelay(Who::Pick(16), 1))?; // Stranger 1
        expect_last(&world, "RegistryNotAdmin")?;
        world.step(&Action::SetOracleSetDelay(r(), 5))?; // 86,399 s
        expect_last(
            &world,
            "RegistryInvalidOracleSetDelay { delay: 86399, min: 86400, max: 2592000 }",
        )?;
        world.step(&Action::SetOracleSetDelay(r(), 6))?; // 2,592,001 s
        expect_last(&world, "RegistryInvalidOracleSetDelay")?;
        world.step(&Action::SetOracleSetDelay(r(), 2))?; // 30 days
        expect_last(&world, "ok")?;
        world.step(&Action::SetOracleSet(r(), 0b0010, 0, 6))?;
        let (next, at) = world.m.oracle_scheduled().expect("a scheduled set");
        prop_assert_eq!((next.epoch, at), (5, world.m.now + 30 * 86_400));
        world.check_views()
    })();
    result.unwrap_or_else(|e| panic!("{e}"));
    println!("{}", world.trace.join("\n"));
}

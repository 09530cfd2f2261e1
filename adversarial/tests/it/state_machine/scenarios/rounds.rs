//! Fixed sequences about rounds: ranking and selection like the model, a full round of 128
//! applications, the rules in force when a round opened, and the attestation deadline.

use super::*;

/// One application of a ranking round: its tally choice, whether it is withdrawn, whether
/// the oracles never attest it.
type Entry = (u8, bool, bool);

/// A round of `apps` applications (each from its own numbered LST, with a tally choice, some
/// withdrawn, some never attested), `slots` slots and vote rules `rules`: everything else
/// attested by one oracle (a set of one, threshold 1), then finalised; when `late` is set,
/// the admin sets those rules after the tallies are public, before finalisation, and the
/// round must still be decided by its own. When a tally is missing, finalisation waits for
/// the attestation deadline (refused before it and at it, a late tally refused after it),
/// and the missing ones fail as not attested.
fn ranking_round(
    world: &mut World,
    slots: u8,
    rules: (u8, u8, u8, u8),
    late: Option<(u8, u8, u8, u8)>,
    apps: &[Entry],
) -> Result<(), TestCaseError> {
    let r = || Who::Right;
    world.step(&Action::SetOracleSet(r(), 0b0001, 0, 6))?; // oracle 1 alone, threshold 1
    world.step(&Action::SetVoteRules(
        r(),
        rules.0,
        rules.1,
        rules.2,
        rules.3,
    ))?;
    world.step(&Action::OpenRound(r(), slots, 1))?;
    let first = world.m.s.application_count as u64 + 1;
    // numbered LSTs continue across rounds of one world
    let base = world.m.s.application_count as u16;
    for i in 0..apps.len() {
        world.step(&Action::SubmitAs(base + i as u16))?;
        expect_last(world, "ok")?;
    }
    for (i, (_, withdrawn, _)) in apps.iter().enumerate() {
        if *withdrawn {
            world.step(&Action::Withdraw(r(), Id::Exact(first + i as u64)))?;
        }
    }
    world.step(&Action::CloseRound(r(), Id::Live(0)))?;
    for (i, (counts, withdrawn, unattested)) in apps.iter().enumerate() {
        if !*withdrawn && !*unattested {
            world.step(&Action::Attest(
                r(),
                Id::Exact(first + i as u64),
                *counts,
                0,
                0,
            ))?;
        }
    }
    let version = world.m.s.rules_version;
    if let Some((q, v, a, x)) = late {
        world.step(&Action::SetVoteRules(r(), q, v, a, x))?;
        prop_assert_eq!(world.m.s.rules_version, version + 1);
    }
    let missing = apps.iter().position(|(_, w, u)| !*w && *u);
    if let Some(i) = missing {
        // the round waits for the tally until its attestation deadline, inclusive
        world.step(&Action::Finalise(r(), Id::Live(0)))?;
        expect_last(world, "RegistryTalliesMissing")?;
        world.step(&Action::WarpTo(1))?;
        world.step(&Action::Finalise(r(), Id::Live(0)))?;
        expect_last(world, "RegistryTalliesMissing")?;
        world.step(&Action::Warp(0))?; // one second later
        world.step(&Action::Attest(r(), Id::Exact(first + i as u64), 0, 0, 0))?;
        expect_last(world, "RegistryDeadline")?;
    }
    world.step(&Action::Finalise(r(), Id::Live(0)))?;
    expect_last(world, "ok")?;
    let round = world.m.s.rounds.last().cloned().unwrap_or_default();
    prop_assert!(
        round.status == FINALISED && round.rules_version == version,
        "the round was not finalised under its own rules (version {version}):\n{}",
        world.trace.join("\n")
    );
    for (i, (_, withdrawn, unattested)) in apps.iter().enumerate() {
        let status = world.m.s.apps[first as usize - 1 + i].status;
        prop_assert!(
            *withdrawn || !*unattested || status == NOT_ATTESTED,
            "application {} without a tally is {status}",
            first + i as u64
        );
    }
    world.check_views()
}

#[test]
fn finalisation_ranks_and_selects_like_the_model() {
    let cases = config::count("ADVERSARIAL_CASES", CASES) / 4;
    let seed = config::derive(&config::seed(), "ranking");
    println!(
        "ranking: {cases} rounds of 2–40 applications (half with the rules changed before finalisation, some tallies never attested), seed ADVERSARIAL_SEED={}",
        config::show_seed(&config::seed())
    );
    let started = Instant::now();
    let mut runner = config::runner(cases, seed);
    // tallies 0–7 (all storable: 8 and 9 would leave the application pending)
    let app = (
        0u8..8,
        proptest::bool::weighted(0.15),
        proptest::bool::weighted(0.08),
    );
    let rules = (any::<u8>(), any::<u8>(), any::<u8>(), any::<u8>());
    let strategy = (
        0u8..5,
        rules,
        proptest::option::weighted(0.5, rules),
        proptest::collection::vec(app, 2..=40),
    );
    let result = runner.run(&strategy, |(slots, rules, late, apps)| {
        // valid rules only (indices 0–3 of each list; windows 0–5)
        let valid = |r: (u8, u8, u8, u8)| (r.0 % 4, r.1 % 4, r.2 % 4, r.3 % 6);
        let mut world = World::new(Harness::deployed());
        ranking_round(&mut world, slots, valid(rules), late.map(valid), &apps)
    });
    println!("ranking: done in {:.1} s", started.elapsed().as_secs_f64());
    if let Err(e) = result {
        panic!(
            "{e}\nreproduce with ADVERSARIAL_SEED={}",
            config::show_seed(&config::seed())
        );
    }
}

#[test]
fn a_full_round_of_128_applications_finalises_within_its_slots() {
    let started = Instant::now();
    let mut world = World::new(Harness::deployed());
    let apps: Vec<(u8, bool)> = (0..128).map(|i| ((i * 7 % 8) as u8, i % 17 == 5)).collect();
    // 32 slots (the most), default rules
    let r = || Who::Right;
    let result = (|| {
        world.step(&Action::SetOracleSet(r(), 0b0001, 0, 6))?; // oracle 1 alone, threshold 1
        world.step(&Action::OpenRound(r(), 4, 1))?;
        for i in 0..apps.len() {
            world.step(&Action::SubmitAs(i as u16))?;
        }
        // the 129th is refused (by a new LST or by one already in the round)
        world.step(&Action::SubmitAs(128))?;
        expect_last(&world, "RegistryRoundFull")?;
        world.step(&Action::Submit(r(), 0, 0))?;
        expect_last(&world, "RegistryRoundFull")?;
        for (i, (_, withdrawn)) in apps.iter().enumerate() {
            if *withdrawn {
                world.step(&Action::Withdraw(r(), Id::Exact(i as u64 + 1)))?;
            }
        }
        world.step(&Action::CloseRound(r(), Id::Live(0)))?;
        for (i, (counts, withdrawn)) in apps.iter().enumerate() {
            if !*withdrawn {
                world.step(&Action::Attest(r(), Id::Exact(i as u64 + 1), *counts, 0, 0))?;
            }
        }
        world.step(&Action::Finalise(r(), Id::Live(0)))?;
        world.check_views()
    })();
    result.unwrap_or_else(|e| panic!("{e}"));
    let round = world.m.s.rounds.last().cloned().unwrap_or_default();
    assert_eq!((round.status, round.qualified), (FINALISED, 32));
    println!(
        "full round: 128 applications, {} passed, 32 qualified, in {:.1} s",
        round.passed,
        started.elapsed().as_secs_f64()
    );
}

#[test]
fn a_round_is_decided_by_the_rules_in_force_when_it_opened() {
    let mut world = World::new(Harness::deployed());
    let r = || Who::Right;
    let result = (|| {
        world.step(&Action::SetOracleSet(r(), 0b0001, 0, 6))?; // oracle 1 alone, threshold 1
                                                               // round 1 opens under version 1, the defaults: 20,000 METIS, 500 voters, 80 %
        world.step(&Action::OpenRound(r(), 1, 1))?;
        for lst in 0..3 {
            world.step(&Action::Submit(r(), lst, 0))?;
        }
        world.step(&Action::CloseRound(r(), Id::Live(0)))?;
        // app 1 passes the defaults; app 2 has 10 voters; app 3 has 1,000 METIS of votes
        for counts in [0, 4, 3] {
            world.step(&Action::Attest(r(), Id::Live(0), counts, 0, 0))?;
            expect_last(&world, "ok")?;
        }
        // the votes are public; the admin lowers every rule (version 2: 1 wei, 1 voter,
        // 50.01 %), which would pass apps 2 and 3
        world.step(&Action::SetVoteRules(r(), 0, 0, 0, 0))?;
        expect_last(&world, "ok")?;
        world.step(&Action::Finalise(r(), Id::Live(0)))?;
        expect_last(&world, "ok")?;
        let statuses: Vec<u8> = world.m.s.apps.iter().map(|a| a.status).collect();
        prop_assert_eq!(statuses, vec![QUALIFIED, FAILED_VOTERS, FAILED_QUORUM]);
        // round 2 opens under version 2; raising the rules (version 3: 300,000 METIS, 1,000
        // voters, 100 %) before it is finalised does not fail its application
        world.step(&Action::OpenRound(r(), 1, 1))?;
        world.step(&Action::Submit(r(), 1, 0))?;
        world.step(&Action::CloseRound(r(), Id::Live(0)))?;
        world.step(&Action::Attest(r(), Id::Live(0), 4, 0, 0))?;
        world.step(&Action::SetVoteRules(r(), 3, 3, 3, 2))?;
        expect_last(&world, "ok")?;
        world.step(&Action::Finalise(r(), Id::Live(0)))?;
        expect_last(&world, "ok")?;
        prop_assert_eq!(world.m.s.apps[3].status, QUALIFIED);
        let versions: Vec<u32> = world.m.s.rounds.iter().map(|r| r.rules_version).collect();
        prop_assert_eq!((versions, world.m.s.rules_version), (vec![1, 2], 3));
        // a round opened now is decided by version 3
        world.step(&Action::OpenRound(r(), 1, 1))?;
        prop_assert_eq!(world.m.s.rounds[2].rules_version, 3);
        world.check_views()
    })();
    result.unwrap_or_else(|e| panic!("{e}"));
    println!("{}", world.trace.join("\n"));
}

#[test]
fn tallies_are_attested_until_the_attestation_deadline_then_the_round_finalises_without_them() {
    let mut world = World::new(Harness::deployed());
    let r = || Who::Right;
    let result = (|| {
        world.step(&Action::SetOracleSet(r(), 0b0001, 0, 6))?; // oracle 1 alone, threshold 1
                                                               // a one-day window
        world.step(&Action::SetVoteRules(r(), 2, 2, 2, 1))?;
        expect_last(&world, "ok")?;
        world.step(&Action::SetVoteRules(r(), 2, 2, 2, 6))?; // 86,399 s
        expect_last(
            &world,
            "RegistryInvalidAttestationWindow { window: 86399, min: 86400, max: 7776000 }",
        )?;
        world.step(&Action::SetVoteRules(r(), 2, 2, 2, 7))?; // 90 days + 1 s
        expect_last(&world, "RegistryInvalidAttestationWindow { window: 7776001")?;
        world.step(&Action::OpenRound(r(), 2, 1))?; // a week
        let round = world.m.s.rounds[0].clone();
        prop_assert_eq!(round.attestation_deadline, round.deadline + 86_400);
        for lst in 0..3 {
            world.step(&Action::Submit(r(), lst, 0))?;
        }
        // the window in force when the round opened decides it, not a later one
        world.step(&Action::SetVoteRules(r(), 2, 2, 2, 2))?; // 90 days
        expect_last(&world, "ok")?;
        // past the application deadline anyone closes; app 1 is attested at once
        world.step(&Action::WarpTo(0))?;
        world.step(&Action::CloseRound(Who::Pick(17), Id::Live(0)))?;
        expect_last(&world, "ok")?;
        world.step(&Action::Attest(r(), Id::Exact(1), 0, 0, 0))?;
        expect_last(&world, "ok")?;
        world.step(&Action::Finalise(r(), Id::Live(0)))?;
        expect_last(
            &world,
            "RegistryTalliesMissing { roundId: 1, tallied: 1, live: 3 }",
        )?;
        // at the attestation deadline itself, a tally is still taken and the round waits
        world.step(&Action::WarpTo(1))?;
        prop_assert_eq!(world.m.now, round.attestation_deadline);
        world.step(&Action::Attest(r(), Id::Exact(2), 1, 0, 0))?;
        expect_last(&world, "ok")?;
        world.step(&Action::Finalise(r(), Id::Live(0)))?;
        expect_last(
            &world,
            "RegistryTalliesMissing { roundId: 1, tallied: 2, live: 3 }",
        )?;
        // one second later it is refused, and the round finalises without it
        world.step(&Action::Warp(0))?;
        world.step(&Action::Attest(r(), Id::Exact(3), 0, 0, 0))?;
        expect_last(&world, "RegistryDeadline { roundId: 1")?;
        world.step(&Action::Withdraw(r(), Id::Exact(3)))?; // still withdrawable
        expect_last(&world, "ok")?;
        world.step(&Action::Submit(r(), 2, 0))?;
        expect_last(&world, "RegistryNoOpenRound")?;
        world.step(&Action::Finalise(Who::Pick(16), Id::Live(0)))?;
        expect_last(&world, "ok")?;
        // a round with a never-attested application: it fails as not attested, in id order
        // among the failures
        world.step(&Action::OpenRound(r(), 2, 1))?; // the 90-day window now
        let round = world.m.s.rounds[1].clone();
        prop_assert_eq!(round.attestation_deadline, round.deadline + 90 * 86_400);
        for lst in 0..3 {
            world.step(&Action::Submit(r(), lst, 0))?;
        }
        world.step(&Action::CloseRound(r(), Id::Live(0)))?;
        world.step(&Action::Attest(r(), Id::Exact(5), 3, 0, 0))?; // fails the quorum
        world.step(&Action::Attest(r(), Id::Exact(6), 0, 0, 0))?; // passes
        world.step(&Action::WarpTo(2))?;
        world.step(&Action::Finalise(r(), Id::Live(0)))?;
        expect_last(&world, "ok")?;
        prop_assert_eq!(
            world.m.events.clone(),
            Some(vec![
                event("ApplicationFailed", &[2, 4, NOT_ATTESTED as u128]),
                event("ApplicationFailed", &[2, 5, FAILED_QUORUM as u128]),
                event("ApplicationQualified", &[2, 6, 1]),
                event("RoundFinalised", &[2, 1, 1]),
            ])
        );
        // a not-attested application is never attested nor paired, but may be revoked
        world.step(&Action::Attest(r(), Id::Exact(4), 0, 0, 0))?;
        expect_last(
            &world,
            "RegistryWrongApplicationStatus { applicationId: 4, status: 9",
        )?;
        world.step(&Action::Revoke(r(), Id::Exact(4), 0))?;
        expect_last(&world, "ok")?;
        // a round whose deadline is the largest timestamp: its attestation deadline saturates
        world.step(&Action::OpenRound(r(), 2, 6))?;
        expect_last(&world, "ok")?;
        prop_assert_eq!(world.m.s.rounds[2].attestation_deadline, u64::MAX);
        world.check_views()
    })();
    result.unwrap_or_else(|e| panic!("{e}"));
    println!("{}", world.trace.join("\n"));
}

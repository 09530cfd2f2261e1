//! The interface's parameter and return types against the `LstRegistry` methods (a compile-time
//! check).

use lst_registry::LstRegistry;

use crate::abi_drift::ILstRegistry::{self, ILstRegistryCalls};

/// The interface's parameter and return types are exactly the Rust types of the `LstRegistry`
/// method behind each function: this only has to compile. The match is exhaustive, so a function
/// added to the interface fails to compile here until it is mapped to its method. A Solidity
/// `string` may be any Rust text type.
#[allow(dead_code, non_snake_case)]
fn typed_mirror(r: &mut LstRegistry, call: ILstRegistryCalls) {
    use ILstRegistry as I;
    use ILstRegistryCalls as C;
    fn text(s: impl AsRef<str>) -> String {
        s.as_ref().to_owned()
    }
    /// Takes a return struct built from the method's results: building it is the check.
    fn is<T>(_: T) {}
    match call {
        // ---- roles
        C::admin(_) => is(I::adminReturn { account: r.admin() }),
        C::pendingAdmin(_) => is(I::pendingAdminReturn {
            account: r.pending_admin(),
        }),
        C::guardian(_) => is(I::guardianReturn {
            account: r.guardian(),
        }),
        C::paused(_) => is(I::pausedReturn {
            isPaused: r.paused(),
        }),
        C::viewsProgram(_) => is(I::viewsProgramReturn {
            program: r.views_program(),
        }),
        C::adminProgram(_) => is(I::adminProgramReturn {
            program: r.admin_program(),
        }),
        C::transferAdmin(c) => r.transfer_admin(c.newAdmin).unwrap(),
        C::acceptAdmin(_) => r.accept_admin().unwrap(),
        C::setGuardian(c) => r.set_guardian(c.newGuardian).unwrap(),
        C::pause(_) => r.pause().unwrap(),
        C::unpause(_) => r.unpause().unwrap(),
        // ---- oracle set and tallies
        C::setOracleSet(c) => r.set_oracle_set(c.signers, c.threshold).unwrap(),
        C::setOracleSetDelay(c) => r.set_oracle_set_delay(c.delay).unwrap(),
        C::oracleSet(_) => {
            let set = r.oracle_set();
            is(I::oracleSetReturn {
                signers: set.signers,
                threshold: set.threshold,
                epoch: set.epoch,
                nextSigners: set.next_signers,
                nextThreshold: set.next_threshold,
                nextEpoch: set.next_epoch,
                nextAt: set.next_at,
                delay: set.delay,
            })
        }
        C::domainSeparator(_) => is(I::domainSeparatorReturn {
            separator: r.domain_separator(),
        }),
        C::tallyDigest(c) => is(I::tallyDigestReturn {
            digest: r
                .tally_digest(
                    c.applicationId,
                    c.forVotes,
                    c.againstVotes,
                    c.abstainVotes,
                    c.voters,
                )
                .unwrap(),
        }),
        C::attestTally(c) => r
            .attest_tally(
                c.applicationId,
                c.forVotes,
                c.againstVotes,
                c.abstainVotes,
                c.voters,
                &c.signatures,
            )
            .unwrap(),
        // ---- rules and phases
        C::rules(_) => {
            let (
                quorum,
                minVoters,
                approvalBps,
                attestationWindow,
                minCap,
                maxCap,
                countingMode,
                space,
            ) = r.rules();
            is(I::rulesReturn {
                quorum,
                minVoters,
                approvalBps,
                attestationWindow,
                minCap,
                maxCap,
                countingMode: text(countingMode),
                snapshotSpace: String::from_utf8(space).unwrap(),
            })
        }
        C::setSnapshotSpace(c) => r.set_snapshot_space(&c.space).unwrap(),
        C::setVoteRules(c) => r
            .set_vote_rules(c.quorum, c.minVoters, c.approvalBps, c.attestationWindow)
            .unwrap(),
        C::setStakeCapBounds(c) => r.set_stake_cap_bounds(c.minCap, c.maxCap).unwrap(),
        C::phase(_) => {
            let (current, nodeLimit, nodeCount) = r.phase();
            is(I::phaseReturn {
                current,
                nodeLimit,
                nodeCount,
            })
        }
        C::phaseNodeLimits(_) => is(I::phaseNodeLimitsReturn {
            limits: r.phase_node_limits(),
        }),
        C::setPhaseNodeLimit(c) => r.set_phase_node_limit(c.targetPhase, c.limit).unwrap(),
        C::advancePhase(c) => r.advance_phase(c.to).unwrap(),
        // ---- Stage 1
        C::openRound(c) => is(I::openRoundReturn {
            roundId: r.open_round(c.slots, c.deadline).unwrap(),
        }),
        C::closeRound(c) => r.close_round(c.roundId).unwrap(),
        C::submitApplication(c) => is(I::submitApplicationReturn {
            applicationId: r
                .submit_application(
                    &c.name,
                    &c.metadataUri,
                    c.contentHash,
                    &c.snapshotSpace,
                    c.snapshotProposal,
                    c.stakingContract,
                )
                .unwrap(),
        }),
        C::withdrawApplication(c) => r.withdraw_application(c.applicationId).unwrap(),
        C::finaliseRound(c) => r.finalise_round(c.roundId).unwrap(),
        C::revokeApplication(c) => r.revoke_application(c.applicationId, &c.reason).unwrap(),
        C::round(c) => {
            let (
                slots,
                status,
                roundPhase,
                firstApplication,
                applications,
                live,
                tallied,
                passed,
                qualified,
                deadline,
                attestationDeadline,
                (quorum, minVoters, approvalBps, attestationWindow),
            ) = r.round(c.roundId).unwrap();
            is(I::roundReturn {
                slots,
                status,
                roundPhase,
                firstApplication,
                applications,
                live,
                tallied,
                passed,
                qualified,
                deadline,
                attestationDeadline,
                quorum,
                minVoters,
                approvalBps,
                attestationWindow,
            })
        }
        C::counts(_) => {
            let (roundCount, applicationCount, nodeCount, pairingCount) = r.counts();
            is(I::countsReturn {
                roundCount,
                applicationCount,
                nodeCount,
                pairingCount,
            })
        }
        C::roundApplications(c) => is(I::roundApplicationsReturn {
            applicationIds: r.round_applications(c.roundId, c.offset, c.limit).unwrap(),
        }),
        C::application(c) => {
            let (
                roundId,
                applicant,
                stakingContract,
                status,
                rank,
                contentHash,
                snapshotProposal,
                name,
                metadataUri,
                snapshotSpace,
            ) = r.application(c.applicationId).unwrap();
            is(I::applicationReturn {
                roundId,
                applicant,
                stakingContract,
                status,
                rank,
                contentHash,
                snapshotProposal,
                name: text(name),
                metadataUri: text(metadataUri),
                snapshotSpace: text(snapshotSpace),
            })
        }
        C::applicationTally(c) => {
            let (forVotes, againstVotes, abstainVotes, voters, oracleEpoch) =
                r.application_tally(c.applicationId).unwrap();
            is(I::applicationTallyReturn {
                forVotes,
                againstVotes,
                abstainVotes,
                voters,
                oracleEpoch,
            })
        }
        C::eligibility(c) => {
            let (eligible, status) = r.eligibility(c.applicationId);
            is(I::eligibilityReturn { eligible, status })
        }
        // ---- Stage 2
        C::registerNode(c) => is(I::registerNodeReturn {
            nodeId: r
                .register_node(c.operator, c.sequencerSigner, &c.metadataUri)
                .unwrap(),
        }),
        C::updateNode(c) => r
            .update_node(c.nodeId, c.operator, c.sequencerSigner, &c.metadataUri)
            .unwrap(),
        C::node(c) => {
            let (
                operator,
                sequencerSigner,
                activePairing,
                registeredPhase,
                registeredAt,
                metadataUri,
            ) = r.node(c.nodeId).unwrap();
            is(I::nodeReturn {
                operator,
                sequencerSigner,
                activePairing,
                registeredPhase,
                registeredAt,
                metadataUri: text(metadataUri),
            })
        }
        C::nodeOfSigner(c) => is(I::nodeOfSignerReturn {
            nodeId: r.node_of_signer(c.sequencerSigner),
        }),
        C::nodes(c) => is(I::nodesReturn {
            nodeIds: r.nodes(c.offset, c.limit),
        }),
        C::pair(c) => is(I::pairReturn {
            pairingId: r
                .pair(c.nodeId, c.applicationId, c.stakeCap, &c.announcementUri)
                .unwrap(),
        }),
        C::unpair(c) => r.unpair(c.nodeId, &c.reason).unwrap(),
        C::setStakeCap(c) => r.set_stake_cap(c.nodeId, c.stakeCap).unwrap(),
        C::reportStake(c) => r.report_stake(c.pairingId, c.stake).unwrap(),
        C::pairing(c) => {
            let (
                nodeId,
                applicationId,
                stakeCap,
                stake,
                startedAt,
                endedAt,
                announcementUri,
                capOutOfBounds,
            ) = r.pairing(c.pairingId).unwrap();
            is(I::pairingReturn {
                nodeId,
                applicationId,
                stakeCap,
                stake,
                startedAt,
                endedAt,
                announcementUri: text(announcementUri),
                capOutOfBounds,
            })
        }
        C::activePairings(c) => {
            let (nodeIds, pairingIds, applicationIds, stakeCaps, remaining) =
                r.active_pairings(c.offset, c.limit);
            is(I::activePairingsReturn {
                nodeIds,
                pairingIds,
                applicationIds,
                stakeCaps,
                remaining,
            })
        }
        C::remainingCapacity(c) => is(I::remainingCapacityReturn {
            remaining: r.remaining_capacity(c.nodeId).unwrap(),
        }),
        C::pairingNonce(_) => is(I::pairingNonceReturn {
            nonce: r.pairing_nonce(),
        }),
    }
}

#[test]
fn interface_types_are_the_method_types() {
    // `typed_mirror` compiling is the check; make sure it is part of the build.
    let _: fn(&mut LstRegistry, ILstRegistryCalls) = typed_mirror;
}

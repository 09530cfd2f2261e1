//! The state as Ethereum's Merkle-Patricia tries: the `stateRoot` of every block and
//! `eth_getProof` (EIP-1186), with alloy-trie's hash builder.
//!
//! The account trie maps `keccak256(address)` to `rlp([nonce, balance, storageRoot,
//! codeHash])` for every non-empty account (EIP-161: an account with no code, nonce 0 and
//! balance 0 is not in the trie unless it has storage); each account's storage trie maps
//! `keccak256(slot)` to `rlp(value)` for every non-zero slot.

use std::collections::BTreeMap;

use alloy_primitives::{keccak256, Address, Bytes, B256, U256};
use alloy_rpc_types_eth::{EIP1186AccountProofResponse, EIP1186StorageProof};
use alloy_trie::proof::ProofRetainer;
use alloy_trie::{HashBuilder, Nibbles, TrieAccount, EMPTY_ROOT_HASH, KECCAK_EMPTY};
use stylus_devnet::{AccountImage, DevnetImage};

/// Leaves `(path, value)` sorted by path, as the hash builder takes them.
type Leaves = Vec<(Nibbles, Vec<u8>)>;

fn storage_leaves(storage: &BTreeMap<B256, B256>) -> Leaves {
    let mut leaves: Leaves = storage
        .iter()
        .filter(|(_, value)| **value != B256::ZERO)
        .map(|(slot, value)| {
            let value = U256::from_be_bytes(value.0);
            (Nibbles::unpack(keccak256(slot)), alloy_rlp::encode(value))
        })
        .collect();
    leaves.sort_by_key(|leaf| leaf.0);
    leaves
}

/// The root of `leaves` and the nodes on the paths to `targets`.
fn build(leaves: &Leaves, targets: Vec<Nibbles>) -> (B256, BTreeMap<Nibbles, Vec<Bytes>>) {
    if leaves.is_empty() {
        let empty = targets.into_iter().map(|t| (t, Vec::new())).collect();
        return (EMPTY_ROOT_HASH, empty);
    }
    let mut builder =
        HashBuilder::default().with_proof_retainer(ProofRetainer::new(targets.clone()));
    for (path, value) in leaves {
        builder.add_leaf(*path, value);
    }
    let root = builder.root();
    let nodes = builder.take_proof_nodes();
    let proofs = targets
        .into_iter()
        .map(|target| {
            let path = nodes
                .matching_nodes_sorted(&target)
                .into_iter()
                .map(|(_, node)| node)
                .collect();
            (target, path)
        })
        .collect();
    (root, proofs)
}

fn in_trie(account: &AccountImage) -> bool {
    !(account.code.is_empty()
        && account.nonce == 0
        && account.balance.is_zero()
        && account.storage.values().all(|v| *v == B256::ZERO))
}

fn trie_account(account: &AccountImage) -> TrieAccount {
    let code_hash = if account.code.is_empty() {
        KECCAK_EMPTY
    } else {
        keccak256(&account.code)
    };
    TrieAccount {
        nonce: account.nonce,
        balance: account.balance,
        storage_root: build(&storage_leaves(&account.storage), Vec::new()).0,
        code_hash,
    }
}

fn account_leaves(image: &DevnetImage) -> Leaves {
    let mut leaves: Leaves = image
        .accounts
        .iter()
        .filter(|(_, account)| in_trie(account))
        .map(|(address, account)| {
            (
                Nibbles::unpack(keccak256(address)),
                alloy_rlp::encode(trie_account(account)),
            )
        })
        .collect();
    leaves.sort_by_key(|leaf| leaf.0);
    leaves
}

/// The state root of `image`.
pub(super) fn state_root(image: &DevnetImage) -> B256 {
    build(&account_leaves(image), Vec::new()).0
}

/// `eth_getProof`: `address`'s account and `slots`, with their Merkle proofs against
/// [`state_root`] of the same image. An absent account or slot gets an exclusion proof.
pub(super) fn account_proof(
    image: &DevnetImage,
    address: Address,
    slots: &[B256],
) -> EIP1186AccountProofResponse {
    let account_path = Nibbles::unpack(keccak256(address));
    let (_, mut account_nodes) = build(&account_leaves(image), vec![account_path]);
    let empty = AccountImage::default();
    let account = image
        .accounts
        .get(&address)
        .filter(|a| in_trie(a))
        .unwrap_or(&empty);
    let slot_paths: Vec<Nibbles> = slots
        .iter()
        .map(|slot| Nibbles::unpack(keccak256(slot)))
        .collect();
    let (storage_hash, mut storage_nodes) =
        build(&storage_leaves(&account.storage), slot_paths.clone());
    let storage_proof = slots
        .iter()
        .zip(slot_paths)
        .map(|(slot, path)| EIP1186StorageProof {
            key: (*slot).into(),
            value: account
                .storage
                .get(slot)
                .map(|v| U256::from_be_bytes(v.0))
                .unwrap_or_default(),
            proof: storage_nodes.remove(&path).unwrap_or_default(),
        })
        .collect();
    let trie = trie_account(account);
    EIP1186AccountProofResponse {
        address,
        balance: account.balance,
        code_hash: trie.code_hash,
        nonce: account.nonce,
        storage_hash,
        account_proof: account_nodes.remove(&account_path).unwrap_or_default(),
        storage_proof,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_trie::proof::verify_proof;
    use stylus_devnet::Devnet;

    fn image() -> DevnetImage {
        let mut net = Devnet::new();
        for i in 1..=40u8 {
            net.set_balance(Address::repeat_byte(i), U256::from(i));
        }
        let holder = Address::repeat_byte(7);
        for s in 0..30u64 {
            net.set_storage(holder, U256::from(s), B256::with_last_byte(s as u8 + 1));
        }
        net.image()
    }

    #[test]
    fn an_empty_state_has_the_empty_root() {
        assert_eq!(state_root(&Devnet::new().image()), EMPTY_ROOT_HASH);
    }

    #[test]
    fn proofs_verify_against_the_root_for_present_and_absent_keys() {
        let image = image();
        let root = state_root(&image);
        let holder = Address::repeat_byte(7);
        let slots = [B256::with_last_byte(3), B256::with_last_byte(200)];
        let proof = account_proof(&image, holder, &slots);
        let leaf = alloy_rlp::encode(TrieAccount {
            nonce: proof.nonce,
            balance: proof.balance,
            storage_root: proof.storage_hash,
            code_hash: proof.code_hash,
        });
        verify_proof(
            root,
            Nibbles::unpack(keccak256(holder)),
            Some(leaf),
            &proof.account_proof,
        )
        .unwrap();
        assert_eq!(proof.storage_proof[0].value, U256::from(4));
        for p in &proof.storage_proof {
            let expected = (!p.value.is_zero()).then(|| alloy_rlp::encode(p.value));
            verify_proof(
                proof.storage_hash,
                Nibbles::unpack(keccak256(p.key.as_b256())),
                expected,
                &p.proof,
            )
            .unwrap();
        }
        // An account that does not exist: an exclusion proof.
        let nobody = Address::repeat_byte(0xEE);
        let absent = account_proof(&image, nobody, &[]);
        assert_eq!(absent.storage_hash, EMPTY_ROOT_HASH);
        verify_proof(
            root,
            Nibbles::unpack(keccak256(nobody)),
            None,
            &absent.account_proof,
        )
        .unwrap();
        // A changed balance changes the root.
        let mut other = image.clone();
        other.accounts.entry(holder).or_default().balance += U256::from(1);
        assert_ne!(state_root(&other), root);
    }
}

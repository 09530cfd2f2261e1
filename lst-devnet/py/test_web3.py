"""lst-devnet driven by web3.py, as a Python developer (an oracle operator's tooling) drives
anvil or nitro-devnode: reads, transactions and their fee, custom errors, filters, and the
node's signing methods. Starts `lst-devnet --seed` ($LST_DEVNET_BIN, or target/debug/lst-devnet)
on a free port.

Run: .venv/bin/python -m unittest discover -s lst-devnet/py -v
"""

import json
import os
import re
import socket
import subprocess
import time
import unittest
from pathlib import Path

from eth_account import Account
from eth_account.messages import encode_defunct, encode_typed_data
from web3 import Web3
from web3.exceptions import ContractCustomError

ROOT = Path(__file__).resolve().parents[2]
ABI = json.loads((ROOT / "abi" / "ILstRegistry.json").read_text())
BASE_FEE = 100_000_000
# Development key 9 of the mnemonic `test … junk` (a PUBLIC test key).
STRANGER_KEY = "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Web3Checks(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        binary = os.environ.get("LST_DEVNET_BIN", str(ROOT / "target" / "debug" / "lst-devnet"))
        port = free_port()
        cls.node = subprocess.Popen(
            [binary, "--seed", "--port", str(port)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        output = ""
        deadline = time.time() + 60
        registry = None
        while time.time() < deadline:
            line = cls.node.stdout.readline()
            if not line:
                raise RuntimeError(f"lst-devnet stopped: {output}")
            output += line
            found = re.search(r"Registry\s+(0x[0-9a-fA-F]{40})", line)
            if found:
                registry = found.group(1)
            if "Listening on" in line:
                break
        if registry is None:
            raise RuntimeError(f"lst-devnet did not start: {output}")
        cls.w3 = Web3(Web3.HTTPProvider(f"http://127.0.0.1:{port}"))
        cls.registry = cls.w3.eth.contract(address=Web3.to_checksum_address(registry), abi=ABI)
        cls.admin = cls.w3.eth.accounts[0]

    @classmethod
    def tearDownClass(cls):
        cls.node.kill()
        cls.node.wait()

    def set_delay(self, days, **tx):
        """`setOracleSetDelay(days)` from the admin (an unlocked account: the node signs)."""
        tx_hash = self.registry.functions.setOracleSetDelay(days * 86_400).transact(
            {"from": self.admin, **tx}
        )
        return self.w3.eth.wait_for_transaction_receipt(tx_hash)

    def test_reads_and_nitro_block_fields(self):
        self.assertTrue(self.w3.is_connected())
        self.assertEqual(self.w3.eth.chain_id, 412_346)
        self.assertEqual(len(self.w3.eth.accounts), 10)
        self.assertEqual(list(self.registry.functions.phase().call()), [0, 4, 4])
        self.assertEqual(self.registry.functions.admin().call(), self.admin)
        block = self.w3.eth.get_block("latest")
        self.assertEqual(block["baseFeePerGas"], BASE_FEE)
        self.assertEqual(int(block["sendCount"], 16), 0)
        self.assertGreater(int(block["l1BlockNumber"], 16), 0)
        self.assertEqual(self.w3.eth.gas_price, BASE_FEE)

    def test_the_base_fee_is_all_a_transaction_pays(self):
        before = self.w3.eth.get_balance(self.admin)
        receipt = self.set_delay(
            3, maxFeePerGas=2 * 10**9, maxPriorityFeePerGas=10**8
        )
        self.assertEqual(receipt["status"], 1)
        self.assertEqual(receipt["effectiveGasPrice"], BASE_FEE)
        self.assertEqual(int(receipt["gasUsedForL1"], 16), 0)
        after = self.w3.eth.get_balance(self.admin)
        self.assertEqual(before - after, receipt["gasUsed"] * BASE_FEE)
        events = self.registry.events.OracleSetDelayChanged().process_receipt(receipt)
        self.assertEqual(events[0]["args"]["delay"], 3 * 86_400)

    def test_a_locally_signed_transaction_and_a_custom_error(self):
        stranger = Account.from_key(STRANGER_KEY)
        call = self.registry.functions.setOracleSetDelay(86_400 * 4)
        with self.assertRaises(ContractCustomError) as raised:
            call.call({"from": stranger.address})
        selector = Web3.keccak(text="RegistryNotAdmin(address)")[:4].hex()
        self.assertIn(selector.removeprefix("0x"), str(raised.exception.data))
        # The same call signed locally and sent raw: mined, reverted, fee paid at the base fee.
        tx = call.build_transaction(
            {
                "from": stranger.address,
                "nonce": self.w3.eth.get_transaction_count(stranger.address),
                "gas": 100_000,
                "maxFeePerGas": 10**9,
                "maxPriorityFeePerGas": 10**8,
            }
        )
        signed = stranger.sign_transaction(tx)
        tx_hash = self.w3.eth.send_raw_transaction(signed.raw_transaction)
        receipt = self.w3.eth.wait_for_transaction_receipt(tx_hash)
        self.assertEqual(receipt["status"], 0)
        self.assertEqual(receipt["effectiveGasPrice"], BASE_FEE)

    def test_block_and_event_filters(self):
        blocks = self.w3.eth.filter("latest")
        events = self.registry.events.OracleSetDelayChanged.create_filter(from_block="latest")
        receipt = self.set_delay(5)
        self.assertEqual(blocks.get_new_entries(), [receipt["blockHash"]])
        self.assertEqual(blocks.get_new_entries(), [])
        entries = events.get_new_entries()
        self.assertEqual(len(entries), 1)
        self.assertEqual(entries[0]["args"]["delay"], 5 * 86_400)
        self.assertTrue(self.w3.eth.uninstall_filter(blocks.filter_id))
        self.assertFalse(self.w3.eth.uninstall_filter(blocks.filter_id))

    def test_the_node_signs_messages_and_typed_data_for_unlocked_accounts(self):
        oracle = self.w3.eth.accounts[1]
        signature = self.w3.eth.sign(oracle, text="an oracle says hello")
        recovered = Account.recover_message(
            encode_defunct(text="an oracle says hello"), signature=signature
        )
        self.assertEqual(recovered, oracle)

        # Application 1's tally as typed data; the registry's tallyDigest is the same digest.
        app = self.registry.functions.application(1).call()
        epoch = self.registry.functions.oracleSet().call()[2]
        votes = (30_000 * 10**18, 10 * 10**18, 0, 700)
        typed = {
            "types": {
                "EIP712Domain": [
                    {"name": "name", "type": "string"},
                    {"name": "version", "type": "string"},
                    {"name": "chainId", "type": "uint256"},
                    {"name": "verifyingContract", "type": "address"},
                ],
                "TallyAttestation": [
                    {"name": "round", "type": "uint64"},
                    {"name": "applicationId", "type": "uint64"},
                    {"name": "applicant", "type": "address"},
                    {"name": "stakingContract", "type": "address"},
                    {"name": "contentHash", "type": "bytes32"},
                    {"name": "snapshotSpace", "type": "string"},
                    {"name": "snapshotProposal", "type": "bytes32"},
                    {"name": "forVotes", "type": "uint256"},
                    {"name": "againstVotes", "type": "uint256"},
                    {"name": "abstainVotes", "type": "uint256"},
                    {"name": "voters", "type": "uint32"},
                    {"name": "oracleEpoch", "type": "uint32"},
                ],
            },
            "primaryType": "TallyAttestation",
            "domain": {
                "name": "LstRegistry",
                "version": "1",
                "chainId": 412_346,
                "verifyingContract": self.registry.address,
            },
            "message": {
                "round": app[0],
                "applicationId": 1,
                "applicant": app[1],
                "stakingContract": app[2],
                "contentHash": "0x" + app[5].hex().removeprefix("0x"),
                "snapshotSpace": app[9],
                "snapshotProposal": "0x" + app[6].hex().removeprefix("0x"),
                "forVotes": votes[0],
                "againstVotes": votes[1],
                "abstainVotes": votes[2],
                "voters": votes[3],
                "oracleEpoch": epoch,
            },
        }
        digest = self.registry.functions.tallyDigest(1, *votes).call()
        signable = encode_typed_data(full_message=typed)
        signature = self.w3.eth.sign_typed_data(oracle, typed)  # eth_signTypedData
        self.assertEqual(Account.recover_message(signable, signature=signature), oracle)
        # Our digest is the registry's: recovering from the raw digest gives the same signer.
        self.assertEqual(
            Account._recover_hash(digest, signature=signature),
            oracle,
        )

    def test_sign_transaction_then_send_it(self):
        sender = self.w3.eth.accounts[2]
        # As anvil (and viem expects), the answer is the signed bytes; geth answers
        # `{raw, tx}`, which web3.py's `eth.sign_transaction` formats, so ask for it raw.
        answer = self.w3.provider.make_request(
            "eth_signTransaction",
            [{"from": sender, "to": self.w3.eth.accounts[3], "value": "0x5", "gas": "0x5208"}],
        )
        raw = answer["result"]
        tx_hash = self.w3.eth.send_raw_transaction(raw)
        self.assertEqual(tx_hash, Web3.keccak(hexstr=raw))
        receipt = self.w3.eth.wait_for_transaction_receipt(tx_hash)
        self.assertEqual(receipt["from"], sender)
        block = self.w3.eth.get_block(receipt["blockNumber"])
        tx = self.w3.eth.get_transaction_by_block(block["number"], 0)
        self.assertEqual(tx["hash"], tx_hash)


if __name__ == "__main__":
    unittest.main()

//! NodeInterface (`0xc8`): the virtual contract a Nitro node answers in `eth_call` and
//! `eth_estimateGas` (it has no code on chain). The Arbitrum SDK and viem's Arbitrum helpers
//! ask it for gas estimates split into L2 and L1 parts; the devnet has no L1, so the L1 part
//! is 0.

use alloy_eips::BlockId;
use alloy_primitives::{address, Address, Bytes, U256};
use alloy_sol_types::{sol, SolCall, SolInterface};

use crate::chain::{CallRequest, Chain, BASE_FEE};
use crate::rpc::RpcError;

sol! {
    interface NodeInterface {
        function gasEstimateComponents(address to, bool contractCreation, bytes calldata data)
            external payable
            returns (uint64 gasEstimate, uint64 gasEstimateForL1, uint256 baseFee, uint256 l1BaseFeeEstimate);
        function gasEstimateL1Component(address to, bool contractCreation, bytes calldata data)
            external payable
            returns (uint64 gasEstimateForL1, uint256 baseFee, uint256 l1BaseFeeEstimate);
        function nitroGenesisBlock() external pure returns (uint256 number);
    }
}

/// NodeInterface's address.
pub(super) const NODE_INTERFACE: Address = address!("00000000000000000000000000000000000000c8");

/// Answers a call to NodeInterface, as `eth_call` would return it.
pub(super) fn call(chain: &mut Chain, req: &CallRequest, id: BlockId) -> Result<Bytes, RpcError> {
    use NodeInterface::NodeInterfaceCalls as Call;
    let call = Call::abi_decode(&req.input).map_err(|e| {
        RpcError::server(format!(
            "NodeInterface: unknown method or bad arguments ({e}); this node answers \
             gasEstimateComponents, gasEstimateL1Component and nitroGenesisBlock"
        ))
    })?;
    let base_fee = U256::from(BASE_FEE);
    let out = match call {
        Call::gasEstimateComponents(c) => {
            // The estimate of the inner call or creation (`to` is then ignored, as Nitro
            // ignores it), as eth_estimateGas gives it.
            let inner = CallRequest {
                from: req.from,
                to: (!c.contractCreation).then_some(c.to),
                input: c.data,
                value: req.value,
                gas: req.gas,
                access_list: Vec::new(),
            };
            let gas = chain.estimate_gas(&inner, id)?;
            NodeInterface::gasEstimateComponentsCall::abi_encode_returns(
                &NodeInterface::gasEstimateComponentsReturn {
                    gasEstimate: gas,
                    gasEstimateForL1: 0,
                    baseFee: base_fee,
                    l1BaseFeeEstimate: U256::ZERO,
                },
            )
        }
        Call::gasEstimateL1Component(_) => {
            NodeInterface::gasEstimateL1ComponentCall::abi_encode_returns(
                &NodeInterface::gasEstimateL1ComponentReturn {
                    gasEstimateForL1: 0,
                    baseFee: base_fee,
                    l1BaseFeeEstimate: U256::ZERO,
                },
            )
        }
        // The devnet's chain starts with Nitro: its genesis is block 0.
        Call::nitroGenesisBlock(_) => {
            NodeInterface::nitroGenesisBlockCall::abi_encode_returns(&U256::ZERO)
        }
    };
    Ok(out.into())
}

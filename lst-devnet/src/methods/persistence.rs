//! Which methods change what a state file holds: after those, a node with `--state` writes
//! its file before it answers (see [`super::dispatch`]).

use super::Method;

impl Method {
    /// Whether the method may change what a state file holds (accounts, blocks,
    /// transactions, the clock): after such a request the chain is written to its `--state`
    /// file before the answer goes out. Listed without a wildcard, so that a new method
    /// cannot be added without saying which it is.
    pub const fn changes_state(self) -> bool {
        use Method as M;
        match self {
            M::EthSendRawTransaction
            | M::EthSendTransaction
            | M::EvmMine
            | M::AnvilMine
            | M::HardhatMine
            | M::EvmIncreaseTime
            | M::EvmSetNextBlockTimestamp
            | M::AnvilSetBalance
            | M::HardhatSetBalance
            | M::EvmRevert
            | M::AnvilSetNonce
            | M::HardhatSetNonce
            | M::AnvilSetStorageAt
            | M::HardhatSetStorageAt
            | M::AnvilSetCode
            | M::HardhatSetCode
            | M::AnvilLoadState
            | M::AnvilReset
            | M::HardhatReset
            // The pool is part of the state file.
            | M::AnvilDropTransaction
            | M::HardhatDropTransaction
            | M::AnvilDropAllTransactions
            // Turning automine on mines what is ready.
            | M::EvmSetAutomine => true,
            M::Web3ClientVersion
            | M::Web3Sha3
            | M::NetVersion
            | M::NetListening
            | M::EthChainId
            | M::EthBlockNumber
            | M::EthSyncing
            | M::EthAccounts
            | M::EthGetBlockByNumber
            | M::EthGetBlockByHash
            | M::EthGetBlockTransactionCountByNumber
            | M::EthGetBlockTransactionCountByHash
            | M::EthGetBalance
            | M::EthGetTransactionCount
            | M::EthGetCode
            | M::EthGetStorageAt
            | M::EthGasPrice
            | M::EthMaxPriorityFeePerGas
            | M::EthFeeHistory
            | M::EthEstimateGas
            | M::EthCall
            | M::EthCreateAccessList
            | M::EthGetTransactionByHash
            | M::EthGetTransactionReceipt
            | M::EthGetLogs
            // Snapshots are not part of a state file.
            | M::EvmSnapshot
            | M::NetPeerCount
            | M::EthCoinbase
            | M::EthMining
            | M::EthBlobBaseFee
            | M::EthGetBlockReceipts
            | M::EthGetTransactionByBlockNumberAndIndex
            | M::EthGetTransactionByBlockHashAndIndex
            | M::EthGetUncleCountByBlockNumber
            | M::EthGetUncleCountByBlockHash
            | M::EthGetUncleByBlockNumberAndIndex
            | M::EthGetUncleByBlockHashAndIndex
            // Filters, signatures and impersonations are not either.
            | M::EthNewFilter
            | M::EthNewBlockFilter
            | M::EthNewPendingTransactionFilter
            | M::EthGetFilterChanges
            | M::EthGetFilterLogs
            | M::EthUninstallFilter
            | M::EthSign
            | M::PersonalSign
            | M::EthSignTypedDataV4
            | M::EthSignTypedDataV3
            | M::EthSignTypedData
            | M::EthSignTransaction
            | M::AnvilImpersonateAccount
            | M::HardhatImpersonateAccount
            | M::AnvilStopImpersonatingAccount
            | M::HardhatStopImpersonatingAccount
            | M::AnvilAutoImpersonateAccount
            | M::AnvilNodeInfo
            | M::AnvilDumpState
            // The pool and the mining mode are not part of a state file either.
            | M::AnvilGetAutomine
            | M::HardhatGetAutomine
            | M::EvmSetIntervalMining
            | M::AnvilSetIntervalMining
            | M::AnvilGetIntervalMining
            | M::TxpoolStatus
            | M::TxpoolContent
            | M::TxpoolInspect
            // Traces replay and discard.
            | M::DebugTraceTransaction
            | M::DebugTraceCall
            | M::DebugTraceBlockByNumber
            | M::DebugTraceBlockByHash
            | M::EthGetProof
            // Subscriptions belong to a websocket connection.
            | M::EthSubscribe
            | M::EthUnsubscribe => false,
        }
    }
}

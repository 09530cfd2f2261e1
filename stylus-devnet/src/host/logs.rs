//! Logs.

use super::*;

pub(super) fn emit_log(c: &mut C, data: u32, len: u32, topics: u32) -> HostResult<()> {
    c.buy_ink(hostio::EMIT_LOG)?;
    if topics > 4 || u64::from(len) < u64::from(topics) * 32 {
        return failure(format!(
            "emit_log: bad topic data ({topics} topics, {len} bytes)"
        ));
    }
    c.pay_for_read(len)?;
    let data_len = u64::from(len - topics * 32);
    c.buy_gas((1 + u64::from(topics)) * evm::LOG_TOPIC_GAS + data_len * evm::LOG_DATA_GAS)?;
    let bytes = c.read_slice(data, len)?;
    let env = c.env_mut();
    if env.frame.is_static {
        return failure("emit_log: write protection (static call)");
    }
    let split = topics as usize * 32;
    let log = Log {
        address: env.frame.address,
        topics: bytes[..split].chunks(32).map(B256::from_slice).collect(),
        data: bytes[split..].to_vec(),
    };
    env.tx.add_log(log);
    c.trace(&[&topics.to_be_bytes(), &bytes], &[])
}

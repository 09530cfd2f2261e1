use std::time::Instant;
use alloy_primitives::Address;
use alloy_sol_types::SolCall;
use lst_registry_e2e::abi::ILstRegistry as I;
use lst_registry_e2e::artifact;

#[test]
fn timing() {
    let wasm = artifact::load().unwrap();
    let t = Instant::now();
    let mut net = artifact::devnet();
    let admin = Address::repeat_byte(0xAD);
    let r = net.deploy(admin, &wasm, &admin.into_word().0).unwrap();
    let c = r.contract_address.unwrap();
    println!("deploy {:?}", t.elapsed());
    let t = Instant::now();
    for _ in 0..100 {
        let r = net.send(admin, c, &I::pauseCall {}.abi_encode(), Default::default());
        let _ = r;
        let r = net.send(admin, c, &I::unpauseCall {}.abi_encode(), Default::default());
        let _ = r;
    }
    println!("200 sends {:?}", t.elapsed());
    let t = Instant::now();
    for _ in 0..100 { let _ = net.storage_dump(c); }
    println!("100 dumps {:?}", t.elapsed());
    let t = Instant::now();
    for _ in 0..100 { let _ = net.clone(); }
    println!("100 clones {:?}", t.elapsed());
}

#[test]
fn sign_timing() {
    use lst_registry_e2e::actors::Oracle;
    let o = Oracle::new("x");
    let t = Instant::now();
    for i in 0..50u8 {
        let d = alloy_primitives::keccak256([i]);
        let _ = lst_registry_e2e::eip712::sign(&o, d).unwrap();
    }
    println!("50 signs {:?}", t.elapsed());
    let d = alloy_primitives::keccak256([1u8]);
    let s = lst_registry_e2e::eip712::sign(&o, d).unwrap();
    let t = Instant::now();
    for _ in 0..50 { let _ = lst_registry_e2e::eip712::recover(&s, d); }
    println!("50 recovers {:?}", t.elapsed());
}

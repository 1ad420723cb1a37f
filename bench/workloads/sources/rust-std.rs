// A std-only Rust program: collections, a thread, formatting and a caught panic (unwinding).
use std::collections::HashMap;
use std::thread;

fn main() {
    let mut m = HashMap::new();
    for i in 0..10 {
        m.insert(i, i * i);
    }
    let h = thread::spawn(move || m.values().sum::<i32>());
    let s = h.join().unwrap();
    let r = std::panic::catch_unwind(|| {
        if s > 0 {
            panic!("boom {}", s)
        }
    });
    println!("sum={} caught={}", s, r.is_err());
}

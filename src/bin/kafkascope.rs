//! The native command-line entry: runs simulations outside the browser.

use kafkascope::engine::{ClusterConfig, Sim};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("version") | Some("--version") => println!("kafkascope {}", env!("CARGO_PKG_VERSION")),
        Some("info") => {
            let sim = Sim::new(ClusterConfig::default(), 0);
            for b in sim.brokers() {
                println!("broker {} at {}", b.id, b.address());
            }
        }
        _ => {
            eprintln!("usage: kafkascope <version|info>");
            std::process::exit(2);
        }
    }
}

//! A tool whose every `--bootstrap-server` address is a stopped broker. Kafka's clients
//! cannot refuse such an address up front: they try to connect, log `NetworkClient`'s
//! warnings at each attempt, and give up only when the call's own timeout passes
//! (checked against Kafka 4.3: `NetworkClient.processDisconnection` and
//! `DefaultMetadataUpdater.handleServerDisconnect` for the warnings,
//! `KafkaAdminClient.timeoutPendingCalls` for the admin client's "Timed out waiting for a
//! node assignment. Call: NAME", `KafkaProducer.waitOnMetadata` for the producer's "Topic X
//! not present in metadata after N ms.").
//!
//! Simplification: the reconnect backoff doubles from `reconnect.backoff.ms` (50 ms) to
//! `reconnect.backoff.max.ms` (1 s) without Kafka's 20 % jitter, so the warnings come at
//! fixed times. A broker that starts again during the wait is connected to at the next
//! attempt, and the tool goes on as usual.

use crate::console::output::Output;
use crate::console::runtime::Console;
use crate::console::time::{epoch_ms, log_timestamp};

/// `reconnect.backoff.ms` and `reconnect.backoff.max.ms` (the clients' defaults).
const RECONNECT_BACKOFF_MS: i64 = 50;
const RECONNECT_BACKOFF_MAX_MS: i64 = 1_000;

/// `default.api.timeout.ms`, the admin client's deadline for a call without its own.
pub(crate) const ADMIN_API_TIMEOUT_MS: i64 = 60_000;

/// The host names Kafkascope's machine resolves (to 127.0.0.1): the simulated brokers
/// listen on their ports 9092 to 9100.
const HOSTS: [&str; 4] = ["localhost", "127.0.0.1", "kafka", "broker"];

/// The bootstrap addresses, when none of them is a running broker (`None` when one is,
/// or when an address is malformed: `check_bootstrap` or [`check_client_bootstrap`]
/// reports that). An address no broker listens on (e.g. `localhost:9999`) is unreachable
/// like a stopped broker's; one whose host does not resolve is left out, as
/// `ClientUtils.parseAndValidateAddresses` leaves it out.
pub(crate) fn stopped_bootstrap(console: &Console, bootstrap: &str) -> Option<Vec<String>> {
    let mut addrs = Vec::new();
    for addr in bootstrap.split(',').map(str::trim).filter(|a| !a.is_empty()) {
        let (host, port) = addr.rsplit_once(':')?;
        let port = port.parse::<i32>().ok()?;
        if !HOSTS.contains(&host) {
            continue;
        }
        if console.sim.brokers().iter().any(|b| 9091 + b.id == port && b.alive) {
            return None;
        }
        addrs.push(addr.to_string());
    }
    (!addrs.is_empty()).then_some(addrs)
}

/// `ClientUtils.parseAndValidateAddresses` (clients, 4.0-SNAPSHOT mirror), which the
/// producer's and the consumer's constructors call: an address without a host or port is
/// `ConfigException: Invalid url in bootstrap.servers: X`; a host that does not resolve
/// is logged (WARN) and left out, and when none is left the constructor fails with
/// `ConfigException: No resolvable bootstrap urls given in bootstrap.servers`. The error
/// is the constructor's cause, for [`super::construction_exception`].
/// Simplification: only the names in `HOSTS` resolve.
pub(crate) fn check_client_bootstrap(console: &Console, bootstrap: &str, out: &mut Output) -> Result<(), crate::engine::KafkaError> {
    let fail = |m: String| {
        Err(crate::engine::KafkaError::new(
            crate::engine::ErrorCode::ClientConstructionFailed,
            format!("org.apache.kafka.common.config.ConfigException: {m}"),
        ))
    };
    let mut resolved = 0;
    for url in bootstrap.split(',').map(str::trim).filter(|a| !a.is_empty()) {
        // Utils.getHost / getPort: `host:port`, the host of letters, digits and `-%._:`
        let (host, port) = url.rsplit_once(':').unwrap_or((url, ""));
        let host_ok = !host.is_empty() && host.chars().all(|c| c.is_ascii_alphanumeric() || "-%._:[]".contains(c));
        if !host_ok || port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit()) {
            return fail(format!("Invalid url in bootstrap.servers: {url}"));
        }
        if port.parse::<u16>().is_err() {
            return fail(format!("Invalid port in bootstrap.servers: {url}"));
        }
        if HOSTS.contains(&host) {
            resolved += 1;
        } else {
            out.errln(format!(
                "{} WARN Couldn't resolve server {url} from bootstrap.servers as DNS resolution failed for {host} (org.apache.kafka.clients.ClientUtils)",
                log_timestamp(epoch_ms(console.sim.now()))
            ));
        }
    }
    if resolved == 0 {
        return fail("No resolvable bootstrap urls given in bootstrap.servers".into());
    }
    Ok(())
}

/// How Java prints the resolved address (`InetSocketAddress.toString`): `host/ip:port`.
fn resolved(addr: &str) -> String {
    let (host, port) = addr.rsplit_once(':').unwrap_or((addr, ""));
    if host == "127.0.0.1" {
        format!("/127.0.0.1:{port}")
    } else {
        format!("{host}/127.0.0.1:{port}")
    }
}

/// A client trying its bootstrap addresses in turn: the next attempt's time and backoff.
#[derive(Clone, Debug)]
pub(crate) struct Reconnect {
    addrs: Vec<String>,
    /// the log prefix, e.g. `Producer clientId=console-producer`
    client: String,
    attempt: usize,
    next_ms: i64,
    backoff_ms: i64,
}

impl Reconnect {
    /// `None` when a bootstrap address is a running broker.
    pub(crate) fn new(console: &Console, bootstrap: &str, client: String) -> Option<Reconnect> {
        let addrs = stopped_bootstrap(console, bootstrap)?;
        Some(Reconnect { addrs, client, attempt: 0, next_ms: console.sim.now(), backoff_ms: RECONNECT_BACKOFF_MS })
    }

    /// When the next connection attempt is due.
    pub(crate) fn next_ms(&self) -> i64 {
        self.next_ms
    }

    /// Makes the attempts due by now: true when a bootstrap broker answered; otherwise
    /// logs the client's two warnings for each refused connection.
    pub(crate) fn attempt_due(&mut self, console: &Console, out: &mut Output) -> bool {
        while self.next_ms <= console.sim.now() {
            if stopped_bootstrap(console, &self.addrs.join(",")).is_none() {
                return true;
            }
            let addr = &self.addrs[self.attempt % self.addrs.len()];
            let ts = log_timestamp(epoch_ms(console.sim.now()));
            let client = &self.client;
            out.errln(format!(
                "{ts} WARN [{client}] Connection to node -1 ({}) could not be established. Node may not be available. (org.apache.kafka.clients.NetworkClient)",
                resolved(addr)
            ));
            out.errln(format!(
                "{ts} WARN [{client}] Bootstrap broker {addr} (id: -1 rack: null isFenced: false) disconnected (org.apache.kafka.clients.NetworkClient)"
            ));
            self.attempt += 1;
            self.next_ms = self.next_ms.saturating_add(self.backoff_ms);
            self.backoff_ms = (self.backoff_ms * 2).min(RECONNECT_BACKOFF_MAX_MS);
        }
        false
    }
}

/// Tries the bootstrap addresses until one answers or `timeout_ms` of virtual time has
/// passed; the cluster (and every background job) runs meanwhile. True when a broker
/// came back.
fn wait_for_bootstrap(console: &mut Console, out: &mut Output, mut r: Reconnect, timeout_ms: i64) -> bool {
    let deadline = console.sim.now().saturating_add(timeout_ms.max(0));
    loop {
        if r.attempt_due(console, out) {
            return true;
        }
        let now = console.sim.now();
        if now >= deadline {
            return false;
        }
        let next = r.next_ms().min(deadline);
        console.pump_until(next - now, out, |_, _| false);
    }
}

/// The admin client's call that never found a node: waits `timeout_ms`, then gives the
/// exception's message (`None` when a bootstrap broker came back in time).
pub(crate) fn admin_call(console: &mut Console, out: &mut Output, bootstrap: &str, call: &str, timeout_ms: i64) -> Option<String> {
    admin_call_as(console, out, bootstrap, "adminclient-1", call, timeout_ms)
}

/// [`admin_call`] for an admin client with its own `client.id` (GetOffsetShell's).
pub(crate) fn admin_call_as(
    console: &mut Console,
    out: &mut Output,
    bootstrap: &str,
    client_id: &str,
    call: &str,
    timeout_ms: i64,
) -> Option<String> {
    let r = Reconnect::new(console, bootstrap, format!("AdminClient clientId={client_id}"))?;
    if wait_for_bootstrap(console, out, r, timeout_ms) {
        return None;
    }
    Some(format!("Timed out waiting for a node assignment. Call: {call}"))
}

/// The producer's metadata wait for a topic (`max.block.ms`): the exception's message, or
/// `None` when a bootstrap broker came back in time.
pub(crate) fn producer_metadata(
    console: &mut Console,
    out: &mut Output,
    bootstrap: &str,
    client_id: &str,
    topic: &str,
    max_block_ms: i64,
) -> Option<String> {
    let r = Reconnect::new(console, bootstrap, format!("Producer clientId={client_id}"))?;
    if wait_for_bootstrap(console, out, r, max_block_ms) {
        return None;
    }
    Some(format!("Topic {topic} not present in metadata after {max_block_ms} ms."))
}

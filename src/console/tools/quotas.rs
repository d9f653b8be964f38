//! `kafka-configs.sh --entity-type clients/users/ips` (tools/ConfigCommand.java, Kafka
//! 4.x Java, the version read between 4.1 and 4.3): client quotas through
//! `AlterClientQuotas`/`DescribeClientQuotas`, and for users SCRAM credentials through
//! `AlterUserScramCredentials`/`DescribeUserScramCredentials`. Kafkascope stores and
//! describes them; it throttles no client and authenticates nobody.

use crate::console::output::Output;
use crate::console::runtime::{Console, Status};
use crate::engine::decimal::java_double;
use crate::engine::group::java_string_hash;
use crate::engine::sim::quotas::{IP_QUOTAS, SCRAM_MECHANISMS, USER_AND_CLIENT_QUOTAS};
use crate::engine::Command;

/// The quota entity type of a `--entity-type` (`ClientQuotaEntity.USER`, `CLIENT_ID`, `IP`).
fn quota_type(entity_type: &str) -> &'static str {
    match entity_type {
        "users" => "user",
        "clients" => "client-id",
        _ => "ip",
    }
}

/// The order a `java.util.HashMap` built with `new HashMap<>(n)` and filled with these
/// (hash, item) pairs iterates in: by bucket, `(h ^ h >>> 16) & (capacity - 1)`, with
/// the capacity the map grows to (`tableSizeFor(n)`, doubled whenever the size passes
/// three quarters of it). Ties keep the given order.
fn java_hash_map_order<T>(mut items: Vec<(i32, T)>) -> Vec<T> {
    let n = items.len();
    let mut cap = n.max(1).next_power_of_two();
    let mut threshold = cap * 3 / 4;
    for size in 1..=n {
        if size > threshold {
            cap *= 2;
            threshold = cap * 3 / 4;
        }
    }
    let bucket = |h: i32| ((h ^ ((h as u32) >> 16) as i32) as u32 as usize) & (cap - 1);
    crate::engine::sorting::sort_by_key(&mut items, |(h, _)| bucket(*h));
    items.into_iter().map(|(_, t)| t).collect()
}

/// Whether `InetAddress.getByName` would take the name: an IPv4 or IPv6 literal, or a
/// host the simulated machines resolve (`localhost`).
pub(super) fn resolvable(ip: &str) -> bool {
    ip.parse::<std::net::IpAddr>().is_ok() || ip == "localhost" || ip.is_empty()
}

/// `--describe` and `--alter` of clients, users and ips; `names` pairs with `types`
/// (`""` for `--entity-default`), as `ConfigCommandOptions.entityNames` does.
#[allow(clippy::too_many_arguments)]
pub(super) fn run(
    console: &mut Console,
    types: &[String],
    names: &[String],
    describe: bool,
    adds: Vec<(String, String)>,
    deletes: Vec<String>,
    args: &[String],
    out: &mut Output,
) -> Status {
    let refuse = |out: &mut Output, message: String| {
        out.errln(message);
        1
    };
    if describe {
        // getAllClientQuotasConfigs: a name per type where given, else any entity of it
        let filter: Vec<(String, Option<Option<String>>)> = types
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let name = names.get(i).map(|n| if n.is_empty() { None } else { Some(n.clone()) });
                (quota_type(t).to_string(), name)
            })
            .collect();
        let found = console.sim.client_quotas(&filter);
        let entity_hash = |e: &Vec<(String, Option<String>)>| {
            // ClientQuotaEntity.hashCode: its entries map's, a sum of key ^ value hashes
            e.iter().fold(0i32, |h, (t, n)| h.wrapping_add(java_string_hash(t) ^ n.as_deref().map_or(0, java_string_hash)))
        };
        let found = java_hash_map_order(found.into_iter().map(|(e, q)| (entity_hash(&e), (e, q))).collect());
        for (entity, quotas) in found {
            let part = |t: &str| {
                entity.iter().find(|(et, _)| et == t).map(|(_, n)| match n {
                    Some(n) => format!("{} '{n}'", if t == "user" { "user-principal" } else { t }),
                    None => format!("the default {}", if t == "user" { "user-principal" } else { t }),
                })
            };
            let who: Vec<String> = ["user", "client-id", "ip"].iter().filter_map(|t| part(t)).collect();
            let quotas = java_hash_map_order(quotas.into_iter().map(|(k, v)| (java_string_hash(&k), (k, v))).collect());
            let values: Vec<String> = quotas.iter().map(|(k, v)| format!("{k}={}", java_double(*v))).collect();
            out.outln(format!("Quota configs for {} are {}", who.join(", "), values.join(", ")));
        }
        // SCRAM credentials: only for users, without clients and without the default
        if !types.iter().any(|t| t == "clients") && types.iter().any(|t| t == "users") && !names.iter().any(String::is_empty) {
            let users: Vec<String> = if names.is_empty() {
                let mut all: Vec<String> = console.sim.scram_users();
                crate::engine::sorting::sort_by_key(&mut all, |u| u.clone());
                all
            } else {
                names.to_vec()
            };
            for user in users {
                let creds = console.sim.scram_credentials(&user);
                if creds.is_empty() {
                    continue; // RESOURCE_NOT_FOUND: users() leaves it out
                }
                let text: Vec<String> = creds.iter().map(|(m, i)| format!("{m}=iterations={i}")).collect();
                out.outln(format!("SCRAM credential configs for user-principal '{user}' are {}", text.join(", ")));
            }
        }
        return 0;
    }
    let entity_type = types[0].as_str();
    let entity_name = names.first().cloned().unwrap_or_default();
    if types.len() != names.len() {
        return refuse(out, "An entity name must be specified for every entity type".into());
    }
    let is_quota = |k: &str| if entity_type == "ips" { IP_QUOTAS.contains(&k) } else { USER_AND_CLIENT_QUOTAS.contains(&k) };
    let is_scram = |k: &str| SCRAM_MECHANISMS.contains(&k);
    let unknown_adds: Vec<&str> = adds.iter().map(|(k, _)| k.as_str()).filter(|k| !is_quota(k) && !is_scram(k)).collect();
    let scram_adds: Vec<(&str, &str)> = adds.iter().filter(|(k, _)| is_scram(k)).map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let unknown_deletes: Vec<&str> = deletes.iter().map(String::as_str).filter(|k| !is_quota(k) && !is_scram(k)).collect();
    let scram_deletes: Vec<&str> = deletes.iter().map(String::as_str).filter(|k| is_scram(k)).collect();
    let quota_changes = adds.iter().any(|(k, _)| is_quota(k)) || deletes.iter().any(|k| is_quota(k));
    if entity_type == "ips" {
        let mut bad: Vec<&str> =
            adds.iter().map(|(k, _)| k.as_str()).chain(deletes.iter().map(String::as_str)).filter(|k| !is_quota(k)).collect();
        bad.dedup();
        if !bad.is_empty() {
            return refuse(
                out,
                format!(
                    "Only connection quota configs can be added for 'ips' using --bootstrap-server. Unexpected config names: {}",
                    bad.join(", ")
                ),
            );
        }
    } else if entity_type == "clients" || types.len() == 2 {
        let mut bad: Vec<&str> = unknown_adds.iter().copied().chain(scram_adds.iter().map(|(k, _)| *k)).collect();
        if !bad.is_empty() {
            bad.dedup();
            return refuse(
                out,
                format!(
                    "Only quota configs can be added for 'clients' using --bootstrap-server. Unexpected config names: {}",
                    bad.join(",")
                ),
            );
        }
        let mut bad: Vec<&str> = unknown_deletes.iter().copied().chain(scram_deletes.iter().copied()).collect();
        if !bad.is_empty() {
            bad.dedup();
            return refuse(
                out,
                format!(
                    "Only quota configs can be deleted for 'clients' using --bootstrap-server. Unexpected config names: {}",
                    bad.join(",")
                ),
            );
        }
    } else {
        if !unknown_adds.is_empty() {
            return refuse(out, format!("Only quota and SCRAM credential configs can be added for 'users' using --bootstrap-server. Unexpected config names: {}", unknown_adds.join(",")));
        }
        if !unknown_deletes.is_empty() {
            return refuse(out, format!("Only quota and SCRAM credential configs can be deleted for 'users' using --bootstrap-server. Unexpected config names: {}", unknown_deletes.join(",")));
        }
        if !scram_adds.is_empty() || !scram_deletes.is_empty() {
            if names.iter().any(String::is_empty) {
                return refuse(
                    out,
                    "The use of --entity-default or --user-defaults is not allowed with User SCRAM Credentials using --bootstrap-server."
                        .into(),
                );
            }
            if quota_changes {
                return refuse(
                    out,
                    "Cannot alter both quota and SCRAM credential configs simultaneously for 'users' using --bootstrap-server.".into(),
                );
            }
        }
    }
    let entity: Vec<(String, Option<String>)> =
        types.iter().zip(names).map(|(t, n)| (quota_type(t).to_string(), (!n.is_empty()).then(|| n.clone()))).collect();
    let result = if quota_changes || scram_adds.is_empty() && scram_deletes.is_empty() {
        // alterQuotaConfigs: a quota deleted must be set ("Invalid config(s): ..."), a value a double
        let filter: Vec<(String, Option<Option<String>>)> = entity.iter().map(|(t, n)| (t.clone(), Some(n.clone()))).collect();
        let old: Vec<String> = console.sim.client_quotas(&filter).into_iter().flat_map(|(_, q)| q.into_iter().map(|(k, _)| k)).collect();
        let missing: Vec<&str> = deletes.iter().map(String::as_str).filter(|k| !old.iter().any(|o| o == k)).collect();
        if !missing.is_empty() {
            return refuse(out, format!("Invalid config(s): {}", missing.join(",")));
        }
        let mut set = Vec::new();
        for (k, v) in &adds {
            match crate::engine::decimal::parse_java_double(v.trim()) {
                Some(d) => set.push((k.clone(), d)),
                None => return refuse(out, format!("Cannot parse quota configuration value for {k}: {v}")),
            }
        }
        console.apply(Command::AlterClientQuotas { entity, set, delete: deletes.clone() })
    } else {
        // alterUserScramCredentialConfigs: '(?:iterations=(-?[0-9]*),)?password=(.*)',
        // the iterations (4096 when left out or -1) at least the mechanism's 4096
        let mut set = Vec::new();
        for (m, v) in scram_adds {
            let iterations = match v.strip_prefix("iterations=").and_then(|r| r.split_once(",password=")) {
                Some((i, _)) if i.trim_start_matches('-').chars().all(|c| c.is_ascii_digit()) => i.parse::<i32>().unwrap_or(-1),
                _ if v.starts_with("password=") => -1,
                _ => return refuse(out, format!("Invalid credential property {}={v}", m.replace('-', "_"))),
            };
            let iterations = if iterations == -1 { 4096 } else { iterations };
            if iterations < 4096 {
                return refuse(out, format!("Iterations {iterations} is less than the minimum 4096 required for {m}"));
            }
            set.push((m.to_string(), iterations));
        }
        console.apply(Command::AlterScramCredentials {
            user: entity_name.clone(),
            set,
            delete: scram_deletes.iter().map(|s| s.to_string()).collect(),
        })
    };
    if let Err(e) = result {
        super::configs::config_command_failed(out, args, &super::exception_text(&e));
        return 1;
    }
    if entity_name.is_empty() {
        out.outln(format!("Completed updating default config for {entity_type} in the cluster."));
    } else {
        out.outln(format!("Completed updating config for {} {entity_name}.", &entity_type[..entity_type.len() - 1]));
    }
    0
}

#[cfg(test)]
mod tests {
    #[test]
    fn hash_map_order_follows_buckets() {
        // two keys: the map grows to 4 buckets
        let order = super::java_hash_map_order(vec![(3, "a"), (1, "b")]);
        assert_eq!(order, ["b", "a"]);
    }
}

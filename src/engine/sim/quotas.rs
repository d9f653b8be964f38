//! Client quotas and SCRAM credentials, as `kafka-configs.sh --entity-type
//! clients/users/ips` sets and describes them (`AlterClientQuotas`,
//! `DescribeClientQuotas`, `AlterUserScramCredentials`, `DescribeUserScramCredentials`;
//! the KRaft controller's `ClientQuotaControlManager` and `ScramControlManager`, Kafka
//! 4.x). Kafkascope stores them and describes them; it throttles no client and
//! authenticates nobody (its clients connect without SASL).

use crate::engine::map::Map;

use super::super::command::Reply;
use super::super::error::{ErrorCode, KafkaError, KafkaResult};
use super::Sim;

/// A quota entity: `(entity type, name)` pairs sorted by type, the name `None` for the
/// default entity (`ClientQuotaEntity`: `user`, `client-id`, `ip`).
pub type QuotaEntity = Vec<(String, Option<String>)>;

/// The quota keys each entity type takes (`QuotaConfig.userAndClientQuotaConfigs`,
/// `QuotaConfig.ipConfigs`, Kafka 4.x).
pub const USER_AND_CLIENT_QUOTAS: [&str; 4] =
    ["consumer_byte_rate", "controller_mutation_rate", "producer_byte_rate", "request_percentage"];
pub const IP_QUOTAS: [&str; 1] = ["connection_creation_rate"];
/// `ScramMechanism` names.
pub const SCRAM_MECHANISMS: [&str; 2] = ["SCRAM-SHA-256", "SCRAM-SHA-512"];

impl Sim {
    /// `AlterClientQuotas` for one entity: `set` values are Java doubles as text, a
    /// quota deleted goes away. An entity left with no quota is forgotten.
    pub(super) fn alter_client_quotas(&mut self, entity: &QuotaEntity, set: &[(String, f64)], delete: &[String]) -> KafkaResult<Reply> {
        let mut entity = entity.clone();
        crate::engine::sorting::sort_by_key(&mut entity, |(t, _)| t.clone());
        let mut quotas = self.st.quotas.get(&entity).cloned().unwrap_or_default();
        for (k, v) in set {
            quotas.insert(k.clone(), v.to_bits());
        }
        for k in delete {
            quotas.remove(k);
        }
        if quotas.is_empty() {
            self.st.quotas.remove(&entity);
        } else {
            self.st.quotas.insert(entity, quotas);
        }
        Ok(Reply::Done)
    }

    /// `DescribeClientQuotas` with a filter that names each entity type it matches: a
    /// `Some(Some(name))` component matches that name, `Some(None)` the default entity,
    /// `None` (type only) any entity of the type. `containsOnly`: the entity has exactly
    /// the filter's types.
    pub fn client_quotas(&self, filter: &[(String, Option<Option<String>>)]) -> Vec<(QuotaEntity, Vec<(String, f64)>)> {
        self.st
            .quotas
            .iter()
            .filter(|(e, _)| {
                e.len() == filter.len()
                    && filter.iter().all(|(t, want)| e.iter().any(|(et, en)| et == t && want.as_ref().is_none_or(|w| w == en)))
            })
            .map(|(e, q)| (e.clone(), q.iter().map(|(k, v)| (k.clone(), f64::from_bits(*v))).collect()))
            .collect()
    }

    /// `AlterUserScramCredentials` for one user: upserts (mechanism, iterations) and
    /// deletions; deleting a credential the user does not have is
    /// `RESOURCE_NOT_FOUND` (ScramControlManager, Kafka 4.x), and nothing changes.
    pub(super) fn alter_scram(&mut self, user: &str, set: &[(String, i32)], delete: &[String]) -> KafkaResult<Reply> {
        let mut creds = self.st.scram.get(user).cloned().unwrap_or_default();
        for m in delete {
            if creds.remove(m).is_none() {
                return Err(KafkaError::new(ErrorCode::ResourceNotFound, "Attempt to delete a user credential that does not exist"));
            }
        }
        for (m, i) in set {
            creds.insert(m.clone(), *i);
        }
        if creds.is_empty() {
            self.st.scram.remove(user);
        } else {
            self.st.scram.insert(user.to_string(), creds);
        }
        Ok(Reply::Done)
    }

    /// The users with SCRAM credentials.
    pub fn scram_users(&self) -> Vec<String> {
        self.st.scram.keys().cloned().collect()
    }

    /// A user's SCRAM credentials: (mechanism, iterations), by mechanism.
    pub fn scram_credentials(&self, user: &str) -> Vec<(String, i32)> {
        self.st.scram.get(user).map(|c| c.iter().map(|(m, i)| (m.clone(), *i)).collect()).unwrap_or_default()
    }
}

/// The stored quotas, keyed by entity, each value a double's bits (so the state stays `Hash`).
pub(crate) type Quotas = Map<QuotaEntity, Map<String, u64>>;
/// SCRAM credentials: user → mechanism → iterations.
pub(crate) type ScramCredentials = Map<String, Map<String, i32>>;

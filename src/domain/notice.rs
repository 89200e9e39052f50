//! Notices: one incident event on its way to every subscriber of the service, and the
//! progress of that broadcast.

use chrono::{DateTime, Utc};

use super::{ChatId, Incident, IncidentEvent, Lang, LocalizedText, ServiceId, Severity};

/// What every subscriber of `service` is told about one incident event. Rendered in
/// each chat's language only when it is sent.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Notice {
    pub incident_id: u64,
    pub service: ServiceId,
    pub event: IncidentEvent,
    pub severity: Severity,
    /// When the event was posted.
    pub at: DateTime<Utc>,
    pub started_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub text: LocalizedText,
}

impl Notice {
    /// The notice for the latest event of `incident`.
    pub fn latest_of(incident: &Incident) -> Notice {
        let entry = incident.latest();
        Notice {
            incident_id: incident.id,
            service: incident.service.clone(),
            event: entry.event,
            severity: incident.severity,
            at: entry.at,
            started_at: incident.started_at,
            resolved_at: incident.resolved_at,
            text: entry.text.clone(),
        }
    }
}

/// Who asked for a broadcast, to be shown its progress in their language.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct ReportTo {
    pub chat: ChatId,
    pub lang: Lang,
}

/// A notice being delivered: the durable record that lets a restart resume where it stopped.
///
/// Subscribers are visited in chat-id order; everyone up to and including `cursor` has
/// been handled (delivered, unreachable, or failed for good), except the chats in
/// `pending`.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Broadcast {
    /// Unique and increasing: the outbox key.
    pub id: u64,
    pub notice: Notice,
    pub cursor: Option<ChatId>,
    /// Chats at or before `cursor` not handled yet (on their way, or set aside because
    /// their own limit was not free): a restart sends to these first.
    pub pending: Vec<ChatId>,
    /// Subscribers when the broadcast began (for the progress shown; the real set is
    /// whoever is subscribed when the cursor reaches them).
    pub total: u64,
    pub tally: Tally,
    pub report_to: Option<ReportTo>,
    /// The admin's progress message, edited as the broadcast goes.
    pub progress_message: Option<i32>,
    /// Who it goes to.
    pub audience: Audience,
    /// When the broadcast of the incident's previous event was cut short by this one:
    /// who heard it. Everyone else is told the whole story instead of just this event.
    pub previous_reach: Option<Reach>,
}

/// The chats a cut-short broadcast reached: every chat up to `up_to`, except `except`.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct Reach {
    pub up_to: Option<ChatId>,
    pub except: Vec<ChatId>,
}

impl Reach {
    pub fn includes(&self, chat: ChatId) -> bool {
        self.up_to.is_some_and(|last| chat <= last) && !self.except.contains(&chat)
    }

    /// The chats either reached: those that heard one event of a story heard the story,
    /// even if a later event was cut short before it reached them.
    pub fn union(&self, other: &Reach) -> Reach {
        let (short, long) = if self.up_to <= other.up_to {
            (self, other)
        } else {
            (other, self)
        };
        let except = long
            .except
            .iter()
            .copied()
            .filter(|&chat| !short.includes(chat) && long.up_to.is_some_and(|last| chat <= last))
            .collect();
        Reach {
            up_to: long.up_to,
            except,
        }
    }
}

impl Broadcast {
    /// A broadcast not started yet: `notice` to `audience`, about `total` chats.
    pub fn new(
        id: u64,
        notice: Notice,
        audience: Audience,
        total: u64,
        report_to: Option<ReportTo>,
    ) -> Broadcast {
        Broadcast {
            id,
            notice,
            cursor: None,
            pending: Vec::new(),
            total,
            tally: Tally::default(),
            report_to,
            progress_message: None,
            audience,
            previous_reach: None,
        }
    }
}

/// Who a broadcast goes to.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum Audience {
    /// Every chat subscribed to the service, as it is when the cursor reaches it.
    #[default]
    Subscribers,
    /// A list fixed when the broadcast was queued (people who reported the outage and
    /// are not subscribed, told when it is back).
    Listed,
}

/// How a broadcast's deliveries ended so far.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Tally {
    pub delivered: u64,
    /// Chats that blocked the bot or no longer exist; they were unsubscribed.
    pub blocked: u64,
    /// Telegram refused the message for another reason.
    pub failed: u64,
}

impl Tally {
    pub fn handled(&self) -> u64 {
        self.delivered + self.blocked + self.failed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reach(up_to: Option<i64>, except: &[i64]) -> Reach {
        Reach {
            up_to: up_to.map(ChatId),
            except: except.iter().copied().map(ChatId).collect(),
        }
    }

    #[test]
    fn a_union_holds_every_chat_either_reach_holds_and_no_other() {
        let cases = [
            (reach(Some(10), &[3, 7]), reach(Some(5), &[3, 4])),
            (reach(None, &[]), reach(Some(5), &[2])),
            (reach(Some(8), &[8]), reach(Some(8), &[1, 8])),
            (reach(None, &[]), reach(None, &[])),
            (reach(Some(-3), &[-5]), reach(Some(6), &[-5, -4, 6])),
        ];
        for (a, b) in cases {
            for u in [a.union(&b), b.union(&a)] {
                for chat in (-8..14).map(ChatId) {
                    assert_eq!(
                        u.includes(chat),
                        a.includes(chat) || b.includes(chat),
                        "{a:?} ∪ {b:?} at {chat:?}"
                    );
                }
            }
        }
    }
}

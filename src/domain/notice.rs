//! Notices: one incident event, or one planned-maintenance event, on its way to every
//! subscriber of the service, and the progress of that broadcast.

use chrono::{DateTime, Utc};

use super::maintenance::{MaintenanceEvent, Window};
use super::{
    ChatId, Incident, IncidentEvent, Lang, LocalizedText, Preferences, ServiceId, Severity,
};

/// What every subscriber of a service is told. Rendered in each chat's language only
/// when it is sent.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Notice {
    Incident(IncidentNotice),
    Maintenance(MaintenanceNotice),
}

/// One incident event.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct IncidentNotice {
    pub incident_id: u64,
    pub service: ServiceId,
    pub event: IncidentEvent,
    pub severity: Severity,
    /// The worst it reached so far: a chat that hears only outages hears "back" only
    /// after an outage.
    pub worst: Severity,
    /// When the event was posted.
    pub at: DateTime<Utc>,
    pub started_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
    /// When it became a full outage, if it began as trouble (`Incident::down_since`).
    pub down_since: Option<DateTime<Utc>>,
    /// When a full outage eased into trouble, while it still is trouble
    /// (`Incident::eased_since`).
    pub eased_since: Option<DateTime<Utc>>,
    /// When an incident that went back and forth last took the severity it has now
    /// (`Incident::latest_change`): "up and down since …; fully down again since …".
    pub swung_since: Option<DateTime<Utc>>,
    /// Where the work stood when the event was posted: a reader told the whole story
    /// hears the cause was found, not «কারণ খতিয়ে দেখা হচ্ছে».
    pub phase: crate::domain::Phase,
    /// Both trouble and a full outage, in either order (`Incident::had_both`): told as
    /// trouble with the outage within it («… বিভ্রাট ছিল; এর মধ্যে ৪০ মিনিট সেবা
    /// পুরোপুরি বন্ধ ছিল»).
    pub had_both: bool,
    /// How long, within an incident that had both, it was fully down
    /// (`Incident::time_fully_down`); `None` when not known or under a minute.
    pub time_fully_down: Option<chrono::Duration>,
    pub text: LocalizedText,
}

impl IncidentNotice {
    /// The notice for the latest event of `incident`.
    pub fn latest_of(incident: &Incident) -> IncidentNotice {
        let entry = incident.latest();
        let change = incident.latest_change();
        IncidentNotice {
            incident_id: incident.id,
            service: incident.service.clone(),
            event: entry.event,
            severity: incident.severity,
            worst: incident.worst_severity(),
            at: entry.at,
            started_at: incident.started_at,
            resolved_at: incident.resolved_at,
            // Kept for a back-and-forth too: whether it began as trouble tells "down
            // again" from "up and down" (`notice_text`).
            down_since: incident.down_since(),
            // Down, partly back and down again (and so on) is not "down from the start,
            // partly back since": only a single easing is told so.
            eased_since: match change {
                Some((crate::domain::Course::Eased, at)) => Some(at),
                _ => None,
            },
            swung_since: match change {
                Some((crate::domain::Course::Mixed, at)) => Some(at),
                _ => None,
            },
            phase: incident.phase,
            had_both: incident.had_both(),
            time_fully_down: incident.time_fully_down(),
            text: entry.text.clone(),
        }
    }
}

/// One event of a maintenance window, with the window as it stands.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct MaintenanceNotice {
    pub window_id: u64,
    pub service: ServiceId,
    pub event: MaintenanceEvent,
    pub at: DateTime<Utc>,
    pub starts: DateTime<Utc>,
    pub ends: DateTime<Utc>,
    /// An end told with the service still down (an incident open, or alarms the window
    /// held that will open one): the window is over, but the service is not back
    /// («রক্ষণাবেক্ষণ শেষ, তবে … এখনো চালু হয়নি»).
    pub outage_open: bool,
    pub text: LocalizedText,
}

impl MaintenanceNotice {
    pub fn of(window: &Window, event: MaintenanceEvent, at: DateTime<Utc>) -> MaintenanceNotice {
        MaintenanceNotice {
            window_id: window.id,
            service: window.service.clone(),
            event,
            at,
            starts: window.starts,
            ends: window.ends,
            outage_open: false,
            text: window.text.clone(),
        }
    }
}

/// The story a notice belongs to: a newer notice of the same story makes an older one
/// stale (the chats it has not reached hear the newer one instead).
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum Story {
    /// A service's incidents: one after another, each the news of the one before.
    Incidents(ServiceId),
    /// One maintenance window.
    Window(u64),
}

/// One incident's or one window's notices as a chat reads them: each after the first
/// arrives as a reply to the first one the chat was sent, so the chat reads as one story.
/// (Unlike `Story`, a service's next incident starts a thread of its own.)
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Thread {
    Incident(u64),
    Window(u64),
}

impl Notice {
    pub fn service(&self) -> &ServiceId {
        match self {
            Notice::Incident(n) => &n.service,
            Notice::Maintenance(n) => &n.service,
        }
    }

    /// When the event was posted.
    pub fn at(&self) -> DateTime<Utc> {
        match self {
            Notice::Incident(n) => n.at,
            Notice::Maintenance(n) => n.at,
        }
    }

    pub fn story(&self) -> Story {
        match self {
            Notice::Incident(n) => Story::Incidents(n.service.clone()),
            Notice::Maintenance(n) => Story::Window(n.window_id),
        }
    }

    pub fn thread(&self) -> Thread {
        match self {
            Notice::Incident(n) => Thread::Incident(n.incident_id),
            Notice::Maintenance(n) => Thread::Window(n.window_id),
        }
    }

    /// Whether nothing comes after it in its thread: the incident is resolved, or the
    /// window over or called off.
    pub fn ends_thread(&self) -> bool {
        match self {
            Notice::Incident(n) => n.event == IncidentEvent::Resolved,
            Notice::Maintenance(n) => matches!(
                n.event,
                MaintenanceEvent::Ended
                    | MaintenanceEvent::EndedEarly
                    | MaintenanceEvent::Cancelled
            ),
        }
    }

    /// The incident it is about, if it is about one.
    pub fn incident_id(&self) -> Option<u64> {
        match self {
            Notice::Incident(n) => Some(n.incident_id),
            Notice::Maintenance(_) => None,
        }
    }

    /// Whether it begins its story (nothing was told before it).
    pub fn begins_story(&self) -> bool {
        match self {
            Notice::Incident(n) => matches!(n.event, IncidentEvent::Opened(_)),
            Notice::Maintenance(n) => n.event == MaintenanceEvent::Scheduled,
        }
    }

    /// Whether a chat with `preferences` is sent it; `heard_before` says whether the
    /// chat heard the story so far. Someone who only wants full outages hears the
    /// outage and its end, not a slowdown or the news in between; someone who turned
    /// maintenance off hears none of it; and a window called off is news only to those
    /// who heard it announced.
    pub fn goes_to(&self, preferences: &Preferences, heard_before: bool) -> bool {
        match self {
            Notice::Incident(n) => {
                !preferences.only_outages
                    || match n.event {
                        IncidentEvent::Opened(severity)
                        | IncidentEvent::SeverityChanged(severity) => {
                            severity == Severity::MajorOutage
                        }
                        IncidentEvent::Updated(_) => false,
                        // "Back" only to chats that were told it was down.
                        IncidentEvent::Resolved => n.worst == Severity::MajorOutage,
                    }
            }
            Notice::Maintenance(n) => {
                preferences.maintenance && (heard_before || n.event != MaintenanceEvent::Cancelled)
            }
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
    /// Not sent, by the chat's own settings (only full outages, no maintenance).
    pub skipped: u64,
}

impl Tally {
    pub fn handled(&self) -> u64 {
        self.delivered + self.blocked + self.failed + self.skipped
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
    fn each_chat_hears_what_it_chose() {
        use crate::domain::maintenance::MaintenanceEvent as M;
        use crate::domain::{Phase, Severity::*};
        let at = chrono::Utc::now();
        let incident_worst = |event, worst| {
            Notice::Incident(IncidentNotice {
                incident_id: 1,
                service: ServiceId::parse("bkash").unwrap(),
                event,
                severity: MajorOutage,
                worst,
                at,
                started_at: at,
                resolved_at: None,
                down_since: None,
                eased_since: None,
                swung_since: None,
                phase: crate::domain::Phase::Investigating,
                had_both: false,
                time_fully_down: None,
                text: LocalizedText::default(),
            })
        };
        let incident = |event| incident_worst(event, MajorOutage);
        let window = |event| {
            Notice::Maintenance(MaintenanceNotice {
                window_id: 2,
                service: ServiceId::parse("bkash").unwrap(),
                event,
                at,
                starts: at,
                ends: at,
                outage_open: false,
                text: LocalizedText::default(),
            })
        };
        let everything = Preferences::default();
        let outages = Preferences {
            only_outages: true,
            ..everything
        };
        let no_maintenance = Preferences {
            maintenance: false,
            ..everything
        };
        for (notice, to_everyone, to_outages_only, without_maintenance) in [
            (
                incident(IncidentEvent::Opened(MajorOutage)),
                true,
                true,
                true,
            ),
            (incident(IncidentEvent::Opened(Degraded)), true, false, true),
            (
                incident(IncidentEvent::SeverityChanged(MajorOutage)),
                true,
                true,
                true,
            ),
            (
                incident(IncidentEvent::SeverityChanged(Degraded)),
                true,
                false,
                true,
            ),
            (
                incident(IncidentEvent::Updated(Phase::Identified)),
                true,
                false,
                true,
            ),
            (incident(IncidentEvent::Resolved), true, true, true),
            // Only ever degraded: "back" is news only to those told of the slowdown.
            (
                incident_worst(IncidentEvent::Resolved, Degraded),
                true,
                false,
                true,
            ),
            (window(M::Scheduled), true, true, false),
            (window(M::Started), true, true, false),
        ] {
            assert_eq!(notice.goes_to(&everything, true), to_everyone, "{notice:?}");
            assert_eq!(
                notice.goes_to(&outages, true),
                to_outages_only,
                "{notice:?}"
            );
            assert_eq!(
                notice.goes_to(&no_maintenance, true),
                without_maintenance,
                "{notice:?}"
            );
        }
        assert!(window(M::Cancelled).goes_to(&everything, true));
        assert!(
            !window(M::Cancelled).goes_to(&everything, false),
            "a window nobody told them of is not called off to them"
        );
        assert!(window(M::Reminder).goes_to(&everything, false));
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

//! The records the store writes, owned by the store and converted from and to the
//! domain: renaming a domain field or variant cannot silently change what is on disk
//! and make old records unreadable. These shapes are the JSON after `VALUE_VERSION` 1;
//! the golden test in `store/tests.rs` decodes bytes the previous release wrote.

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::domain::maintenance::{MaintenanceEvent, Window, WindowState};
use crate::domain::{
    Alarm, Audience, Broadcast, ChatId, ChatKind, ChatSettings, Incident, IncidentEvent,
    IncidentNotice, Lang, LocalizedText, MaintenanceNotice, Notice, PastIncidents, Phase,
    Preferences, Reach, ReportTo, ServiceId, Severity, Source, Tally, TimelineEntry, UserId,
};

/// A domain value the store keeps, with the record it is kept as.
pub trait Record: Sized {
    type Stored: Serialize + DeserializeOwned;
    /// The tree it lives in, for errors.
    const TREE: &'static str;
    fn to_stored(&self) -> Self::Stored;
    fn from_stored(stored: Self::Stored) -> Result<Self, Unreadable>;
}

macro_rules! record {
    ($domain:ty, $stored:ty, $tree:literal) => {
        impl Record for $domain {
            type Stored = $stored;
            const TREE: &'static str = $tree;
            fn to_stored(&self) -> $stored {
                self.into()
            }
            fn from_stored(stored: $stored) -> Result<Self, Unreadable> {
                stored.try_into()
            }
        }
    };
}

record!(ChatSettings, ChatRecord, "chats");
record!(Incident, IncidentRecord, "incidents");
record!(Broadcast, BroadcastRecord, "outbox");
record!(Alarm, AlarmRecord, "alarms");
record!(PastIncidents, PastIncidentsRecord, "history");
record!(Window, WindowRecord, "maintenance");

/// A record that names something this build cannot read (an unknown service id or
/// language code): the store reports it as corrupt rather than guess.
#[derive(Debug)]
pub struct Unreadable(pub String);

fn service(id: String) -> Result<ServiceId, Unreadable> {
    ServiceId::parse(&id).map_err(Unreadable)
}

fn lang(code: String) -> Result<Lang, Unreadable> {
    Lang::parse(&code).ok_or_else(|| Unreadable(format!("`{code}` is not a language code")))
}

// --- chats ----------------------------------------------------------------------------

#[derive(Serialize, Deserialize)]
pub struct ChatRecord {
    chosen_lang: Option<String>,
    first_user_lang: Option<String>,
    kind: ChatKindRecord,
}

#[derive(Serialize, Deserialize)]
enum ChatKindRecord {
    Private,
    Group,
    Channel,
}

impl From<&ChatSettings> for ChatRecord {
    fn from(s: &ChatSettings) -> ChatRecord {
        ChatRecord {
            chosen_lang: s.chosen_lang.map(|l| l.to_string()),
            first_user_lang: s.first_user_lang.clone(),
            kind: match s.kind {
                ChatKind::Private => ChatKindRecord::Private,
                ChatKind::Group => ChatKindRecord::Group,
                ChatKind::Channel => ChatKindRecord::Channel,
            },
        }
    }
}

impl TryFrom<ChatRecord> for ChatSettings {
    type Error = Unreadable;

    fn try_from(r: ChatRecord) -> Result<ChatSettings, Unreadable> {
        Ok(ChatSettings {
            chosen_lang: r.chosen_lang.map(lang).transpose()?,
            first_user_lang: r.first_user_lang,
            kind: match r.kind {
                ChatKindRecord::Private => ChatKind::Private,
                ChatKindRecord::Group => ChatKind::Group,
                ChatKindRecord::Channel => ChatKind::Channel,
            },
            // The first layout had no preferences: everyone heard everything.
            preferences: Preferences::default(),
        })
    }
}

// --- incidents ------------------------------------------------------------------------

#[derive(Serialize, Deserialize, Clone, Copy, PartialEq, Eq)]
enum SeverityRecord {
    MajorOutage,
    Degraded,
}

impl From<Severity> for SeverityRecord {
    fn from(s: Severity) -> SeverityRecord {
        match s {
            Severity::MajorOutage => SeverityRecord::MajorOutage,
            Severity::Degraded => SeverityRecord::Degraded,
        }
    }
}

impl From<SeverityRecord> for Severity {
    fn from(s: SeverityRecord) -> Severity {
        match s {
            SeverityRecord::MajorOutage => Severity::MajorOutage,
            SeverityRecord::Degraded => Severity::Degraded,
        }
    }
}

#[derive(Serialize, Deserialize, Clone, Copy)]
enum PhaseRecord {
    Investigating,
    Identified,
    Monitoring,
    Resolved,
}

impl From<Phase> for PhaseRecord {
    fn from(p: Phase) -> PhaseRecord {
        match p {
            Phase::Investigating => PhaseRecord::Investigating,
            Phase::Identified => PhaseRecord::Identified,
            Phase::Monitoring => PhaseRecord::Monitoring,
            Phase::Resolved => PhaseRecord::Resolved,
        }
    }
}

impl From<PhaseRecord> for Phase {
    fn from(p: PhaseRecord) -> Phase {
        match p {
            PhaseRecord::Investigating => Phase::Investigating,
            PhaseRecord::Identified => Phase::Identified,
            PhaseRecord::Monitoring => Phase::Monitoring,
            PhaseRecord::Resolved => Phase::Resolved,
        }
    }
}

#[derive(Serialize, Deserialize)]
enum SourceRecord {
    Admin(i64),
    Api,
    Alertmanager,
    Monitor,
    Crowd(i64),
    Probe,
}

impl From<Source> for SourceRecord {
    fn from(s: Source) -> SourceRecord {
        match s {
            Source::Admin(user) => SourceRecord::Admin(user.0),
            Source::Api => SourceRecord::Api,
            Source::Alertmanager => SourceRecord::Alertmanager,
            Source::Monitor => SourceRecord::Monitor,
            Source::Crowd(user) => SourceRecord::Crowd(user.0),
            Source::Probe => SourceRecord::Probe,
        }
    }
}

impl From<SourceRecord> for Source {
    fn from(s: SourceRecord) -> Source {
        match s {
            SourceRecord::Admin(user) => Source::Admin(UserId(user)),
            SourceRecord::Api => Source::Api,
            SourceRecord::Alertmanager => Source::Alertmanager,
            SourceRecord::Monitor => Source::Monitor,
            SourceRecord::Crowd(user) => Source::Crowd(UserId(user)),
            SourceRecord::Probe => Source::Probe,
        }
    }
}

#[derive(Serialize, Deserialize)]
enum EventRecord {
    Opened(SeverityRecord),
    SeverityChanged(SeverityRecord),
    Updated(PhaseRecord),
    Resolved,
}

impl From<IncidentEvent> for EventRecord {
    fn from(e: IncidentEvent) -> EventRecord {
        match e {
            IncidentEvent::Opened(s) => EventRecord::Opened(s.into()),
            IncidentEvent::SeverityChanged(s) => EventRecord::SeverityChanged(s.into()),
            IncidentEvent::Updated(p) => EventRecord::Updated(p.into()),
            IncidentEvent::Resolved => EventRecord::Resolved,
        }
    }
}

impl From<EventRecord> for IncidentEvent {
    fn from(e: EventRecord) -> IncidentEvent {
        match e {
            EventRecord::Opened(s) => IncidentEvent::Opened(s.into()),
            EventRecord::SeverityChanged(s) => IncidentEvent::SeverityChanged(s.into()),
            EventRecord::Updated(p) => IncidentEvent::Updated(p.into()),
            EventRecord::Resolved => IncidentEvent::Resolved,
        }
    }
}

/// Free text: `[language code or null, text]` pairs in the order written.
#[derive(Serialize, Deserialize)]
struct TextRecord {
    parts: Vec<(Option<String>, String)>,
}

impl From<&LocalizedText> for TextRecord {
    fn from(t: &LocalizedText) -> TextRecord {
        TextRecord {
            parts: t
                .parts()
                .map(|(l, text)| (l.map(|l| l.to_string()), text.to_owned()))
                .collect(),
        }
    }
}

impl TryFrom<TextRecord> for LocalizedText {
    type Error = Unreadable;

    fn try_from(t: TextRecord) -> Result<LocalizedText, Unreadable> {
        let parts = t
            .parts
            .into_iter()
            .map(|(l, text)| Ok((l.map(lang).transpose()?, text)))
            .collect::<Result<Vec<_>, Unreadable>>()?;
        Ok(LocalizedText::from_parts(parts))
    }
}

#[derive(Serialize, Deserialize)]
struct EntryRecord {
    at: DateTime<Utc>,
    event: EventRecord,
    text: TextRecord,
}

#[derive(Serialize, Deserialize)]
pub struct IncidentRecord {
    id: u64,
    service: String,
    severity: SeverityRecord,
    phase: PhaseRecord,
    started_at: DateTime<Utc>,
    resolved_at: Option<DateTime<Utc>>,
    source: SourceRecord,
    timeline: Vec<EntryRecord>,
    /// Updates folded away to keep the timeline short (absent in older records).
    #[serde(default, skip_serializing_if = "is_zero")]
    folded: u32,
    /// Minutes fully down in spells of outage folded away (absent in older records).
    #[serde(default, skip_serializing_if = "is_zero")]
    minutes_down_folded: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl From<&Incident> for IncidentRecord {
    fn from(i: &Incident) -> IncidentRecord {
        IncidentRecord {
            id: i.id,
            service: i.service.to_string(),
            severity: i.severity.into(),
            phase: i.phase.into(),
            started_at: i.started_at,
            resolved_at: i.resolved_at,
            source: i.source.into(),
            timeline: i
                .timeline
                .iter()
                .map(|e| EntryRecord {
                    at: e.at,
                    event: e.event.into(),
                    text: (&e.text).into(),
                })
                .collect(),
            folded: i.folded,
            minutes_down_folded: i.minutes_down_folded,
        }
    }
}

impl TryFrom<IncidentRecord> for Incident {
    type Error = Unreadable;

    fn try_from(r: IncidentRecord) -> Result<Incident, Unreadable> {
        let timeline = r
            .timeline
            .into_iter()
            .map(|e| {
                Ok(TimelineEntry {
                    at: e.at,
                    event: e.event.into(),
                    text: e.text.try_into()?,
                })
            })
            .collect::<Result<Vec<_>, Unreadable>>()?;
        if timeline.is_empty() {
            return Err(Unreadable("an incident without its opening entry".into()));
        }
        Ok(Incident {
            id: r.id,
            service: service(r.service)?,
            severity: r.severity.into(),
            phase: r.phase.into(),
            started_at: r.started_at,
            resolved_at: r.resolved_at,
            source: r.source.into(),
            timeline,
            folded: r.folded,
            minutes_down_folded: r.minutes_down_folded,
        })
    }
}

// --- the outbox -----------------------------------------------------------------------

#[derive(Serialize, Deserialize)]
struct NoticeRecord {
    incident_id: u64,
    service: String,
    event: EventRecord,
    severity: SeverityRecord,
    /// The worst severity reached; absent before it was kept (read as `severity`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    worst: Option<SeverityRecord>,
    at: DateTime<Utc>,
    started_at: DateTime<Utc>,
    resolved_at: Option<DateTime<Utc>>,
    /// When a full outage that began as trouble became one; absent before it was kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    down_since: Option<DateTime<Utc>>,
    /// When a full outage eased into trouble; absent before it was kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    eased_since: Option<DateTime<Utc>>,
    /// When one that went back and forth last changed; absent before it was kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    swung_since: Option<DateTime<Utc>>,
    /// Where the work stood; absent before it was kept (read from the event: an
    /// update's own, else "investigating").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    phase: Option<PhaseRecord>,
    /// Both trouble and a full outage; absent before it was kept (then read from the
    /// severities).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    had_both: Option<bool>,
    /// Minutes fully down within an incident that had both; absent before it was kept
    /// (then told as «কিছু সময়», "part of it").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    minutes_fully_down: Option<i64>,
    text: TextRecord,
}

#[derive(Serialize, Deserialize)]
struct TallyRecord {
    delivered: u64,
    blocked: u64,
    failed: u64,
    /// Absent before chats could choose what they hear.
    #[serde(default, skip_serializing_if = "is_zero_u64")]
    skipped: u64,
}

fn is_zero_u64(n: &u64) -> bool {
    *n == 0
}

#[derive(Serialize, Deserialize)]
struct ReportToRecord {
    chat: i64,
    lang: String,
}

#[derive(Serialize, Deserialize, Default)]
enum AudienceRecord {
    #[default]
    Subscribers,
    Listed,
}

/// Who heard the event before this one, when its broadcast was cut short.
#[derive(Serialize, Deserialize)]
struct ReachRecord {
    up_to: Option<i64>,
    except: Vec<i64>,
}

#[derive(Serialize, Deserialize)]
pub struct BroadcastRecord {
    id: u64,
    /// An incident's notice (every record before maintenance windows has one) …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    notice: Option<NoticeRecord>,
    /// … or a maintenance window's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    maintenance: Option<MaintenanceNoticeRecord>,
    cursor: Option<i64>,
    /// Absent in records of the first release.
    #[serde(default)]
    pending: Vec<i64>,
    total: u64,
    tally: TallyRecord,
    report_to: Option<ReportToRecord>,
    progress_message: Option<i32>,
    #[serde(default)]
    audience: AudienceRecord,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    previous_reach: Option<ReachRecord>,
}

impl From<&Broadcast> for BroadcastRecord {
    fn from(b: &Broadcast) -> BroadcastRecord {
        let (notice, maintenance) = match &b.notice {
            Notice::Incident(n) => (
                Some(NoticeRecord {
                    incident_id: n.incident_id,
                    service: n.service.to_string(),
                    event: n.event.into(),
                    severity: n.severity.into(),
                    worst: Some(n.worst.into()),
                    at: n.at,
                    started_at: n.started_at,
                    resolved_at: n.resolved_at,
                    down_since: n.down_since,
                    eased_since: n.eased_since,
                    swung_since: n.swung_since,
                    phase: Some(n.phase.into()),
                    had_both: Some(n.had_both),
                    minutes_fully_down: n.time_fully_down.map(|d| d.num_minutes()),
                    text: (&n.text).into(),
                }),
                None,
            ),
            Notice::Maintenance(n) => (
                None,
                Some(MaintenanceNoticeRecord {
                    window_id: n.window_id,
                    service: n.service.to_string(),
                    event: n.event.into(),
                    at: n.at,
                    starts: n.starts,
                    ends: n.ends,
                    outage_open: n.outage_open.then_some(true),
                    text: (&n.text).into(),
                }),
            ),
        };
        BroadcastRecord {
            id: b.id,
            notice,
            maintenance,
            cursor: b.cursor.map(|c| c.0),
            pending: b.pending.iter().map(|c| c.0).collect(),
            total: b.total,
            tally: TallyRecord {
                delivered: b.tally.delivered,
                blocked: b.tally.blocked,
                failed: b.tally.failed,
                skipped: b.tally.skipped,
            },
            report_to: b.report_to.map(|r| ReportToRecord {
                chat: r.chat.0,
                lang: r.lang.to_string(),
            }),
            progress_message: b.progress_message,
            audience: match b.audience {
                Audience::Subscribers => AudienceRecord::Subscribers,
                Audience::Listed => AudienceRecord::Listed,
            },
            previous_reach: b.previous_reach.as_ref().map(|r| ReachRecord {
                up_to: r.up_to.map(|c| c.0),
                except: r.except.iter().map(|c| c.0).collect(),
            }),
        }
    }
}

impl TryFrom<BroadcastRecord> for Broadcast {
    type Error = Unreadable;

    fn try_from(r: BroadcastRecord) -> Result<Broadcast, Unreadable> {
        let notice = match (r.notice, r.maintenance) {
            (Some(n), None) => Notice::Incident(IncidentNotice {
                incident_id: n.incident_id,
                service: service(n.service)?,
                phase: match (n.phase, &n.event) {
                    (Some(phase), _) => phase.into(),
                    (None, EventRecord::Updated(phase)) => (*phase).into(),
                    (None, _) => Phase::Investigating,
                },
                event: n.event.into(),
                severity: n.severity.into(),
                worst: n.worst.unwrap_or(n.severity).into(),
                at: n.at,
                started_at: n.started_at,
                resolved_at: n.resolved_at,
                down_since: n.down_since,
                eased_since: n.eased_since,
                swung_since: n.swung_since,
                had_both: n.had_both.unwrap_or_else(|| {
                    n.worst.is_some_and(|w| w != n.severity) || n.down_since.is_some()
                }),
                time_fully_down: n
                    .minutes_fully_down
                    .filter(|&minutes| minutes > 0)
                    .map(chrono::Duration::minutes),
                text: n.text.try_into()?,
            }),
            (None, Some(n)) => Notice::Maintenance(MaintenanceNotice {
                window_id: n.window_id,
                service: service(n.service)?,
                event: n.event.into(),
                at: n.at,
                starts: n.starts,
                ends: n.ends,
                outage_open: n.outage_open.unwrap_or(false),
                text: n.text.try_into()?,
            }),
            _ => {
                return Err(Unreadable(
                    "a broadcast must carry exactly one notice".into(),
                ));
            }
        };
        Ok(Broadcast {
            id: r.id,
            notice,
            cursor: r.cursor.map(ChatId),
            pending: r.pending.into_iter().map(ChatId).collect(),
            total: r.total,
            tally: Tally {
                delivered: r.tally.delivered,
                blocked: r.tally.blocked,
                failed: r.tally.failed,
                skipped: r.tally.skipped,
            },
            report_to: r
                .report_to
                .map(|t| {
                    Ok::<_, Unreadable>(ReportTo {
                        chat: ChatId(t.chat),
                        lang: lang(t.lang)?,
                    })
                })
                .transpose()?,
            progress_message: r.progress_message,
            audience: match r.audience {
                AudienceRecord::Subscribers => Audience::Subscribers,
                AudienceRecord::Listed => Audience::Listed,
            },
            previous_reach: r.previous_reach.map(|r| Reach {
                up_to: r.up_to.map(ChatId),
                except: r.except.into_iter().map(ChatId).collect(),
            }),
        })
    }
}

// --- alarms ---------------------------------------------------------------------------

/// An alarm an automatic intake holds for a service (an Alertmanager alert, a monitor).
#[derive(Serialize, Deserialize)]
pub struct AlarmRecord {
    severity: SeverityRecord,
    text: String,
    /// Absent in alarms kept before it was recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    seen: Option<DateTime<Utc>>,
}

impl From<&Alarm> for AlarmRecord {
    fn from(a: &Alarm) -> AlarmRecord {
        AlarmRecord {
            severity: a.severity.into(),
            text: a.text.clone(),
            seen: a.seen,
        }
    }
}

impl TryFrom<AlarmRecord> for Alarm {
    type Error = Unreadable;

    fn try_from(a: AlarmRecord) -> Result<Alarm, Unreadable> {
        Ok(Alarm {
            severity: a.severity.into(),
            text: a.text,
            seen: a.seen,
        })
    }
}

// --- history folded into summaries ----------------------------------------------------

/// A service's incidents older than the history keeps, summed up.
#[derive(Serialize, Deserialize)]
pub struct PastIncidentsRecord {
    count: u64,
    /// Whole seconds, as the first summaries kept it (still written, for them).
    downtime_seconds: i64,
    /// The same to the millisecond: summed over thousands of incidents, the seconds cut
    /// off each one would add up. Summaries written before it have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    downtime_ms: Option<i64>,
    since: DateTime<Utc>,
}

impl From<&PastIncidents> for PastIncidentsRecord {
    fn from(p: &PastIncidents) -> PastIncidentsRecord {
        PastIncidentsRecord {
            count: p.count,
            downtime_seconds: p.downtime.num_seconds(),
            downtime_ms: Some(p.downtime.num_milliseconds()),
            since: p.since,
        }
    }
}

impl TryFrom<PastIncidentsRecord> for PastIncidents {
    type Error = Unreadable;

    fn try_from(p: PastIncidentsRecord) -> Result<PastIncidents, Unreadable> {
        Ok(PastIncidents {
            count: p.count,
            downtime: match p.downtime_ms {
                Some(ms) => chrono::Duration::milliseconds(ms.max(0)),
                None => chrono::Duration::seconds(p.downtime_seconds.max(0)),
            },
            since: p.since,
        })
    }
}

// --- planned maintenance --------------------------------------------------------------

#[derive(Serialize, Deserialize, Clone, Copy)]
enum MaintenanceEventRecord {
    Scheduled,
    Reminder,
    Started,
    Extended,
    Ended,
    EndedEarly,
    Cancelled,
}

impl From<MaintenanceEvent> for MaintenanceEventRecord {
    fn from(e: MaintenanceEvent) -> Self {
        match e {
            MaintenanceEvent::Scheduled => Self::Scheduled,
            MaintenanceEvent::Reminder => Self::Reminder,
            MaintenanceEvent::Started => Self::Started,
            MaintenanceEvent::Extended => Self::Extended,
            MaintenanceEvent::Ended => Self::Ended,
            MaintenanceEvent::EndedEarly => Self::EndedEarly,
            MaintenanceEvent::Cancelled => Self::Cancelled,
        }
    }
}

impl From<MaintenanceEventRecord> for MaintenanceEvent {
    fn from(e: MaintenanceEventRecord) -> Self {
        match e {
            MaintenanceEventRecord::Scheduled => Self::Scheduled,
            MaintenanceEventRecord::Reminder => Self::Reminder,
            MaintenanceEventRecord::Started => Self::Started,
            MaintenanceEventRecord::Extended => Self::Extended,
            MaintenanceEventRecord::Ended => Self::Ended,
            MaintenanceEventRecord::EndedEarly => Self::EndedEarly,
            MaintenanceEventRecord::Cancelled => Self::Cancelled,
        }
    }
}

#[derive(Serialize, Deserialize)]
struct MaintenanceNoticeRecord {
    window_id: u64,
    service: String,
    event: MaintenanceEventRecord,
    at: DateTime<Utc>,
    starts: DateTime<Utc>,
    ends: DateTime<Utc>,
    /// An incident of the service was open when it was posted; absent when none was,
    /// and before it was kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    outage_open: Option<bool>,
    text: TextRecord,
}

#[derive(Serialize, Deserialize)]
enum WindowStateRecord {
    Planned,
    Running,
    Completed,
    EndedEarly,
    Cancelled,
}

#[derive(Serialize, Deserialize)]
pub struct WindowRecord {
    id: u64,
    service: String,
    starts: DateTime<Utc>,
    ends: DateTime<Utc>,
    text: TextRecord,
    state: WindowStateRecord,
    remind: bool,
    planned_by: SourceRecord,
    planned_at: DateTime<Utc>,
    held: u32,
    /// Absent in windows called off before it was recorded, and in standing ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    cancelled_at: Option<DateTime<Utc>>,
    /// Absent but in windows ended early (and in those ended before it was recorded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    was_to_end: Option<DateTime<Utc>>,
    /// Absent but in windows extended (and in those extended before it was recorded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    first_end: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    extended_at: Option<DateTime<Utc>>,
}

impl From<&Window> for WindowRecord {
    fn from(w: &Window) -> WindowRecord {
        WindowRecord {
            id: w.id,
            service: w.service.to_string(),
            starts: w.starts,
            ends: w.ends,
            text: (&w.text).into(),
            state: match w.state {
                WindowState::Planned => WindowStateRecord::Planned,
                WindowState::Running => WindowStateRecord::Running,
                WindowState::Completed => WindowStateRecord::Completed,
                WindowState::EndedEarly => WindowStateRecord::EndedEarly,
                WindowState::Cancelled => WindowStateRecord::Cancelled,
            },
            remind: w.remind,
            planned_by: w.planned_by.into(),
            planned_at: w.planned_at,
            held: w.held,
            cancelled_at: w.cancelled_at,
            was_to_end: w.was_to_end,
            first_end: w.first_end,
            extended_at: w.extended_at,
        }
    }
}

impl TryFrom<WindowRecord> for Window {
    type Error = Unreadable;

    fn try_from(r: WindowRecord) -> Result<Window, Unreadable> {
        if r.ends < r.starts {
            return Err(Unreadable(
                "a maintenance window that ends before it starts".into(),
            ));
        }
        Ok(Window {
            id: r.id,
            service: service(r.service)?,
            starts: r.starts,
            ends: r.ends,
            text: r.text.try_into()?,
            state: match r.state {
                WindowStateRecord::Planned => WindowState::Planned,
                WindowStateRecord::Running => WindowState::Running,
                WindowStateRecord::Completed => WindowState::Completed,
                WindowStateRecord::EndedEarly => WindowState::EndedEarly,
                WindowStateRecord::Cancelled => WindowState::Cancelled,
            },
            remind: r.remind,
            planned_by: r.planned_by.into(),
            planned_at: r.planned_at,
            held: r.held,
            cancelled_at: r.cancelled_at,
            was_to_end: r.was_to_end,
            first_end: r.first_end,
            extended_at: r.extended_at,
        })
    }
}

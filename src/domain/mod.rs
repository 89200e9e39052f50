//! The pure domain: services, languages, chats, incidents, crowd reports.
//!
//! Nothing here knows about Telegram, sled or Fluent; every type is plain data with
//! rules, unit-tested beside its code.

pub mod chat;
pub mod digits;
pub mod echo;
pub mod incident;
pub mod lang;
pub mod localized_text;
pub mod maintenance;
pub mod notice;
pub mod notice_text;
pub mod probe;
pub mod report;
pub mod report_places;
pub mod service;
pub mod uptime;

pub use chat::{
    ChatId, ChatKind, ChatLanguage, ChatSettings, Preferences, QuietHours, Recipient, UserId,
};
pub use incident::{
    Alarm, Course, Incident, IncidentError, IncidentEvent, PastIncidents, Phase, Refusal, Severity,
    Source, TimelineEntry,
};
pub use lang::Lang;
pub use localized_text::LocalizedText;
pub use notice::{
    Audience, Broadcast, IncidentNotice, MaintenanceNotice, Notice, Reach, ReportTo, Story, Tally,
    Thread,
};
pub use notice_text::{NoticeText, TooLong};
pub use report::{CrowdCounts, PlaceKind, ReportOutcome, ReportPlace, ReportWindow, Spread};
pub use report_places::{Place, ReportPlaces};
pub use service::{Catalog, Service, ServiceId};

//! Incidents: one outage of one service, its severity, its phase and its timeline.
//!
//! Phases go investigating → identified → monitoring → resolved; an admin may move
//! between the open phases freely (things get worse again), but a resolved incident is
//! closed for good — the next outage is a new incident.

use chrono::{DateTime, Duration, Utc};

use super::{LocalizedText, ServiceId, UserId};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Severity {
    /// The service does not work at all.
    MajorOutage,
    /// The service works, slowly or partly.
    Degraded,
}

/// How a past incident's severity went, for `/history`: «প্রথমে বিভ্রাট, পরে পুরোপুরি
/// বন্ধ» reads differently from «প্রথমে পুরোপুরি বন্ধ, পরে বিভ্রাট».
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Course {
    /// One severity throughout, or trouble that never became an outage.
    Steady,
    /// Trouble first, a full outage later.
    Worsened,
    /// A full outage first, trouble later.
    Eased,
    /// Back and forth more than once: trouble with spells fully down, in no one order.
    Mixed,
}

impl Course {
    pub const ALL: [Course; 4] = [
        Course::Steady,
        Course::Worsened,
        Course::Eased,
        Course::Mixed,
    ];

    /// The selector the locales choose on.
    pub fn key(self) -> &'static str {
        match self {
            Course::Steady => "steady",
            Course::Worsened => "worsened",
            Course::Eased => "eased",
            Course::Mixed => "mixed",
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Phase {
    Investigating,
    Identified,
    Monitoring,
    Resolved,
}

impl Phase {
    /// Every phase (the locale test gives each one's key to every message that
    /// selects on a phase).
    pub const ALL: [Phase; 4] = [
        Phase::Investigating,
        Phase::Identified,
        Phase::Monitoring,
        Phase::Resolved,
    ];
    /// The phases of an open incident: what `/status` and an update's notice show.
    pub const OPEN: [Phase; 3] = [Phase::Investigating, Phase::Identified, Phase::Monitoring];

    /// The phase names admins may type in `/update`, in English or Bengali
    /// («অনুসন্ধান» or «খোঁজ», «চিহ্নিত», «নজরদারি»); `resolved` is `/up`'s job.
    pub fn parse_open(word: &str) -> Option<Phase> {
        match word.to_lowercase().as_str() {
            "investigating" | "খোঁজ" | "অনুসন্ধান" => {
                Some(Phase::Investigating)
            }
            "identified" | "চিহ্নিত" => Some(Phase::Identified),
            "monitoring" | "নজরদারি" | "নজরে" => Some(Phase::Monitoring),
            _ => None,
        }
    }

    /// The key used in message ids and selectors, e.g. `identified`.
    pub fn key(self) -> &'static str {
        match self {
            Phase::Investigating => "investigating",
            Phase::Identified => "identified",
            Phase::Monitoring => "monitoring",
            Phase::Resolved => "resolved",
        }
    }
}

impl Severity {
    /// Every severity.
    pub const ALL: [Severity; 2] = [Severity::MajorOutage, Severity::Degraded];

    pub fn key(self) -> &'static str {
        match self {
            Severity::MajorOutage => "major",
            Severity::Degraded => "degraded",
        }
    }
}

/// Where an incident came from, shown to admins.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Source {
    /// An admin's command in a chat.
    Admin(UserId),
    /// The HTTP API.
    Api,
    /// A Prometheus Alertmanager webhook.
    Alertmanager,
    /// An Uptime Kuma or Gatus webhook.
    Monitor,
    /// An admin declared it from crowd reports.
    Crowd(UserId),
    /// The bot's own probe of the service.
    Probe,
}

impl Source {
    /// The machines that keep alarms the desk decides from: Alertmanager's alerts, the
    /// monitors' names, the bot's own probes. The service is down while one fires.
    pub const KEEPING_ALARMS: [Source; 3] = [Source::Alertmanager, Source::Monitor, Source::Probe];

    /// Whether an alarm of this intake that it stops repeating goes quiet after
    /// `ALARM_MAX_AGE`. Alertmanager and monitors repeat what still fires, and may go
    /// away without a word; a probe is the bot itself, watching all the time, and says
    /// when the service is back, so its alarm holds until then.
    pub fn alarms_go_quiet(self) -> bool {
        !matches!(self, Source::Probe)
    }

    /// Whether a person stands behind it (an admin in a chat, the HTTP API, an admin
    /// declaring crowd reports), rather than a machine watching the service.
    pub fn is_person(self) -> bool {
        matches!(self, Source::Admin(_) | Source::Api | Source::Crowd(_))
    }

    /// Two sources are the same intake (any two admins are "a person").
    fn same_intake(self, other: Source) -> bool {
        std::mem::discriminant(&self) == std::mem::discriminant(&other)
            || (self.is_person() && other.is_person())
    }

    /// The key used in logs, the API and messages: `admin`, `alertmanager`, …
    pub fn key(self) -> &'static str {
        match self {
            Source::Admin(_) => "admin",
            Source::Api => "api",
            Source::Alertmanager => "alertmanager",
            Source::Monitor => "monitor",
            Source::Crowd(_) => "crowd",
            Source::Probe => "probe",
        }
    }
}

impl Severity {
    /// How bad it is, to compare: an outage is worse than a slowdown.
    fn rank(self) -> u8 {
        match self {
            Severity::Degraded => 1,
            Severity::MajorOutage => 2,
        }
    }

    /// The worse of two.
    pub fn worst(self, other: Severity) -> Severity {
        if other.rank() > self.rank() {
            other
        } else {
            self
        }
    }
}

/// Why an intake may not change an open incident.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Refusal {
    /// A person opened it: only a person closes it or lowers its severity.
    PersonsIncident { opened_by: Source },
    /// Another automatic intake opened it: each closes only what it opened.
    AnothersIncident { opened_by: Source },
}

impl Refusal {
    /// A short reason for logs and the webhook's answer.
    pub fn reason(self) -> String {
        match self {
            Refusal::PersonsIncident { opened_by } => format!(
                "a person opened this incident ({}); only a person may close it or lower its severity",
                opened_by.key()
            ),
            Refusal::AnothersIncident { opened_by } => format!(
                "{} opened this incident; only it, or a person, may close it or lower its severity",
                opened_by.key()
            ),
        }
    }
}

/// The one rule for who may change what, for every intake alike:
/// - a person may change any incident;
/// - an automatic intake (Alertmanager, a monitor, a probe) may raise any incident's
///   severity, but lowers or resolves only what it opened itself — except that a probe
///   may resolve a person's incident when the deployment says so
///   (`probes.resolve_admin_incidents`).
pub fn may_change(
    by: Source,
    open: &Incident,
    lowers_or_resolves: bool,
    probes_resolve_persons: bool,
) -> Result<(), Refusal> {
    if by.is_person() || !lowers_or_resolves || by.same_intake(open.source) {
        return Ok(());
    }
    if open.source.is_person() {
        if by == Source::Probe && probes_resolve_persons {
            return Ok(());
        }
        return Err(Refusal::PersonsIncident {
            opened_by: open.source,
        });
    }
    Err(Refusal::AnothersIncident {
        opened_by: open.source,
    })
}

/// Whether moving `open` to `severity` lowers it.
pub fn lowers(open: &Incident, severity: Severity) -> bool {
    severity.rank() < open.severity.rank()
}

/// What happened to an incident; each event is one notice to every subscriber.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum IncidentEvent {
    Opened(Severity),
    SeverityChanged(Severity),
    Updated(Phase),
    Resolved,
}

/// One line of an incident's timeline.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct TimelineEntry {
    /// When the event was posted (UTC).
    pub at: DateTime<Utc>,
    pub event: IncidentEvent,
    pub text: LocalizedText,
}

#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Incident {
    pub id: u64,
    pub service: ServiceId,
    pub severity: Severity,
    pub phase: Phase,
    pub started_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub source: Source,
    /// Every event in order; the first is always `Opened`. At most `MAX_TIMELINE`:
    /// older updates are folded away (the opening entry stays).
    pub timeline: Vec<TimelineEntry>,
    /// How many updates were folded away.
    pub folded: u32,
    /// Minutes fully down in the spells of outage folded away (`time_fully_down`).
    pub minutes_down_folded: u32,
}

/// What is kept of a service's incidents once they are older than the history keeps
/// (`history.keep_days`): how many there were, how long they lasted in all, and since
/// when. `/history` and the API still show it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PastIncidents {
    pub count: u64,
    /// Down or degraded, all together.
    pub downtime: Duration,
    /// When the earliest of them began.
    pub since: DateTime<Utc>,
}

impl PastIncidents {
    /// What a resolved incident adds to its service's summary (`None` while open).
    pub fn of(incident: &Incident) -> Option<PastIncidents> {
        let end = incident.resolved_at?;
        Some(PastIncidents {
            count: 1,
            downtime: (end - incident.started_at).max(Duration::zero()),
            since: incident.started_at,
        })
    }

    /// Both summaries as one.
    pub fn and(self, other: PastIncidents) -> PastIncidents {
        PastIncidents {
            count: self.count + other.count,
            downtime: self.downtime + other.downtime,
            since: self.since.min(other.since),
        }
    }
}

/// The most entries an incident keeps: a monitor repeating itself all day must not grow
/// it without bound.
pub const MAX_TIMELINE: usize = 50;

/// Whether a change came within an incident's first minute: nobody tells such a change
/// apart from how it began.
fn within_its_first_minute(after_start: Duration) -> bool {
    after_start < Duration::minutes(1)
}

/// What an automatic intake holds against a service: an Alertmanager alert that fires, a
/// monitor that says down. The service is back when none is left.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Alarm {
    pub severity: Severity,
    /// What the intake said (its summary), cut to `MAX_ALARM_TEXT` characters.
    pub text: String,
    /// When the intake last said it fires (`None` for alarms kept before this was).
    pub seen: Option<DateTime<Utc>>,
}

/// The most of an intake's words an alarm keeps (a bound on what is stored): a notice
/// cuts them further, to its own limit, with an ellipsis.
pub const MAX_ALARM_TEXT: usize = 4_096;
/// An alarm the intake has not repeated for this long is no longer weighed: Alertmanager
/// repeats a firing alert every `repeat_interval` (4 h by default), so one silent for a
/// day was resolved without a word reaching us.
pub const ALARM_MAX_AGE: chrono::Duration = chrono::Duration::hours(24);
/// The most alarms one intake keeps for one service; past it, new ones are not kept.
pub const MAX_ALARMS_PER_SERVICE: usize = 200;

impl Alarm {
    /// An alarm `severity`, in the intake's `text` (cut to `MAX_ALARM_TEXT`); the desk
    /// says when it was seen as it records it.
    pub fn new(severity: Severity, text: &str) -> Alarm {
        Alarm {
            severity,
            text: text.chars().take(MAX_ALARM_TEXT).collect(),
            seen: None,
        }
    }

    /// Whether it still counts at `now`.
    pub fn is_current(&self, now: DateTime<Utc>) -> bool {
        self.seen.is_none_or(|seen| now - seen < ALARM_MAX_AGE)
    }
}

/// A rule an incident event would break; each maps to an answer the admin reads.
#[derive(Clone, Copy, PartialEq, Eq, Debug, thiserror::Error)]
pub enum IncidentError {
    #[error("the incident is already resolved")]
    AlreadyResolved,
    #[error("the incident already has that severity")]
    SameSeverity,
}

impl Incident {
    pub fn open(
        id: u64,
        service: ServiceId,
        severity: Severity,
        text: LocalizedText,
        at: DateTime<Utc>,
        source: Source,
    ) -> Incident {
        Incident {
            id,
            service,
            severity,
            phase: Phase::Investigating,
            started_at: at,
            resolved_at: None,
            source,
            timeline: vec![TimelineEntry {
                at,
                event: IncidentEvent::Opened(severity),
                text,
            }],
            folded: 0,
            minutes_down_folded: 0,
        }
    }

    pub fn is_open(&self) -> bool {
        self.phase != Phase::Resolved
    }

    /// Adds an update, optionally moving to another open phase.
    pub fn update(
        &mut self,
        phase: Option<Phase>,
        text: LocalizedText,
        at: DateTime<Utc>,
    ) -> Result<IncidentEvent, IncidentError> {
        self.ensure_open()?;
        if let Some(phase) = phase.filter(|&p| p != Phase::Resolved) {
            self.phase = phase;
        }
        Ok(self.record(IncidentEvent::Updated(self.phase), text, at))
    }

    /// Moves an open incident to another severity (a slowdown that became an outage).
    pub fn change_severity(
        &mut self,
        severity: Severity,
        text: LocalizedText,
        at: DateTime<Utc>,
    ) -> Result<IncidentEvent, IncidentError> {
        self.ensure_open()?;
        if self.severity == severity {
            return Err(IncidentError::SameSeverity);
        }
        self.severity = severity;
        Ok(self.record(IncidentEvent::SeverityChanged(severity), text, at))
    }

    pub fn resolve(
        &mut self,
        text: LocalizedText,
        at: DateTime<Utc>,
    ) -> Result<IncidentEvent, IncidentError> {
        self.ensure_open()?;
        self.phase = Phase::Resolved;
        // A clock that went backwards must not give a negative outage.
        self.resolved_at = Some(at.max(self.started_at));
        Ok(self.record(IncidentEvent::Resolved, text, at))
    }

    /// How long the outage lasted, or has lasted by `now` while open.
    pub fn elapsed(&self, now: DateTime<Utc>) -> Duration {
        (self.resolved_at.unwrap_or(now) - self.started_at).max(Duration::zero())
    }

    pub fn latest(&self) -> &TimelineEntry {
        // `open` always records the first entry and entries are never removed.
        self.timeline
            .last()
            .expect("an incident always has its opening entry")
    }

    /// The worst severity the incident reached (a slowdown that became an outage, and
    /// an outage that eased, both reached an outage).
    pub fn worst_severity(&self) -> Severity {
        self.timeline
            .iter()
            .filter_map(|e| match e.event {
                IncidentEvent::Opened(s) | IncidentEvent::SeverityChanged(s) => Some(s),
                IncidentEvent::Updated(_) | IncidentEvent::Resolved => None,
            })
            .fold(self.severity, Severity::worst)
    }

    /// How it began: the severity it was opened with.
    pub fn opened_as(&self) -> Severity {
        match self.timeline.first().map(|e| e.event) {
            Some(IncidentEvent::Opened(severity)) => severity,
            _ => self.severity,
        }
    }

    /// How its severity went (see `Course`). A change within a minute of the start is
    /// how it began («এক মিনিটের মধ্যে» nobody tells apart).
    pub fn course(&self) -> Course {
        if !self.had_both() {
            return Course::Steady;
        }
        // Down, partly back and down again is neither "worsened" nor "eased".
        let changes = self
            .timeline
            .iter()
            .filter(|e| {
                matches!(e.event, IncidentEvent::SeverityChanged(_))
                    && !within_its_first_minute(e.at - self.started_at)
            })
            .count();
        if changes > 1 {
            return Course::Mixed;
        }
        match self.began_as() {
            Severity::Degraded => Course::Worsened,
            Severity::MajorOutage => Course::Eased,
        }
    }

    /// Whether it was both trouble and a full outage, for more than its first minute.
    pub fn had_both(&self) -> bool {
        let began_as = self.began_as();
        self.timeline.iter().any(|e| match e.event {
            IncidentEvent::SeverityChanged(severity) => {
                severity != began_as && !within_its_first_minute(e.at - self.started_at)
            }
            _ => false,
        })
    }

    /// How long, all told, an incident that was both trouble and a full outage was fully
    /// down, counted in whole minutes of the clock as its times are told («এর মধ্যে ৪০
    /// মিনিট সেবা পুরোপুরি বন্ধ ছিল»), up to its end or its latest entry. `None` when it
    /// was not both, or was down for less than a minute of it.
    pub fn time_fully_down(&self) -> Option<Duration> {
        if !self.had_both() {
            return None;
        }
        let clock_minute = |at: DateTime<Utc>| at.timestamp().div_euclid(60);
        let end = self.resolved_at.unwrap_or(self.latest().at);
        let mut down_from = (self.began_as() == Severity::MajorOutage).then_some(self.started_at);
        let mut minutes = 0;
        for entry in &self.timeline {
            if within_its_first_minute(entry.at - self.started_at) {
                continue;
            }
            match (entry.event, down_from) {
                (IncidentEvent::SeverityChanged(Severity::MajorOutage), None) => {
                    down_from = Some(entry.at)
                }
                (IncidentEvent::SeverityChanged(Severity::Degraded), Some(from)) => {
                    minutes += clock_minute(entry.at) - clock_minute(from);
                    down_from = None;
                }
                _ => {}
            }
        }
        if let Some(from) = down_from {
            minutes += clock_minute(end) - clock_minute(from);
        }
        minutes += i64::from(self.minutes_down_folded);
        (minutes > 0).then(|| Duration::minutes(minutes))
    }

    /// The severity it began with: the one it was opened with, or the one it changed to
    /// within its first minute.
    fn began_as(&self) -> Severity {
        self.timeline
            .iter()
            .take_while(|e| within_its_first_minute(e.at - self.started_at))
            .filter_map(|e| match e.event {
                IncidentEvent::Opened(s) | IncidentEvent::SeverityChanged(s) => Some(s),
                _ => None,
            })
            .last()
            .unwrap_or_else(|| self.opened_as())
    }

    /// When a full outage that began as trouble became one, while it still is one
    /// («… থেকে বিভ্রাট, … থেকে পুরোপুরি বন্ধ»).
    pub fn down_since(&self) -> Option<DateTime<Utc>> {
        self.since_it_became(Severity::MajorOutage)
    }

    /// When an outage that began fully down eased into trouble, while it still is
    /// trouble («… থেকে পুরোপুরি বন্ধ ছিল, … থেকে আংশিক চালু»).
    pub fn eased_since(&self) -> Option<DateTime<Utc>> {
        self.since_it_became(Severity::Degraded)
    }

    /// When it last changed to the severity it is at now: for one that went back and
    /// forth (`Course::Mixed`), up and down since its start and fully down again (or
    /// partly back) since then («… থেকে কখনো পুরোপুরি বন্ধ, কখনো আংশিক চালু; … থেকে আবার
    /// পুরোপুরি বন্ধ»).
    fn last_changed_to_now(&self) -> Option<DateTime<Utc>> {
        self.timeline
            .iter()
            .rev()
            .find(|e| e.event == IncidentEvent::SeverityChanged(self.severity))
            .map(|e| e.at)
    }

    /// How an open incident came to be as it is, and since when, told one way only: back
    /// and forth (`Mixed`, since its latest change), trouble that became an outage
    /// (`Worsened`, since it went down), an outage partly back (`Eased`, since it eased);
    /// `None` when its severity never changed after its first minute.
    pub fn latest_change(&self) -> Option<(Course, DateTime<Utc>)> {
        match self.course() {
            Course::Steady => None,
            Course::Mixed => self.last_changed_to_now().map(|at| (Course::Mixed, at)),
            Course::Worsened => self.down_since().map(|at| (Course::Worsened, at)),
            Course::Eased => self.eased_since().map(|at| (Course::Eased, at)),
        }
    }

    /// The latest change to `severity`, when the incident is at it now and began at
    /// the other.
    fn since_it_became(&self, severity: Severity) -> Option<DateTime<Utc>> {
        if self.severity != severity || self.began_as() == severity {
            return None;
        }
        self.timeline
            .iter()
            .rev()
            .find(|e| e.event == IncidentEvent::SeverityChanged(severity))
            .map(|e| e.at)
    }

    /// The latest entry that carries text, for `/status`.
    pub fn latest_with_text(&self) -> Option<&TimelineEntry> {
        self.timeline.iter().rev().find(|e| !e.text.is_empty())
    }

    fn ensure_open(&self) -> Result<(), IncidentError> {
        if self.is_open() {
            Ok(())
        } else {
            Err(IncidentError::AlreadyResolved)
        }
    }

    fn record(
        &mut self,
        event: IncidentEvent,
        text: LocalizedText,
        at: DateTime<Utc>,
    ) -> IncidentEvent {
        self.timeline.push(TimelineEntry { at, event, text });
        if self.timeline.len() > MAX_TIMELINE {
            // The opening entry and the changes of severity stay (how it went is told
            // from them); the oldest update goes, else the two oldest changes — a pair,
            // so the severities left still follow from one another (one change alone
            // gone would have the next look like no change at all; the minutes of the
            // spell between the two are then not counted in `time_fully_down`).
            // The entry just recorded always stays.
            let last = self.timeline.len() - 1;
            let kept_apart = &self.timeline[1..last];
            match kept_apart
                .iter()
                .position(|e| matches!(e.event, IncidentEvent::Updated(_)))
            {
                Some(i) => {
                    self.timeline.remove(i + 1);
                    self.folded += 1;
                }
                None => self.fold_a_spell_of_outage(last),
            }
        }
        event
    }

    /// Folds away the oldest spell of outage past the first minute (its "down" and the
    /// change after it: the severities left still follow from one another), counting
    /// its minutes in `minutes_down_folded`; never the entry just recorded (`last`).
    fn fold_a_spell_of_outage(&mut self, last: usize) {
        let spell = (1..last.saturating_sub(1)).find(|&i| {
            self.timeline[i].event == IncidentEvent::SeverityChanged(Severity::MajorOutage)
                && !within_its_first_minute(self.timeline[i].at - self.started_at)
        });
        // Only changes within the first minute, or none to pair: the oldest two go.
        let from = spell.unwrap_or(1);
        if let Some(i) = spell {
            let clock_minute = |at: DateTime<Utc>| at.timestamp().div_euclid(60);
            let minutes = clock_minute(self.timeline[i + 1].at) - clock_minute(self.timeline[i].at);
            self.minutes_down_folded = self
                .minutes_down_folded
                .saturating_add(u32::try_from(minutes.max(0)).unwrap_or(u32::MAX));
        }
        self.timeline.drain(from..from + 2);
        self.folded += 2;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2022, 11, 1, h, m, 0).unwrap()
    }

    fn whatsapp_down() -> Incident {
        Incident::open(
            1,
            ServiceId::parse("whatsapp").unwrap(),
            Severity::MajorOutage,
            LocalizedText::parse("Messages fail"),
            at(6, 30),
            Source::Admin(UserId(7)),
        )
    }

    #[test]
    fn an_incident_walks_through_its_phases_and_resolves() {
        let mut i = whatsapp_down();
        assert_eq!(i.phase, Phase::Investigating);
        assert_eq!(
            i.update(Some(Phase::Identified), LocalizedText::default(), at(7, 0)),
            Ok(IncidentEvent::Updated(Phase::Identified))
        );
        assert_eq!(
            i.update(None, LocalizedText::parse("still"), at(7, 30)),
            Ok(IncidentEvent::Updated(Phase::Identified))
        );
        assert_eq!(
            i.update(Some(Phase::Monitoring), LocalizedText::default(), at(8, 0)),
            Ok(IncidentEvent::Updated(Phase::Monitoring))
        );
        assert_eq!(
            i.resolve(LocalizedText::default(), at(8, 22)),
            Ok(IncidentEvent::Resolved)
        );
        assert!(!i.is_open());
        assert_eq!(i.elapsed(at(23, 0)), Duration::minutes(112));
        assert_eq!(i.timeline.len(), 5);
        assert_eq!(
            i.latest_with_text().map(|e| &e.text),
            Some(&LocalizedText::parse("still"))
        );
    }

    #[test]
    fn a_resolved_incident_takes_no_more_events() {
        let mut i = whatsapp_down();
        i.resolve(LocalizedText::default(), at(8, 0)).unwrap();
        assert_eq!(
            i.resolve(LocalizedText::default(), at(9, 0)),
            Err(IncidentError::AlreadyResolved)
        );
        assert_eq!(
            i.update(None, LocalizedText::default(), at(9, 0)),
            Err(IncidentError::AlreadyResolved)
        );
        assert_eq!(
            i.change_severity(Severity::Degraded, LocalizedText::default(), at(9, 0)),
            Err(IncidentError::AlreadyResolved)
        );
        assert_eq!(i.resolved_at, Some(at(8, 0)));
    }

    #[test]
    fn severity_changes_only_to_a_different_one() {
        let mut i = whatsapp_down();
        assert_eq!(
            i.change_severity(Severity::MajorOutage, LocalizedText::default(), at(7, 0)),
            Err(IncidentError::SameSeverity)
        );
        assert_eq!(
            i.change_severity(Severity::Degraded, LocalizedText::default(), at(7, 0)),
            Ok(IncidentEvent::SeverityChanged(Severity::Degraded))
        );
    }

    #[test]
    fn elapsed_never_goes_negative() {
        let mut i = whatsapp_down();
        assert_eq!(i.elapsed(at(6, 0)), Duration::zero());
        i.resolve(LocalizedText::default(), at(6, 0)).unwrap();
        assert_eq!(i.elapsed(at(6, 0)), Duration::zero());
    }

    #[test]
    fn update_cannot_resolve() {
        let mut i = whatsapp_down();
        i.update(Some(Phase::Resolved), LocalizedText::default(), at(7, 0))
            .unwrap();
        assert!(i.is_open());
        assert_eq!(Phase::parse_open("resolved"), None);
        assert_eq!(Phase::parse_open("Monitoring"), Some(Phase::Monitoring));
    }

    #[test]
    fn who_may_change_what() {
        let by_admin = whatsapp_down();
        let mut by_alertmanager = whatsapp_down();
        by_alertmanager.source = Source::Alertmanager;
        let lowering = true;
        // A person may do anything.
        for by in [
            Source::Admin(UserId(9)),
            Source::Api,
            Source::Crowd(UserId(3)),
        ] {
            assert_eq!(may_change(by, &by_alertmanager, lowering, false), Ok(()));
            assert_eq!(may_change(by, &by_admin, lowering, false), Ok(()));
        }
        // A machine may raise anyone's incident, but lower or resolve only its own.
        for by in [Source::Alertmanager, Source::Monitor, Source::Probe] {
            assert_eq!(may_change(by, &by_admin, !lowering, false), Ok(()));
            assert!(matches!(
                may_change(by, &by_admin, lowering, false),
                Err(Refusal::PersonsIncident { .. })
            ));
        }
        assert_eq!(
            may_change(Source::Alertmanager, &by_alertmanager, lowering, false),
            Ok(())
        );
        assert!(matches!(
            may_change(Source::Monitor, &by_alertmanager, lowering, false),
            Err(Refusal::AnothersIncident {
                opened_by: Source::Alertmanager
            })
        ));
        // The deployment may let probes close a person's incident.
        assert_eq!(may_change(Source::Probe, &by_admin, lowering, true), Ok(()));
        assert!(may_change(Source::Monitor, &by_admin, lowering, true).is_err());
    }

    #[test]
    fn an_outage_is_worse_than_a_slowdown() {
        use Severity::*;
        assert_eq!(Degraded.worst(MajorOutage), MajorOutage);
        assert_eq!(MajorOutage.worst(Degraded), MajorOutage);
        assert!(lowers(&whatsapp_down(), Degraded));
        assert!(!lowers(&whatsapp_down(), MajorOutage));
    }

    #[test]
    fn the_timeline_stays_short_and_counts_what_it_folded() {
        let mut i = whatsapp_down();
        for minute in 0..120 {
            i.update(
                None,
                LocalizedText::parse("still down"),
                at(7, 0) + Duration::minutes(minute),
            )
            .unwrap();
        }
        assert_eq!(i.timeline.len(), MAX_TIMELINE);
        assert_eq!(i.folded as usize, 121 - MAX_TIMELINE);
        assert_eq!(
            i.timeline[0].event,
            IncidentEvent::Opened(Severity::MajorOutage)
        );
        assert_eq!(i.latest().at, at(7, 0) + Duration::minutes(119));
    }

    /// bKash in trouble from 7:00, by the API.
    fn bkash_in_trouble_at_seven() -> Incident {
        Incident::open(
            1,
            ServiceId::parse("bkash").unwrap(),
            Severity::Degraded,
            LocalizedText::default(),
            at(7, 0),
            Source::Api,
        )
    }

    /// Trouble, then down, then many updates: the change stays, so the outage is still
    /// dated from it and the story told as it went.
    #[test]
    fn folding_keeps_the_changes_of_severity() {
        let mut i = bkash_in_trouble_at_seven();
        i.change_severity(Severity::MajorOutage, LocalizedText::default(), at(7, 20))
            .unwrap();
        for minute in 0..120 {
            i.update(
                None,
                LocalizedText::default(),
                at(8, 0) + Duration::minutes(minute),
            )
            .unwrap();
        }
        assert_eq!(i.timeline.len(), MAX_TIMELINE);
        assert_eq!(i.down_since(), Some(at(7, 20)));
        assert_eq!(i.course(), Course::Worsened);
    }

    /// `spells` spells of a minute fully down, one every two minutes from `from`.
    fn flap(i: &mut Incident, from: DateTime<Utc>, spells: i32) {
        for spell in 0..spells {
            let down = from + Duration::minutes(2 * i64::from(spell));
            i.change_severity(Severity::MajorOutage, LocalizedText::default(), down)
                .unwrap();
            let eased = down + Duration::minutes(1);
            i.change_severity(Severity::Degraded, LocalizedText::default(), eased)
                .unwrap();
        }
    }

    /// A flapping alarm's hundred changes of severity: folded two at a time, the rest
    /// still follow from one another (each a change from the one before), so the spells
    /// of outage left are each counted.
    #[test]
    fn folding_changes_keeps_them_in_step() {
        let mut i = bkash_in_trouble_at_seven();
        // Down within its first minute: how it began, kept through the folding.
        let first_minute = at(7, 0) + Duration::seconds(30);
        i.change_severity(
            Severity::MajorOutage,
            LocalizedText::default(),
            first_minute,
        )
        .unwrap();
        i.change_severity(
            Severity::Degraded,
            LocalizedText::default(),
            at(7, 0) + Duration::seconds(90),
        )
        .unwrap();
        // Sixty spells of a minute, folded away as they pile up.
        flap(&mut i, at(7, 3), 60);
        i.resolve(LocalizedText::default(), at(9, 30)).unwrap();
        assert!(i.timeline.len() <= MAX_TIMELINE);
        assert!(i.folded > 0);
        let mut severity = i.opened_as();
        for entry in &i.timeline[1..] {
            if let IncidentEvent::SeverityChanged(next) = entry.event {
                assert_ne!(next, severity, "a change that changes nothing: {entry:?}");
                severity = next;
            }
        }
        // How it began stays (down within the first minute, then eased), and every
        // minute fully down is counted, folded or not: 7:00 to 7:01, then sixty.
        assert_eq!(i.timeline[1].at, first_minute);
        assert_eq!(i.course(), Course::Mixed, "it went back and forth");
        assert_eq!(i.time_fully_down(), Some(Duration::minutes(1 + 60)));
    }

    /// The update just recorded is never the one folded away, even when it is the only
    /// update among changes of severity.
    #[test]
    fn the_newest_update_is_never_folded_away() {
        let mut i = bkash_in_trouble_at_seven();
        flap(&mut i, at(7, 1), 30);
        i.update(None, LocalizedText::parse("Payments work again"), at(9, 0))
            .unwrap();
        assert_eq!(
            i.latest_with_text().map(|e| e.at),
            Some(at(9, 0)),
            "the newest update is kept"
        );
    }

    /// A change within the first minute is how it began: simply down, not "trouble,
    /// then down" at the same clock.
    #[test]
    fn a_change_within_the_first_minute_is_how_it_began() {
        let mut i = bkash_in_trouble_at_seven();
        i.change_severity(
            Severity::MajorOutage,
            LocalizedText::default(),
            at(7, 0) + Duration::seconds(30),
        )
        .unwrap();
        assert_eq!(i.down_since(), None);
        assert!(!i.had_both());
        assert_eq!(i.course(), Course::Steady);
        // Eased later: down first, then trouble.
        i.change_severity(Severity::Degraded, LocalizedText::default(), at(7, 40))
            .unwrap();
        assert_eq!(i.course(), Course::Eased);
        // Down again at the end: back and forth, neither order alone.
        i.change_severity(Severity::MajorOutage, LocalizedText::default(), at(7, 50))
            .unwrap();
        assert_eq!(i.course(), Course::Mixed);
        assert!(i.had_both());
    }

    /// The time fully down within an incident that was both, in clock minutes: each
    /// spell of outage counted, the first minute's change taken as the start.
    #[test]
    fn the_time_fully_down_adds_up_every_spell_of_it() {
        let mut i = bkash_in_trouble_at_seven();
        assert_eq!(i.time_fully_down(), None);
        i.change_severity(
            Severity::MajorOutage,
            LocalizedText::default(),
            at(7, 20) + Duration::seconds(50),
        )
        .unwrap();
        // Open: counted to its latest entry.
        i.update(None, LocalizedText::default(), at(7, 30)).unwrap();
        assert_eq!(i.time_fully_down(), Some(Duration::minutes(10)));
        i.change_severity(Severity::Degraded, LocalizedText::default(), at(7, 45))
            .unwrap();
        i.change_severity(Severity::MajorOutage, LocalizedText::default(), at(8, 0))
            .unwrap();
        i.resolve(LocalizedText::default(), at(8, 5) + Duration::seconds(10))
            .unwrap();
        assert_eq!(i.time_fully_down(), Some(Duration::minutes(25 + 5)));

        // Down from its first minute, trouble from 7:40: down for 40 minutes.
        let mut i = bkash_in_trouble_at_seven();
        let first_minute = at(7, 0) + Duration::seconds(40);
        i.change_severity(
            Severity::MajorOutage,
            LocalizedText::default(),
            first_minute,
        )
        .unwrap();
        i.change_severity(Severity::Degraded, LocalizedText::default(), at(7, 40))
            .unwrap();
        i.resolve(LocalizedText::default(), at(9, 0)).unwrap();
        assert_eq!(i.time_fully_down(), Some(Duration::minutes(40)));

        // Down for seconds in the middle: too little to say in minutes.
        let mut i = bkash_in_trouble_at_seven();
        let (down, eased) = (
            at(7, 30) + Duration::seconds(5),
            at(7, 30) + Duration::seconds(50),
        );
        i.change_severity(Severity::MajorOutage, LocalizedText::default(), down)
            .unwrap();
        i.change_severity(Severity::Degraded, LocalizedText::default(), eased)
            .unwrap();
        i.resolve(LocalizedText::default(), at(8, 0)).unwrap();
        assert!(i.had_both());
        assert_eq!(i.time_fully_down(), None);
    }
}

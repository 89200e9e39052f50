//! The store's trees by name, in one place: opening, backups and the store's own count
//! go through this list, and a new tree must say here whether a backup carries it (the
//! match below does not compile, under test, until it does). Error messages still name
//! a tree by its string.

/// One of the store's sled trees (`meta` aside: it holds the layout and the count).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum TreeName {
    ChatPages,
    SubPages,
    Incidents,
    Open,
    Outbox,
    Reports,
    Alerts,
    Muted,
    Listed,
    Quarantine,
    Alarms,
    History,
    Maintenance,
    IncidentIndex,
    Answers,
    Threads,
    ChannelPosts,
    TakenUpdates,
    ReportCounts,
    ReportBaseline,
}

impl TreeName {
    /// Every tree: those a backup carries, then those it does not.
    pub const ALL: [TreeName; 20] = {
        // `BACKED_UP`, then the five a backup leaves out: each tree listed once.
        let mut all = [TreeName::IncidentIndex; 20];
        let mut i = 0;
        while i < TreeName::BACKED_UP.len() {
            all[i] = TreeName::BACKED_UP[i];
            i += 1;
        }
        all[16] = TreeName::Answers;
        all[17] = TreeName::Threads;
        all[18] = TreeName::ChannelPosts;
        all[19] = TreeName::TakenUpdates;
        all
    };

    /// The trees a backup carries, in the order its body holds them (the backup
    /// format: append, never reorder).
    pub const BACKED_UP: [TreeName; 15] = [
        TreeName::ChatPages,
        TreeName::SubPages,
        TreeName::Incidents,
        TreeName::Open,
        TreeName::Outbox,
        TreeName::Reports,
        TreeName::Alerts,
        TreeName::Muted,
        TreeName::Listed,
        TreeName::Quarantine,
        TreeName::Alarms,
        TreeName::History,
        TreeName::Maintenance,
        TreeName::ReportCounts,
        TreeName::ReportBaseline,
    ];

    /// The name sled keeps it under (and backups and counts use).
    pub const fn name(self) -> &'static str {
        match self {
            TreeName::ChatPages => "chat_pages",
            TreeName::SubPages => "sub_pages",
            TreeName::Incidents => "incidents",
            TreeName::Open => "open",
            TreeName::Outbox => "outbox",
            TreeName::Reports => "reports",
            TreeName::Alerts => "alerts",
            TreeName::Muted => "muted",
            TreeName::Listed => "listed",
            TreeName::Quarantine => "quarantine",
            TreeName::Alarms => "alarms",
            TreeName::History => "history",
            TreeName::Maintenance => "maintenance",
            TreeName::IncidentIndex => "incident_index",
            TreeName::Answers => "answers",
            TreeName::Threads => "threads",
            TreeName::ChannelPosts => "channel_posts",
            TreeName::TakenUpdates => "taken_updates",
            TreeName::ReportCounts => "report_counts",
            TreeName::ReportBaseline => "report_baseline",
        }
    }

    /// Whether a backup carries it, and the store's own count covers it: the test below
    /// holds `BACKED_UP` to it, and a new tree does not compile (under test, as in CI)
    /// until it says.
    #[cfg(test)]
    pub(crate) const fn backed_up(self) -> bool {
        match self {
            TreeName::ChatPages
            | TreeName::SubPages
            | TreeName::Incidents
            | TreeName::Open
            | TreeName::Outbox
            | TreeName::Reports
            | TreeName::Alerts
            | TreeName::Muted
            | TreeName::Listed
            | TreeName::Quarantine
            | TreeName::Alarms
            | TreeName::History
            | TreeName::Maintenance
            // The weeks of usual numbers a surge is measured against, and the counts
            // the API and the alerts read: weeks to learn again.
            | TreeName::ReportCounts
            | TreeName::ReportBaseline => true,
            // Derived from `incidents`: built again after an import.
            TreeName::IncidentIndex => false,
            // Answers to retried HTTP writes, good for a day: a restored store is not
            // the one the client wrote to.
            TreeName::Answers => false,
            // Message ids to reply to while a story runs: a restored store only loses
            // the threading of the notices still to come, which then arrive on their own.
            TreeName::Threads => false,
            // Each channel's post of an incident still running: a restored store posts
            // what is still open anew, rather than edit a post it cannot know.
            TreeName::ChannelPosts => false,
            // What people sent in the last moments, until it is handled: a restored
            // store is not where it was taken.
            TreeName::TakenUpdates => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::TreeName;

    #[test]
    fn every_tree_is_listed_once_and_backed_up_exactly_when_it_says() {
        let mut names: Vec<&str> = TreeName::ALL.iter().map(|t| t.name()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), TreeName::ALL.len(), "a name twice");
        let backed_up: Vec<TreeName> = TreeName::ALL
            .into_iter()
            .filter(|t| t.backed_up())
            .collect();
        let mut in_order = TreeName::BACKED_UP.to_vec();
        in_order.sort();
        assert_eq!(backed_up, in_order);
    }
}

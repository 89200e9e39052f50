## /settings, /quiet and /only: how a chat hears notices.

settings-heading = ⚙️ This chat's notification settings:
# Variables: $from, $to (the quiet hours, in the chat's own clock) are passed when on.
settings-quiet = { $quiet ->
        [on] 🌙 Quiet hours from { $from } to { $to }: notices arrive silently then.
       *[off] 🔔 No quiet hours: every notice arrives with a sound.
    }
settings-only = { $only ->
        [on] 📢 Only full outages, and when they end.
       *[off] 📢 Every notice: outages, slowdowns and the news in between.
    }
settings-maintenance = { $announced ->
        [on] 🔧 Planned maintenance is announced.
       *[off] 🔧 Planned maintenance is not announced.
    }
settings-footer = Change them with the buttons, or write /quiet 22:00-07:00, /quiet off, /only outages, /only all.
settings-button-quiet-night = 🌙 Quiet from { $from } to { $to }
settings-button-quiet-off = 🔔 Turn quiet hours off
settings-button-only-outages = 📢 Only full outages
settings-button-all = 📢 Every notice
settings-button-maintenance-off = 🔧 Don't announce maintenance
settings-button-maintenance-on = 🔧 Announce maintenance
quiet-set = 🌙 Done: between { $from } and { $to }, notices will still arrive straight away, but silently. To turn this off: /quiet off
quiet-off = 🔔 Done: every notice arrives with a sound again.
only-outages-set = 📢 Done: you will hear only when a service is fully down, and when it is back. To hear everything again: /only all
only-all-set = 📢 Done: you will hear every notice again, slowdowns and news included.
usage-quiet =
    /quiet 22:00-07:00
    (notices in those hours arrive without a sound; /quiet off turns this off)
usage-only =
    /only outages
    (only full outages and when they are over; /only all for every notice)
error-quiet-hours =
    “{ $typed }” isn't a time range we can read. Write the start and end, for example:
    /quiet 22:00-07:00

## The public status page, its Atom feed and its JSON: anyone may read them.

# The page's name when the operator gives none (`[page] name`).
page-title = Service status
# The banner at the top. $count is how many services are in that condition.
page-overall = { $condition ->
        [outage] { $count ->
            [one] One service is down
           *[other] { $count } services are down
        }
        [degraded] { $count ->
            [one] One service is having problems
           *[other] { $count } services are having problems
        }
        [maintenance] { $count ->
            [one] Maintenance under way on one service
           *[other] Maintenance under way on { $count } services
        }
        [unknown] No status information yet
       *[operational] All services are working normally
    }
# A service's state now, and the legend of the day strip.
page-state = { $condition ->
        [outage] Down
        [degraded] Having problems
        [maintenance] Under maintenance
        [unknown] No record
       *[operational] Working normally
    }
page-languages = Language
page-open-heading = Happening now
page-maintenance-heading = Planned maintenance
page-services-heading = Services over the past { $days } days
page-past-heading = Incidents in the past { $days } days
page-past-none = No incidents in the past { $days } days.
# The day strip's accessible name.
page-strip-label = { $service }, the past { $days } days, oldest first
# One cell of the strip, read aloud and shown on hover: "3 Dec: down for 2 hours 10 minutes".
# $today: the day is not over ("so far").
page-day = { $condition ->
        [outage] { $date }: down for { $outage }{ $also_degraded ->
            [yes] , problems for { $degraded }
           *[no] {""}
        }{ $today ->
            [yes] {" "}so far
           *[no] {""}
        }
        [degraded] { $date }: problems for { $degraded }{ $today ->
            [yes] {" "}so far
           *[no] {""}
        }
        [maintenance] { $date }: maintenance for { $maintenance }{ $today ->
            [yes] {" "}so far
           *[no] {""}
        }
        [unknown] { $date }: no record kept
       *[operational] { $date }: no problems{ $today ->
            [yes] {" "}so far
           *[no] {""}
        }
    }
# Uptime: the share of the time the service worked (planned maintenance not counted against it).
# $partial is yes when the records began less than $days days ago, on $since.
page-uptime = Working normally { NUMBER($percent, maximumFractionDigits: 2) }% of the time { $partial ->
        [yes] since { $since }
       *[no] in the past { $days } days
    }
page-uptime-none = Not enough history yet to show uptime.
# An incident's title on the page and in the feed.
page-incident-title = { $severity ->
        [degraded] { $service } disruption
       *[major] { $service } outage
    }
page-maintenance-title = { $service }: planned maintenance
# Variables: $until and $lasting are passed too.
page-maintenance-span = { $service } maintenance, { $start } to { $end }
# A window's story in the feed, a step at a time, newest first: its label…
page-maintenance-step = { $stage ->
        [scheduled] Planned
        [reminder] Reminder
        [started] Under way
        [extended] Extended
        [ended] Completed
        [ended_early] Ended early
       *[cancelled] Cancelled
    }
# …and what a step after the plan says (the plan tells its span and the admin's words;
# "under way" says when it should be back only while it runs).
# Variables: $start, $end and $lasting are passed too.
page-maintenance-step-words = { $stage ->
        [started] { $service } should be back by { $until }.
        [extended] It now runs until { $until }.
        [cancelled] { $service } will not be interrupted.
       *[other] { $service } should be working normally again.
    }
# When an incident happened. Variables: $until and $lasting are passed too.
page-incident-when = { $ongoing ->
        [yes] { $short ->
            [yes] Since { $start } (just now)
           *[no] Since { $start } ({ $duration } so far)
        }
       *[no] { $short ->
            [yes] { $start } (less than a minute)
           *[no] { $start } to { $end } ({ $duration })
        }
    }
# A timeline entry's label.
page-phase = { $step ->
        [opened] { $severity ->
            [degraded] Problems
           *[major] Down
        }
        [severity] { $severity ->
            [degraded] Partly restored
           *[major] Full outage
        }
        [identified] Identified
        [monitoring] Monitoring
        [resolved] Resolved
       *[investigating] Investigating
    }
# What a timeline entry means when nobody wrote anything with it.
page-event = { $step ->
        [opened] { $severity ->
            [degraded] { $service } is slow or partly failing.
           *[major] { $service } is not working.
        }
        [severity] { $severity ->
            [degraded] { $service } works again, but not fully.
           *[major] { $service } has stopped working altogether.
        }
        [identified] The cause has been found and a fix is under way.
        [monitoring] A fix is in place and is being monitored.
        [resolved] { $service } is working normally again.
       *[investigating] The cause is being investigated.
    }
page-folded = { $count ->
        [one] One earlier update is not shown.
       *[other] { $count } earlier updates are not shown.
    }
page-at = { $at }
# English names the clock once per page (an English reader may be in Kolkata or Dhaka);
# Bengali readers each have their own clock.
page-updated = Last change at { $at } · All times are { $zone } time
# The link to the Statuspage-compatible JSON, for those who build on it.
page-json-link = JSON for developers
page-feed-link = Atom feed
page-feed-title = { $name }: incidents and maintenance
page-back = ← All services
page-not-found = There is no such page.
